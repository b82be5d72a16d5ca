//! Messages with values, said in each language. The typed errors, warnings and report lines of
//! every crate are enums made with [`messages!`]: each variant carries the values its sentence
//! needs (file, line, key, counts) and one English and one German template. The app renders
//! them in the user's language with [`Localize::text`]; their `Display` is the English text,
//! which the command line and the logs use.

use crate::Lang;

/// A message that can be said in each user-interface language.
pub trait Localize {
    /// The message in `lang`.
    fn text(&self, lang: Lang) -> String;
}

/// A value in a message, shown in a language: numbers with the language's decimal mark, lists
/// joined with commas, nested messages in the same language.
pub trait Arg {
    fn fmt_in(&self, lang: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result;
}

/// A message value paired with the language it is shown in (what the templates format).
pub struct In<'a, T: ?Sized>(pub &'a T, pub Lang);

impl<T: Arg + ?Sized> std::fmt::Display for In<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt_in(self.1, f)
    }
}

macro_rules! plain_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn fmt_in(&self, _: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self, f)
            }
        }
    )*};
}
plain_args!(str, String, char, u8, u16, u32, u64, usize, i32, i64);

impl Arg for f64 {
    /// The precision of the template (`{x:.1}`) is kept; German gets a decimal comma.
    fn fmt_in(&self, lang: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match f.precision() {
            Some(p) => format!("{self:.p$}"),
            None => self.to_string(),
        };
        match lang {
            Lang::De => f.write_str(&s.replace('.', ",")),
            Lang::En => f.write_str(&s),
        }
    }
}

impl<T: Arg + ?Sized> Arg for Box<T> {
    fn fmt_in(&self, lang: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt_in(lang, f)
    }
}

impl<T: Arg + ?Sized> Arg for &T {
    fn fmt_in(&self, lang: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt_in(lang, f)
    }
}

/// Lists are joined with ", ".
impl<T: Arg> Arg for Vec<T> {
    fn fmt_in(&self, lang: Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, x) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            x.fmt_in(lang, f)?;
        }
        Ok(())
    }
}

/// Declares a message enum: `Variant { field: Type, … } => "English {field}", "Deutsch {field}";`.
/// The templates are `format!` strings that name the variant's fields (format specs such as
/// `{x:.0}` work). Every field type implements [`Arg`]: numbers get the language's decimal
/// mark, and a field that is itself a message is said in the same language. Generates the
/// enum (with the attributes given, e.g. derives), its [`Localize`] and [`Arg`]
/// implementations and an English `Display`.
#[macro_export]
macro_rules! messages {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })?
            => $en:literal, $de:literal;)*
    }) => {
        $(#[$meta])*
        $vis enum $name { $($(#[$vmeta])* $variant $({ $($field: $ty),* })?,)* }

        impl $name {
            /// Every variant's (English, German) template, for tests that look for English
            /// left in a German surface.
            #[allow(dead_code)]
            pub const TEMPLATES: &'static [(&'static str, &'static str)] = &[$(($en, $de)),*];
        }

        impl $crate::Localize for $name {
            // A template need not use every value (the German one may leave out a detail).
            #[allow(unused_variables)]
            fn text(&self, lang: $crate::Lang) -> String {
                match self {
                    $($name::$variant $({ $($field),* })? => {
                        $($(let $field = $crate::In($field, lang);)*)?
                        match lang {
                            $crate::Lang::En => format!($en),
                            $crate::Lang::De => format!($de),
                        }
                    })*
                }
            }
        }

        impl $crate::Arg for $name {
            fn fmt_in(
                &self,
                lang: $crate::Lang,
                f: &mut std::fmt::Formatter<'_>,
            ) -> std::fmt::Result {
                f.write_str(&$crate::Localize::text(self, lang))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::Localize::text(self, $crate::Lang::En))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Localize;
    use crate::Lang;

    messages! {
        #[derive(Debug, Clone, PartialEq)]
        enum Sample {
            Empty => "the file is empty", "die Datei ist leer";
            Rows { n: usize, key: String, x: f64 } => "{n} rows of '{key}' ({x:.1})", "{n} Zeilen von '{key}' ({x:.1})";
            Nested { inner: Box<Sample>, keys: Vec<String> } => "{keys}: {inner}", "{keys}: {inner}";
        }
    }

    #[test]
    fn says_each_variant_in_each_language_with_its_values() {
        assert_eq!(Sample::Empty.to_string(), "the file is empty");
        assert_eq!(Sample::Empty.text(Lang::De), "die Datei ist leer");
        let r = Sample::Rows {
            n: 3,
            key: "0101".into(),
            x: 2.25,
        };
        assert_eq!(r.to_string(), "3 rows of '0101' (2.2)");
        assert_eq!(r.text(Lang::De), "3 Zeilen von '0101' (2,2)");
        let n = Sample::Nested {
            inner: Box::new(Sample::Empty),
            keys: vec!["a".into(), "b".into()],
        };
        assert_eq!(n.to_string(), "a, b: the file is empty");
        assert_eq!(n.text(Lang::De), "a, b: die Datei ist leer");
    }
}
