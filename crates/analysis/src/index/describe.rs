//! An index in words, for one key in one year — the lines the tooltip, the district profile
//! and the district report share: "Status-Index: 1,27 · niedrig · Rang 12 von 436", its
//! z-values, or why the key is not in the index.

use super::compute::IndexYear;
use super::spec::{IndexSpec, Label};
use atlas_i18n::{Lang, T};

/// A class's label in `lang` (its id without one).
pub fn class_label(spec: &IndexSpec, c: usize, lang: Lang) -> String {
    spec.classes
        .get(c)
        .map(|c| Label::text(&c.label, &c.id, lang).to_owned())
        .unwrap_or_default()
}

/// Per spec (with its year, `None` where it could not be computed), a line for the index
/// and one for its z-values, or one saying why `key` is not in it.
pub fn key_lines(
    specs: &[IndexSpec],
    years: &[Option<&IndexYear>],
    key: usize,
    lang: Lang,
) -> Vec<String> {
    let num = |v: f64| atlas_i18n::format_number(v, 2, lang);
    let mut out = Vec::new();
    for (spec, y) in specs.iter().zip(years) {
        let Some(y) = y else {
            continue;
        };
        match y.keys.get(key).and_then(Option::as_ref) {
            Some(v) => {
                out.push(lang.f(
                    T::IndexLine,
                    &[
                        spec.name(lang),
                        &num(v.index),
                        &class_label(spec, v.class, lang),
                        &v.rank.to_string(),
                        &y.n.to_string(),
                    ],
                ));
                let zs: Vec<String> = spec
                    .components
                    .iter()
                    .zip(y.z(key).unwrap_or_default())
                    .map(|(c, z)| format!("{} {}", c.indicator, num(*z)))
                    .collect();
                out.push(format!("z: {}", zs.join(" · ")));
            }
            None => {
                let why = y
                    .excluded
                    .iter()
                    .find(|e| e.key == key)
                    .map(|e| atlas_i18n::Localize::text(&e.reason, lang))
                    .unwrap_or_else(|| lang.t(T::NoRowThisYear).to_owned());
                out.push(format!(
                    "{}: {} ({why})",
                    spec.name(lang),
                    lang.t(T::NotInIndex)
                ));
            }
        }
    }
    out
}
