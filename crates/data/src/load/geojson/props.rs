//! A feature's properties as read: their values as text, in the order of their names (a name
//! given twice keeps its place and its last value, as a JSON object map does). Read straight
//! into text where the feature is parsed — on the parsing threads for a large file — instead
//! of into a map of JSON values that the districts' properties were looked up in and copied
//! from, one feature after the other (70–90 ms at 100 000). The names are shared: a parsing
//! thread hands every feature with the same names as the one before the same list, so that
//! neither the thread allocates them again nor the district list frees them one by one, and
//! the districts take such a feature's values as they are.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

#[derive(Debug)]
pub(super) struct Props {
    names: Arc<[String]>,
    values: Vec<Option<String>>,
}

thread_local! {
    /// The names of the last feature this thread read.
    static LAST_NAMES: RefCell<Option<Arc<[String]>>> = const { RefCell::new(None) };
}

impl Props {
    pub fn names(&self) -> &Arc<[String]> {
        &self.names
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The text of property `name`, taken out (each name is asked for once).
    pub fn take(&mut self, name: &str) -> Option<String> {
        let i = self.names.iter().position(|n| n == name)?;
        self.values.get_mut(i)?.take()
    }

    /// The values, when the properties are named `names` in that order (as good as every
    /// feature of a file); otherwise the properties back.
    pub fn into_values(self, names: &[String]) -> Result<Vec<Option<String>>, Props> {
        if *self.names == *names {
            Ok(self.values)
        } else {
            Err(self)
        }
    }
}

/// A property name, borrowed from the text where it has no escapes.
struct Name<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Props;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Props, A::Error> {
                let mut names: Vec<Name> = Vec::new();
                let mut values: Vec<Option<String>> = Vec::new();
                // While this feature names its properties as the thread's last one did (whose
                // names are distinct), a name can be no repeat of an earlier one: it is not
                // looked for among them — a search per name was most of reading 10 000
                // features of 300 properties.
                let last = LAST_NAMES.with(|l| l.borrow().clone());
                let mut as_last = last.is_some();
                while let Some((name, value)) = m.next_entry::<Name, Value>()? {
                    let text = into_text(value);
                    let next = last.as_ref().and_then(|l| l.get(names.len()));
                    as_last &= next.is_some_and(|n| *n == name.0);
                    let repeat = if as_last {
                        None
                    } else {
                        names.iter().position(|n| n.0 == name.0)
                    };
                    match repeat {
                        Some(i) => values[i] = text,
                        None => {
                            names.push(name);
                            values.push(text);
                        }
                    }
                }
                Ok(Props {
                    names: shared(&names),
                    values,
                })
            }
        }
        d.deserialize_map(V)
    }
}

/// The names as a list shared with the thread's previous feature when they are the same.
fn shared(names: &[Name]) -> Arc<[String]> {
    LAST_NAMES.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some(l) if l.len() == names.len() && l.iter().zip(names).all(|(a, b)| *a == b.0) => {
                l.clone()
            }
            _ => {
                let new: Arc<[String]> = names.iter().map(|n| n.0.to_string()).collect();
                *last = Some(new.clone());
                new
            }
        }
    })
}

/// A property value as text, without copying a string value.
fn into_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        v => super::value_text(&v),
    }
}
