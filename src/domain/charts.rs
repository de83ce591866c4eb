//! Bar charts laid out for drawing as SVG: the numbers, not the markup.

/// One bar, placed in the chart's coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

/// A bar chart: the bars, the plot's size, and the largest value (the scale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    /// What the chart says in words, for readers who cannot see it.
    pub summary: String,
    pub bars: Vec<Bar>,
    pub width: i64,
    pub height: i64,
    pub max: i64,
}

/// The plot's height in the chart's units; labels go below it.
pub const PLOT: i64 = 120;
/// Room under the plot for the labels.
pub const LABELS: i64 = 28;
/// Room above the plot for the tallest bar's value.
pub const TOP: i64 = 14;
const SLOT: i64 = 32;
const GAP: i64 = 6;

impl BarChart {
    /// Bars side by side, scaled so the largest fills the plot. A value of
    /// zero draws no bar but keeps its place.
    pub fn new(id: &str, title: &str, data: &[(String, i64)]) -> BarChart {
        let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let bars = data
            .iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let height = (value.max(&0) * PLOT + max / 2) / max;
                Bar {
                    label: label.clone(),
                    value: *value,
                    x: i as i64 * SLOT + GAP / 2,
                    y: TOP + PLOT - height,
                    width: SLOT - GAP,
                    height,
                }
            })
            .collect();
        let summary = data
            .iter()
            .map(|(l, v)| format!("{l}: {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        BarChart {
            id: id.to_string(),
            title: title.to_string(),
            summary,
            bars,
            width: (data.len() as i64 * SLOT).max(SLOT),
            height: TOP + PLOT + LABELS,
            max,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bars.iter().all(|b| b.value == 0)
    }

    /// Where a bar's label sits: under the middle of its bar.
    pub fn label_x(bar: &Bar) -> i64 {
        bar.x + bar.width / 2
    }

    pub fn label_y(&self) -> i64 {
        TOP + PLOT + 16
    }

    /// Where the plot's floor is drawn.
    pub fn axis_y(&self) -> i64 {
        TOP + PLOT
    }

    /// How wide the chart is drawn, in pixels: the same scale for every chart.
    pub fn drawn_width(&self) -> i64 {
        self.width * 4 / 3
    }
}

/// Page counts in buckets of a hundred, the last open-ended.
pub fn page_buckets(pages: impl IntoIterator<Item = i64>) -> Vec<(String, i64)> {
    const EDGES: [i64; 6] = [100, 200, 300, 400, 500, 700];
    let mut counts = [0_i64; 7];
    for p in pages {
        let at = EDGES
            .iter()
            .position(|edge| p < *edge)
            .unwrap_or(EDGES.len());
        counts[at] += 1;
    }
    let labels = ["<100", "100s", "200s", "300s", "400s", "500s", "700+"];
    labels
        .iter()
        .zip(counts)
        .map(|(l, c)| (l.to_string(), c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_bar_fills_the_plot_and_the_rest_scale() {
        let data = [
            ("Jan".to_string(), 4),
            ("Feb".to_string(), 2),
            ("Mar".to_string(), 0),
        ];
        let chart = BarChart::new("m", "Books a month", &data);
        assert_eq!(chart.bars[0].height, PLOT);
        assert_eq!(chart.bars[0].y, TOP);
        assert_eq!(chart.bars[1].height, PLOT / 2);
        assert_eq!(chart.bars[2].height, 0);
        assert_eq!(chart.bars[1].x - chart.bars[0].x, 32, "evenly spaced");
        assert_eq!(chart.summary, "Jan: 4, Feb: 2, Mar: 0");
        assert!(!chart.is_empty());
        assert!(BarChart::new("e", "Nothing", &[("a".into(), 0)]).is_empty());
    }

    #[test]
    fn pages_fall_in_their_hundreds() {
        let buckets = page_buckets([50, 150, 199, 200, 650, 900]);
        let counts: Vec<i64> = buckets.iter().map(|(_, c)| *c).collect();
        assert_eq!(counts, [1, 2, 1, 0, 0, 1, 1]);
    }
}
