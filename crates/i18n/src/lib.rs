//! Languages of the user interface and of exported maps: one translation table for every
//! visible string ([`T`], in `texts.rs`), and number formatting per language (decimal comma and
//! point as thousands separator in German). Free of any UI toolkit, so exports and the CLI share it.

pub mod date;
mod msg;
mod number;
mod texts;

pub use msg::{Arg, In, Localize};
pub use number::{format_number, format_short, format_value};
pub use texts::T;

use serde::{Deserialize, Serialize};

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The ISO 639-1 code, as used by the metadata's localized texts (`Localized::get` in atlas-data).
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// A translated text.
    pub fn t(self, text: T) -> &'static str {
        text.get(self)
    }

    /// A translated text with `{}` placeholders filled in order.
    pub fn f(self, text: T, args: &[&str]) -> String {
        fill(text.get(self), args)
    }
}

/// Replaces each `{}` in `template` by the next argument.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or("{}"));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_order() {
        assert_eq!(fill("{} of {}", &["3", "12"]), "3 of 12");
        assert_eq!(fill("no args", &[]), "no args");
        assert_eq!(fill("{} {}", &["a"]), "a {}");
    }

    #[test]
    fn every_text_has_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::De).is_empty(), "{t:?} has no German text");
            assert!(!t.get(Lang::En).is_empty(), "{t:?} has no English text");
        }
    }
}
