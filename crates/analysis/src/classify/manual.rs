//! Manual breaks (mapclassify `UserDefined`): the user's upper bounds, sorted and de-duplicated,
//! with the maximum appended when it lies above the last one.

pub fn breaks(user: &[f64], max: f64) -> Vec<f64> {
    let mut b = user.to_vec();
    b.sort_unstable_by(f64::total_cmp);
    b.dedup();
    if b.last().is_some_and(|&l| l < max) {
        b.push(max);
    }
    b
}
