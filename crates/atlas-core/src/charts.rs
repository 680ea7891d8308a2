//! Where the statistics' marks go: the geometry of the bar charts and of the month-by-month
//! timeline, in whole chart units, so that every number the app writes into an SVG is an
//! integer. A chart is laid out for the width it is shown at (one unit a CSS pixel), so that its
//! text is the page's size whatever that width: the app measures it and lays the chart out again.
//!
//! Not here: colours and drawing, which are the app's, and the counts, which are `stats`'.

use chrono::{Datelike, NaiveDate};

use crate::dates;
use crate::order::order_by;
use crate::stats::{Bar, Month};

/// Estimated width of a character of chart text (0.85rem, as `style/main.css` sets it), rounded
/// up so that room made for a text is never short.
pub const CHAR_WIDTH: i32 = 8;
/// The narrowest and widest a chart is laid out for, whatever is measured.
const MIN_WIDTH: i32 = 280;
const MAX_WIDTH: i32 = 2400;

/// A width as measured, held to what a chart can be laid out for.
fn held(width: i32) -> i32 {
    width.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// The room a text of `chars` characters takes.
fn text_width(chars: usize) -> i32 {
    CHAR_WIDTH * chars as i32
}

/// The digits of `n` written out.
fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// Ticks for counts up to `peak`: steps of 1, 2 or 5 × 10ⁿ from 0 to the first multiple of the
/// step at or above `peak`, three to five of them. Counts are whole: the step is at least 1.
pub fn nice_ticks(peak: usize) -> Vec<usize> {
    let mut base = 1usize;
    let step = loop {
        let fits = [base, base.saturating_mul(2), base.saturating_mul(5)]
            .into_iter()
            .find(|&s| peak.div_ceil(s) <= 4);
        if let Some(step) = fits {
            break step;
        }
        base = base.saturating_mul(10);
    };
    let intervals = peak.div_ceil(step).max(2);
    (0..=intervals).map(|i| i.saturating_mul(step)).collect()
}

/// A horizontal bar chart: one row a bar, its count after it, its label before it or, when the
/// chart is too narrow for that, above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarLayout {
    pub width: i32,
    pub height: i32,
    /// Where the labels are written from, and whether they end there (right-aligned, before the
    /// bars) rather than start there (above the bars).
    pub label_x: i32,
    pub label_before: bool,
    pub bar_start: i32,
    pub rows: Vec<BarRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarRow {
    pub label: String,
    pub count: usize,
    /// Baseline of the row's label.
    pub label_y: i32,
    /// Baseline of the row's count.
    pub value_y: i32,
    pub bar_y: i32,
    pub bar_height: i32,
    /// At least one unit, so that a count of one is still seen.
    pub bar_width: i32,
    /// Where the count is written, just after the bar.
    pub value_x: i32,
}

/// A row's height with its label beside the bar, and its bar's.
const BAR_ROW: i32 = 24;
const BAR_HEIGHT: i32 = 16;
/// The text's baseline below the top of a 16-unit bar (text of about 14 units, centred).
const BAR_TEXT_DROP: i32 = 13;
/// The label column takes at most this share (in percent) of the width; else labels go above.
const BAR_LABEL_SHARE: i32 = 45;

/// Lays out `bars` in their order for a chart `width` units wide; the longest bar is the largest
/// count.
pub fn bar_layout(bars: &[Bar], width: i32) -> BarLayout {
    let width = held(width);
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let label_room = bars
        .iter()
        .map(|b| text_width(b.label.chars().count()))
        .max()
        .unwrap_or(0)
        + 8;
    let label_before = label_room * 100 <= width * BAR_LABEL_SHARE;
    let value_room = text_width(digits(max)) + 8;
    let bar_start = if label_before { label_room } else { 0 };
    let room = (width - bar_start - value_room).max(1) as usize;
    // Above the bars, a label takes a line of its own.
    let (row, bar_top) = if label_before {
        (BAR_ROW, 4)
    } else {
        (BAR_ROW + 18, 22)
    };
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let top = i as i32 * row;
            let bar_width = ((room * b.count + max / 2) / max).max(1) as i32;
            let bar_y = top + bar_top;
            BarRow {
                label: b.label.clone(),
                count: b.count,
                label_y: if label_before {
                    bar_y + BAR_TEXT_DROP
                } else {
                    top + 16
                },
                value_y: bar_y + BAR_TEXT_DROP,
                bar_y,
                bar_height: BAR_HEIGHT,
                bar_width,
                value_x: bar_start + bar_width + 6,
            }
        })
        .collect();
    BarLayout {
        width,
        height: row * bars.len() as i32 + 4,
        label_x: if label_before { label_room - 8 } else { 0 },
        label_before,
        bar_start,
        rows,
    }
}

/// The time axis of the charts of labels in force: one column a month, counts on a scale of
/// round ticks with gridlines, years below (as many as fit), and the as-of date marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeAxis {
    pub width: i32,
    pub height: i32,
    /// The plot's left and right edges, its top and its baseline (the axis, for 0).
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub baseline: i32,
    /// The largest count.
    pub peak: usize,
    /// The ticks: where each is (y) and its count, 0 first; the last is the top of the scale.
    pub ticks: Vec<(i32, usize)>,
    /// The Januaries that are labelled: where its column starts, and the year.
    pub years: Vec<(i32, i32)>,
    /// The middle of the as-of date's month, when the axis has it.
    pub marker: Option<i32>,
    /// How many months the axis has.
    pub months: usize,
}

/// A chart of labels in force month by month: one stepped line per series on a shared axis,
/// each named directly, beside its right end (the statistics' one series is drawn as an area,
/// `LinesLayout::area`; the comparison's as lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinesLayout {
    pub axis: TimeAxis,
    /// In the order of the series.
    pub lines: Vec<LineMark>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMark {
    pub path: String,
    /// The height of the line's right end.
    pub end_y: i32,
    /// Where the label's text starts, and its baseline: beside the right end, moved up or down
    /// only as far as it takes to keep clear of the other labels.
    pub label_x: i32,
    pub label_y: i32,
}

const TIMELINE_HEIGHT: i32 = 216;
/// Room above the plot for the as-of marker's words.
const TIMELINE_TOP: i32 = 26;
const TIMELINE_BOTTOM: i32 = 26;
/// Room after the plot for the last year's label, centred on its January.
const TIMELINE_RIGHT_MARGIN: i32 = 20;
/// Line labels: the gap between a line's end and its label's leader, the leader's length, and
/// the height a label takes, so that no two overlap.
const LABEL_GAP: i32 = 4;
const LEADER: i32 = 14;
pub const LABEL_HEIGHT: i32 = 17;
/// From the middle of a line of chart text to its baseline.
const TEXT_MIDDLE_TO_BASELINE: i32 = 5;
/// The least room between two year labels.
const YEAR_SPACING: i32 = 44;

impl TimeAxis {
    fn new(
        months: &[Month],
        peak: usize,
        asof: NaiveDate,
        width: i32,
        label_room: i32,
    ) -> TimeAxis {
        let values = nice_ticks(peak);
        let scale_top = values.last().copied().unwrap_or(1).max(1);
        let left = text_width(digits(scale_top)) + 10;
        let right = (width - label_room.max(TIMELINE_RIGHT_MARGIN)).max(left + 1);
        let baseline = TIMELINE_HEIGHT - TIMELINE_BOTTOM;
        let mut axis = TimeAxis {
            width,
            height: TIMELINE_HEIGHT,
            left,
            right,
            top: TIMELINE_TOP,
            baseline,
            peak,
            ticks: Vec::new(),
            years: Vec::new(),
            marker: None,
            months: months.len(),
        };
        axis.ticks = values
            .iter()
            .map(|&v| (axis.y_on(v, scale_top), v))
            .collect();
        // Every year's label if they fit, else every second, fifth or tenth year's.
        let year_width = axis.month_x(12) - axis.month_x(0);
        let every = [1, 2, 5, 10, 20]
            .into_iter()
            .find(|k| year_width * k >= YEAR_SPACING)
            .unwrap_or(50);
        axis.years = months
            .iter()
            .enumerate()
            .filter(|(_, m)| m.month == 1 && m.year.rem_euclid(every) == 0)
            .map(|(i, m)| (axis.month_x(i), m.year))
            .collect();
        axis.marker = months
            .iter()
            .position(|m| m.year == asof.year() && m.month == asof.month())
            .map(|i| (axis.month_x(i) + axis.month_x(i + 1)) / 2);
        axis
    }

    /// The left edge of month `i`'s column (`i` = `months`: the plot's right edge).
    pub fn month_x(&self, i: usize) -> i32 {
        let n = self.months.max(1) as i64;
        let plot = i64::from(self.right - self.left);
        self.left + ((plot * i as i64 + n / 2) / n) as i32
    }

    /// The month whose column holds chart position `x`, held to the months there are.
    pub fn month_at(&self, x: f64, months: usize) -> Option<usize> {
        let last = months.checked_sub(1)?;
        let plot = f64::from((self.right - self.left).max(1));
        let i = ((x - f64::from(self.left)) * months as f64 / plot).floor();
        Some(if i <= 0.0 { 0 } else { (i as usize).min(last) })
    }

    /// The top of the scale: the last tick.
    fn scale_top(&self) -> usize {
        self.ticks.last().map_or(1, |&(_, v)| v.max(1))
    }

    /// The height of a count: the top of the scale at the top, none on the baseline, and
    /// nothing outside the plot, whatever the count.
    pub fn y(&self, count: usize) -> i32 {
        self.y_on(count, self.scale_top())
    }

    fn y_on(&self, count: usize, scale_top: usize) -> i32 {
        // Within u64 whatever the count: the plot is a few hundred units high.
        let plot = (self.baseline - self.top).max(0) as u64;
        let max = scale_top.clamp(1, u32::MAX as usize) as u64;
        let count = (count.min(scale_top) as u64).min(max);
        self.baseline - ((plot * count + max / 2) / max) as i32
    }

    /// A stepped path through the months' counts: straight segments between points inside the
    /// plot, so that no part of it can reach below the baseline (or above the top).
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

    /// The gridlines, one path: a line across the plot at each tick above 0.
    pub fn grid(&self) -> String {
        self.ticks
            .iter()
            .filter(|&&(_, count)| count > 0)
            .map(|&(y, _)| format!("M{},{y}H{}", self.left, self.right))
            .collect()
    }

    /// The baseline and a short mark below it at each labelled January, one path.
    pub fn axis_path(&self) -> String {
        let mut path = format!("M{},{}H{}", self.left, self.baseline, self.right);
        for &(x, _) in &self.years {
            path.push_str(&format!("M{x},{}v4", self.baseline));
        }
        path
    }

    /// Where the as-of marker's words go, and whether they end there (so that they stay inside
    /// the chart when the marker is near its right edge).
    pub fn marker_text(&self, x: i32, chars: usize) -> (i32, bool) {
        if x + 4 + text_width(chars) <= self.width {
            (x + 4, false)
        } else {
            (x - 4, true)
        }
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

/// `series`: each line's months (all on the same axis) and its label; `width`: the chart's width
/// as shown. With more than one series, room is kept at the right for the lines' labels.
pub fn lines_layout(series: &[(&[Month], &str)], asof: NaiveDate, width: i32) -> LinesLayout {
    let width = held(width);
    let longest = series
        .iter()
        .map(|(m, _)| *m)
        .max_by_key(|m| m.len())
        .unwrap_or(&[]);
    let peak = series
        .iter()
        .flat_map(|(m, _)| m.iter().map(|m| m.count))
        .max()
        .unwrap_or(0);
    let label_room = if series.len() > 1 {
        let chars = series.iter().map(|(_, l)| l.chars().count()).max();
        // Never more than half the chart: a longer label runs past the edge instead.
        (LABEL_GAP + LEADER + 4 + text_width(chars.unwrap_or(0))).min(width / 2)
    } else {
        0
    };
    let axis = TimeAxis::new(longest, peak, asof, width, label_room);
    let ends: Vec<i32> = series
        .iter()
        .map(|(m, _)| axis.y(m.last().map_or(0, |m| m.count)))
        .collect();
    let middles = spread(
        &ends,
        LABEL_HEIGHT,
        axis.top + LABEL_HEIGHT / 2,
        axis.baseline,
    );
    LinesLayout {
        lines: series
            .iter()
            .zip(ends.iter().zip(middles))
            .map(|((months, _), (&end_y, middle))| LineMark {
                path: axis.steps(months),
                end_y,
                label_x: axis.right + LABEL_GAP + LEADER + 4,
                label_y: middle + TEXT_MIDDLE_TO_BASELINE,
            })
            .collect(),
        axis,
    }
}

/// Positions as near `wanted` as they can be with at least `gap` between any two, inside
/// `low..=high` when there is room for them all (else from `low` down). Each keeps its place in
/// the order: a label never jumps over another.
pub fn spread(wanted: &[i32], gap: i32, low: i32, high: i32) -> Vec<i32> {
    let order = order_by(wanted.len(), &|a, b| wanted[a].cmp(&wanted[b]));
    let mut at: Vec<i32> = order
        .iter()
        .map(|&i| wanted[i].clamp(low, high.max(low)))
        .collect();
    // Down from the top, each at least `gap` below the one before…
    for k in 1..at.len() {
        at[k] = at[k].max(at[k - 1] + gap);
    }
    // …then, if the last went past the bottom, back up, each at least `gap` above the next…
    if let Some(last) = at.last_mut() {
        *last = (*last).min(high);
    }
    for k in (0..at.len().saturating_sub(1)).rev() {
        at[k] = at[k].min(at[k + 1] - gap);
    }
    // …and where there is no room for them all, from the top down again.
    if at.first().is_some_and(|&first| first < low) {
        at[0] = low;
        for k in 1..at.len() {
            at[k] = at[k - 1] + gap;
        }
    }
    let mut placed = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        placed[i] = at[k];
    }
    placed
}

/// "March 2016": how a month is written in the timeline's summary and table, as on the page.
pub fn month_label(m: &Month) -> String {
    dates::month_and_year(m.year, m.month)
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

    fn month(year: i32, month: u32, count: usize) -> Month {
        Month { year, month, count }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ticks_are_round_and_three_to_five() {
        fn check(peak: usize, expected: &[usize]) {
            assert_eq!(nice_ticks(peak), expected, "{peak}");
        }
        check(0, &[0, 1, 2]);
        check(1, &[0, 1, 2]);
        check(4, &[0, 1, 2, 3, 4]);
        check(5, &[0, 2, 4, 6]);
        check(9, &[0, 5, 10]);
        check(17, &[0, 5, 10, 15, 20]);
        check(21, &[0, 10, 20, 30]);
        check(38, &[0, 10, 20, 30, 40]);
        check(41, &[0, 20, 40, 60]);
        check(106, &[0, 50, 100, 150]);
        check(99_999, &[0, 50_000, 100_000]);
        for peak in 0..5000 {
            let ticks = nice_ticks(peak);
            let step = ticks[1];
            let power = 10usize.pow(step.ilog10());
            assert!((3..=5).contains(&ticks.len()), "{peak}: {ticks:?}");
            assert!(
                [1, 2, 5].iter().any(|&m| step == m * power),
                "{peak}: {ticks:?}"
            );
            assert!(*ticks.last().unwrap() >= peak, "{peak}: {ticks:?}");
        }
        assert!(nice_ticks(usize::MAX).len() >= 2);
    }

    #[test]
    fn bars_scale_to_the_largest_count_with_labels_before_or_above() {
        let bars = [bar("ICT", 38), bar("Food", 19), bar("Gold", 0)];
        let wide = bar_layout(&bars, 600);
        assert!(wide.label_before);
        // Labels of four characters, counts of two digits.
        assert_eq!((wide.bar_start, wide.label_x), (40, 32));
        let widths: Vec<i32> = wide.rows.iter().map(|r| r.bar_width).collect();
        assert_eq!(widths, [536, 268, 1]);
        assert!(wide.rows[0].value_x + 2 * CHAR_WIDTH <= 600);
        assert_eq!(wide.height, 3 * 24 + 4);
        assert_eq!(bar_layout(&[], 600).height, 4);
        // A label too long to go before the bars goes above them, and the chart is as wide as
        // it is shown, within bounds.
        let long = bar_layout(&[bar(&"x".repeat(40), 3)], 400);
        assert!(!long.label_before && long.bar_start == 0);
        assert!(long.rows[0].label_y < long.rows[0].bar_y);
        assert_eq!(bar_layout(&bars, 10).width, MIN_WIDTH);
        assert_eq!(bar_layout(&bars, i32::MAX).width, MAX_WIDTH);
    }

    #[test]
    fn the_timeline_steps_month_by_month_on_round_ticks() {
        let months = [month(2015, 12, 2), month(2016, 1, 4), month(2016, 2, 0)];
        let t = lines_layout(&[(&months, "")], day(2016, 1, 20), 300);
        let a = &t.axis;
        // 0 to 4 in steps of 1; one digit of labels at the left.
        assert_eq!(a.ticks, [(190, 0), (149, 1), (108, 2), (67, 3), (26, 4)]);
        assert_eq!((a.left, a.right, a.width), (18, 280, 300));
        assert_eq!(t.area(0), "M18,108H105L105,26H193L193,190H280V190H18Z");
        assert_eq!(a.years, [(105, 2016)]);
        assert_eq!(a.marker, Some(149));
        assert_eq!(a.month_at(100.0, 3), Some(0));
        assert_eq!(a.month_at(110.0, 3), Some(1));
        assert_eq!(a.month_at(-100.0, 3), Some(0));
        assert_eq!(a.month_at(1e9, 3), Some(2));
        assert_eq!(a.month_at(40.0, 0), None);
        assert_eq!(a.marker_text(149, 10), (153, false));
        assert_eq!(a.grid(), "M18,149H280M18,108H280M18,67H280M18,26H280");
        assert_eq!(a.axis_path(), "M18,190H280M105,190v4");
        assert_eq!(a.marker_text(280, 10), (276, true));
        let none = lines_layout(&[(&[], "")], day(2016, 1, 20), 300);
        assert_eq!((none.area(0).as_str(), none.axis.marker), ("", None));
        assert_eq!(none.area(1), "");
    }

    /// Every point of every path: inside the plot, never below the baseline.
    fn points(path: &str) -> Vec<(i32, i32)> {
        let mut out = Vec::new();
        let mut x = 0;
        for part in path.split(['M', 'L', 'H']).filter(|p| !p.is_empty()) {
            match part.split_once(',') {
                Some((px, py)) => {
                    x = px.parse().unwrap();
                    out.push((x, py.parse().unwrap()));
                }
                None => {
                    let y = out.last().map_or(0, |p: &(i32, i32)| p.1);
                    let _ = x;
                    x = part.parse().unwrap();
                    out.push((x, y));
                }
            }
        }
        out
    }

    #[test]
    fn lines_stay_in_the_plot_and_their_labels_sit_apart_at_their_ends() {
        // Ten years of months; three lines end at the same height, a fourth near them.
        let series = |f: &dyn Fn(i32) -> usize| -> Vec<Month> {
            (0..120)
                .map(|i| month(2010 + i / 12, (i % 12) as u32 + 1, f(i)))
                .collect()
        };
        let a = series(&|i| (i as usize * 7) % 23);
        let b = series(&|i| if i < 60 { 0 } else { 5 });
        let c = series(&|i| if i % 2 == 0 { 0 } else { 5 });
        let d = series(&|_| 4);
        let names = [
            (a.as_slice(), "Spain"),
            (b.as_slice(), "France"),
            (c.as_slice(), "Italy"),
            (d.as_slice(), "Bosnia and Herzegovina"),
        ];
        for width in [280, 360, 700, 1200] {
            let l = lines_layout(&names, day(2014, 6, 1), width);
            let axis = &l.axis;
            assert_eq!(axis.ticks.last(), Some(&(axis.top, 30)), "{width}");
            for line in &l.lines {
                for (x, y) in points(&line.path) {
                    assert!((axis.left..=axis.right).contains(&x), "{width}: x {x}");
                    assert!((axis.top..=axis.baseline).contains(&y), "{width}: y {y}");
                }
                // Beside the right end, not on the line.
                assert!(line.label_x > axis.right, "{width}");
            }
            let mut ys: Vec<i32> = l.lines.iter().map(|m| m.label_y).collect();
            ys.sort();
            for pair in ys.windows(2) {
                assert!(pair[1] - pair[0] >= LABEL_HEIGHT, "{width}: {ys:?}");
            }
            // Year labels are far enough apart to be read.
            for pair in axis.years.windows(2) {
                assert!(
                    pair[1].0 - pair[0].0 >= YEAR_SPACING,
                    "{width}: {:?}",
                    axis.years
                );
            }
            assert!(!axis.years.is_empty(), "{width}");
        }
        let none = lines_layout(&[], day(2016, 1, 1), 500);
        assert!(none.lines.is_empty() && none.axis.years.is_empty());
    }

    #[test]
    fn labels_spread_apart_as_little_as_they_must() {
        fn check(wanted: &[i32], expected: &[i32]) {
            assert_eq!(spread(wanted, 10, 0, 100), expected, "{wanted:?}");
        }
        check(&[], &[]);
        check(&[50], &[50]);
        check(&[20, 80], &[20, 80]);
        check(&[50, 50, 50], &[50, 60, 70]);
        check(&[100, 100, 95], &[90, 100, 80]);
        check(&[-20, 200], &[0, 100]);
        // No room for them all: from the top, in order.
        check(&[5; 12], &[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    }

    #[test]
    fn months_are_written_as_the_page_writes_them() {
        assert_eq!(month_label(&month(2016, 3, 0)), "March 2016");
    }
}
