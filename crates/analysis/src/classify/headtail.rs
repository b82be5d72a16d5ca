//! Head/tail breaks for heavy-tailed data (mapclassify `HeadTailBreaks`): the mean splits the
//! values; the head (values above it) is split again until it is a single value.

use super::stats::mean;

pub fn breaks(sorted: &[f64]) -> Vec<f64> {
    let mut cuts: Vec<f64> = Vec::new();
    let mut head: &[f64] = sorted;
    while let (Some(&first), Some(&last)) = (head.first(), head.last()) {
        let m = mean(head);
        // Floating point can make the mean of a near-constant head repeat (mapclassify GH#117).
        if cuts.last() == Some(&m) {
            break;
        }
        cuts.push(m);
        if first == last {
            break;
        }
        head = &head[head.partition_point(|&v| v <= m)..];
    }
    cuts
}
