//! Where the statistics' marks go: the geometry of the bar charts and of the month-by-month
//! timeline, in whole chart units (an SVG user unit each), so that every number the app writes
//! into an SVG is an integer.
//!
//! Not here: colours and drawing, which are the app's, and the counts, which are `stats`'.

use chrono::{Datelike, NaiveDate};

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

/// The timeline: labels in force month by month as a stepped area, one column a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineLayout {
    pub width: i32,
    pub height: i32,
    /// The plot's left and right edges, its top and its baseline (the axis).
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub baseline: i32,
    /// Path data of the stepped area; empty when there are no months.
    pub area: String,
    /// The largest count, written at the top of the axis.
    pub peak: usize,
    /// Each January: where its column starts, and the year.
    pub years: Vec<(i32, i32)>,
    /// The middle of the as-of date's month, when the timeline has it.
    pub marker: Option<i32>,
}

/// Chart units per month: every column is the same width.
pub const MONTH_WIDTH: i32 = 5;
const TIMELINE_LEFT: i32 = 36;
const TIMELINE_RIGHT_MARGIN: i32 = 8;
const TIMELINE_HEIGHT: i32 = 180;
const TIMELINE_TOP: i32 = 8;
const TIMELINE_BOTTOM: i32 = 22;

impl TimelineLayout {
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
}

pub fn timeline_layout(months: &[Month], asof: NaiveDate) -> TimelineLayout {
    let peak = months.iter().map(|m| m.count).max().unwrap_or(0);
    let max = peak.max(1);
    let (top, baseline) = (TIMELINE_TOP, TIMELINE_HEIGHT - TIMELINE_BOTTOM);
    let plot = (baseline - top) as usize;
    let x = |i: usize| TIMELINE_LEFT + MONTH_WIDTH * i as i32;
    let y = |count: usize| baseline - ((plot * count + max / 2) / max) as i32;
    let mut area = String::new();
    for (i, m) in months.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        area.push_str(&format!("{cmd}{},{}H{}", x(i), y(m.count), x(i + 1)));
    }
    if !months.is_empty() {
        area.push_str(&format!("V{baseline}H{}Z", x(0)));
    }
    let years = months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.month == 1)
        .map(|(i, m)| (x(i), m.year))
        .collect();
    let marker = months
        .iter()
        .position(|m| m.year == asof.year() && m.month == asof.month())
        .map(|i| x(i) + MONTH_WIDTH / 2);
    let right = x(months.len());
    TimelineLayout {
        width: right + TIMELINE_RIGHT_MARGIN,
        height: TIMELINE_HEIGHT,
        left: TIMELINE_LEFT,
        right,
        top,
        baseline,
        area,
        peak,
        years,
        marker,
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
        let t = timeline_layout(&months, asof);
        assert_eq!(t.area, "M36,83H41L41,8H46L46,158H51V158H36Z");
        assert_eq!(t.years, [(41, 2016)]);
        assert_eq!(t.marker, Some(43));
        assert_eq!((t.peak, t.right, t.width), (4, 51, 59));
        assert_eq!(t.month_at(40.0, 3), Some(0));
        assert_eq!(t.month_at(42.0, 3), Some(1));
        assert_eq!(t.month_at(-100.0, 3), Some(0));
        assert_eq!(t.month_at(1e9, 3), Some(2));
        assert_eq!(t.month_at(40.0, 0), None);
        assert_eq!(t.month_x(2), 46);
        let none = timeline_layout(&[], asof);
        assert_eq!((none.area.as_str(), none.marker), ("", None));
    }
}
