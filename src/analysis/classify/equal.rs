//! Equal interval: k classes of equal width between minimum and maximum (mapclassify
//! `EqualInterval`); the last break is the maximum exactly.

pub fn breaks(min: f64, max: f64, k: usize) -> Vec<f64> {
    let width = (max - min) / k as f64;
    let mut b: Vec<f64> = (1..=k).map(|i| min + width * i as f64).collect();
    if let Some(last) = b.last_mut() {
        *last = max;
    }
    b
}
