//! Where the statistics' marks go: the geometry of the bar charts and of the month-by-month
//! timeline, in whole chart units (an SVG user unit each), so that every number the app writes
//! into an SVG is an integer.
//!
//! Not here: colours and drawing, which are the app's, and the counts, which are `stats`'.

use chrono::{Datelike, NaiveDate};

use crate::order::order_by;
use crate::stats::{Bar, Month};

/// A horizontal bar chart: one row a bar, its label on the left, its count after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarLayout {
    pub width: i32,
    pub height: i32,
    /// Where the labels end (right-aligned) and the bars begin.
    pub label_end: i32,
    pub bar_start: i32,
    pub rows: Vec<BarRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarRow {
    pub label: String,
    pub count: usize,
    /// Baseline of the row's texts.
    pub text_y: i32,
    pub bar_y: i32,
    pub bar_height: i32,
    /// At least one unit, so that a count of one is still seen.
    pub bar_width: i32,
    /// Where the count is written, just after the bar.
    pub value_x: i32,
}

const BAR_ROW: i32 = 22;
const BAR_CHART_WIDTH: i32 = 600;
const BAR_LABEL_WIDTH: i32 = 250;
/// Room after the longest bar for its count.
const BAR_VALUE_ROOM: i32 = 50;

/// Lays out `bars` in their order; the longest bar is the largest count.
pub fn bar_layout(bars: &[Bar]) -> BarLayout {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let room = (BAR_CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_ROOM) as usize;
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let top = i as i32 * BAR_ROW + 2;
            let bar_width = ((room * b.count + max / 2) / max).max(1) as i32;
            BarRow {
                label: b.label.clone(),
                count: b.count,
                text_y: top + 15,
                bar_y: top + 3,
                bar_height: BAR_ROW - 6,
                bar_width,
                value_x: BAR_LABEL_WIDTH + bar_width + 6,
            }
        })
        .collect();
    BarLayout {
        width: BAR_CHART_WIDTH,
        height: BAR_ROW * bars.len() as i32 + 4,
        label_end: BAR_LABEL_WIDTH - 8,
        bar_start: BAR_LABEL_WIDTH,
        rows,
    }
}

/// The time axis of the charts of labels in force: one column a month, the largest count at the
/// top, each January's year below and the as-of date marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeAxis {
    pub width: i32,
    pub height: i32,
    /// The plot's left and right edges, its top and its baseline (the axis).
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub baseline: i32,
    /// The largest count, written at the top of the axis.
    pub peak: usize,
    /// Each January: where its column starts, and the year.
    pub years: Vec<(i32, i32)>,
    /// The middle of the as-of date's month, when the axis has it.
    pub marker: Option<i32>,
}

/// A chart of labels in force month by month: one stepped line per series on a shared axis,
/// each labelled directly, at its highest point (the statistics' one series is drawn as an
/// area, `LinesLayout::area`; the comparison's as lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinesLayout {
    pub axis: TimeAxis,
    /// In the order of the series.
    pub lines: Vec<LineMark>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMark {
    pub path: String,
    /// Where the label's text is centred, and its baseline.
    pub label_x: i32,
    pub label_y: i32,
}

/// Chart units per month: every column is the same width.
pub const MONTH_WIDTH: i32 = 5;
const TIMELINE_LEFT: i32 = 36;
/// Room for a year label centred on the last January.
const TIMELINE_RIGHT_MARGIN: i32 = 18;
const TIMELINE_HEIGHT: i32 = 180;
const TIMELINE_TOP: i32 = 8;
const TIMELINE_BOTTOM: i32 = 22;
/// A line label's height and, per character, its width (12-unit text), to keep labels apart.
const LABEL_HEIGHT: i32 = 13;
const LABEL_CHAR_WIDTH: i32 = 7;

impl TimeAxis {
    fn new(months: &[Month], peak: usize, asof: NaiveDate) -> TimeAxis {
        let x = |i: usize| TIMELINE_LEFT + MONTH_WIDTH * i as i32;
        let right = x(months.len());
        TimeAxis {
            width: right + TIMELINE_RIGHT_MARGIN,
            height: TIMELINE_HEIGHT,
            left: TIMELINE_LEFT,
            right,
            top: TIMELINE_TOP,
            baseline: TIMELINE_HEIGHT - TIMELINE_BOTTOM,
            peak,
            years: months
                .iter()
                .enumerate()
                .filter(|(_, m)| m.month == 1)
                .map(|(i, m)| (x(i), m.year))
                .collect(),
            marker: months
                .iter()
                .position(|m| m.year == asof.year() && m.month == asof.month())
                .map(|i| x(i) + MONTH_WIDTH / 2),
        }
    }

    /// The left edge of month `i`'s column.
    pub fn month_x(&self, i: usize) -> i32 {
        self.left + MONTH_WIDTH * i as i32
    }

    /// The month whose column holds chart position `x`, held to the months there are.
    pub fn month_at(&self, x: f64, months: usize) -> Option<usize> {
        let last = months.checked_sub(1)?;
        let i = ((x - f64::from(self.left)) / f64::from(MONTH_WIDTH)).floor();
        Some(if i <= 0.0 { 0 } else { (i as usize).min(last) })
    }

    /// The height of a count: the peak at the top, none on the baseline.
    pub fn y(&self, count: usize) -> i32 {
        let max = self.peak.max(1);
        let plot = (self.baseline - self.top) as usize;
        self.baseline - ((plot * count.min(max) + max / 2) / max) as i32
    }

    /// A stepped path through the months' counts.
    fn steps(&self, months: &[Month]) -> String {
        let mut path = String::new();
        for (i, m) in months.iter().enumerate() {
            let cmd = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!(
                "{cmd}{},{}H{}",
                self.month_x(i),
                self.y(m.count),
                self.month_x(i + 1)
            ));
        }
        path
    }
}

impl LinesLayout {
    /// Line `i` closed down to the baseline: an area. Empty for no line or no months.
    pub fn area(&self, i: usize) -> String {
        let Some(line) = self.lines.get(i).filter(|l| !l.path.is_empty()) else {
            return String::new();
        };
        format!(
            "{}V{}H{}Z",
            line.path,
            self.axis.baseline,
            self.axis.month_x(0)
        )
    }
}

/// `series`: each line's months (all on the same axis) and its label.
pub fn lines_layout(series: &[(&[Month], &str)], asof: NaiveDate) -> LinesLayout {
    let longest = series
        .iter()
        .map(|(m, _)| *m)
        .max_by_key(|m| m.len())
        .unwrap_or(&[]);
    let peak_of = |months: &[Month]| months.iter().map(|m| m.count).max().unwrap_or(0);
    let peak = series.iter().map(|(m, _)| peak_of(m)).max().unwrap_or(0);
    let axis = TimeAxis::new(longest, peak, asof);
    // Labels go above their line's first highest month, the tallest line first; one that would
    // overlap a label already placed moves down a line.
    let mut placed: Vec<(i32, i32, i32)> = Vec::new();
    let order = order_by(series.len(), &|a, b| {
        peak_of(series[b].0).cmp(&peak_of(series[a].0))
    });
    let mut labels = vec![(0, 0); series.len()];
    for k in order {
        let (months, label) = series[k];
        let at = months
            .iter()
            .position(|m| m.count == peak_of(months))
            .unwrap_or(0);
        let half = LABEL_CHAR_WIDTH * label.chars().count() as i32 / 2 + 8;
        // Not `clamp`: on a chart narrower than the label, it stays at the left edge.
        let x = (axis.month_x(at) + MONTH_WIDTH / 2)
            .min(axis.right - half)
            .max(axis.left + half);
        let mut y = (axis.y(peak_of(months)) - 4).max(axis.top + LABEL_HEIGHT);
        while placed
            .iter()
            .any(|&(px, py, ph)| (px - x).abs() < ph + half && (py - y).abs() < LABEL_HEIGHT)
        {
            y += LABEL_HEIGHT;
        }
        placed.push((x, y, half));
        labels[k] = (x, y);
    }
    LinesLayout {
        lines: series
            .iter()
            .zip(labels)
            .map(|((months, _), (label_x, label_y))| LineMark {
                path: axis.steps(months),
                label_x,
                label_y,
            })
            .collect(),
        axis,
    }
}

/// "2016-03": how a month is written in the timeline's summary and table.
pub fn month_label(m: &Month) -> String {
    format!("{}-{:02}", m.year, m.month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, count: usize) -> Bar {
        Bar {
            key: label.to_lowercase(),
            label: label.to_string(),
            count,
        }
    }

    #[test]
    fn bars_scale_to_the_largest_count() {
        let layout = bar_layout(&[bar("ICT", 38), bar("Food", 19), bar("Gold", 0)]);
        let widths: Vec<i32> = layout.rows.iter().map(|r| r.bar_width).collect();
        assert_eq!(widths, [300, 150, 1]);
        assert_eq!(layout.height, 3 * 22 + 4);
        assert_eq!(layout.rows[1].text_y, 22 + 2 + 15);
        assert_eq!(layout.rows[0].value_x, 250 + 300 + 6);
        assert_eq!(bar_layout(&[]).height, 4);
    }

    fn month(year: i32, month: u32, count: usize) -> Month {
        Month { year, month, count }
    }

    #[test]
    fn the_timeline_steps_month_by_month() {
        let months = [month(2015, 12, 2), month(2016, 1, 4), month(2016, 2, 0)];
        let asof = NaiveDate::from_ymd_opt(2016, 1, 20).unwrap();
        let t = lines_layout(&[(&months, "")], asof);
        assert_eq!(t.area(0), "M36,83H41L41,8H46L46,158H51V158H36Z");
        let a = &t.axis;
        assert_eq!(a.years, [(41, 2016)]);
        assert_eq!(a.marker, Some(43));
        assert_eq!((a.peak, a.right, a.width), (4, 51, 69));
        assert_eq!(a.month_at(40.0, 3), Some(0));
        assert_eq!(a.month_at(42.0, 3), Some(1));
        assert_eq!(a.month_at(-100.0, 3), Some(0));
        assert_eq!(a.month_at(1e9, 3), Some(2));
        assert_eq!(a.month_at(40.0, 0), None);
        assert_eq!(a.month_x(2), 46);
        let none = lines_layout(&[(&[], "")], asof);
        assert_eq!((none.area(0).as_str(), none.axis.marker), ("", None));
        assert_eq!(none.area(1), "");
    }

    #[test]
    fn lines_share_one_axis_and_their_labels_do_not_overlap() {
        let asof = NaiveDate::from_ymd_opt(2016, 1, 20).unwrap();
        // Three years of months; the lines differ in their first three.
        let series = |first: [usize; 3]| -> Vec<Month> {
            (0..36)
                .map(|i| {
                    month(
                        2015 + i / 12,
                        (i % 12) as u32 + 1,
                        first.get(i as usize).copied().unwrap_or(0),
                    )
                })
                .collect()
        };
        let (a, b, c) = (series([2, 4, 0]), series([1, 4, 1]), series([0, 1, 2]));
        let l = lines_layout(&[(&a, "Spain"), (&b, "France"), (&c, "Italy")], asof);
        assert_eq!(l.axis.peak, 4);
        assert!(
            l.lines[0].path.starts_with("M36,83H41L41,8H46L46,158H51"),
            "{}",
            l.lines[0].path
        );
        assert_eq!(l.lines.len(), 3);
        // Spain and France peak in the same month: France's label moves below Spain's.
        let (spain, france) = (&l.lines[0], &l.lines[1]);
        assert!(france.label_y >= spain.label_y + LABEL_HEIGHT, "{l:?}");
        for m in &l.lines {
            assert!(
                m.label_y > l.axis.top && m.label_x >= l.axis.left && m.label_x <= l.axis.right
            );
        }
        let none = lines_layout(&[], asof);
        assert!(none.lines.is_empty() && none.axis.years.is_empty());
    }
}
