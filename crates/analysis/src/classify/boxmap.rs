//! Box map (mapclassify `BoxPlot`): lower fence, quartiles, upper fence, and the maximum when
//! it lies above the upper fence (then the last class holds the upper outliers).

use super::ordered::Ordered;
use super::stats::percentile_of;

pub fn breaks<O: Ordered + ?Sized>(sorted: &O, hinge: f64) -> Vec<f64> {
    let q: Vec<f64> = [25.0, 50.0, 75.0, 100.0]
        .iter()
        .map(|&p| percentile_of(sorted, p))
        .collect();
    let iqr = q[2] - q[0];
    let pivot = hinge * iqr;
    let (left, right) = (q[0] - pivot, q[2] + pivot);
    let mut b = vec![left, q[0], q[1], q[2]];
    if right < q[3] {
        b.extend([right, q[3]]);
    } else {
        b.push(right);
    }
    b
}
