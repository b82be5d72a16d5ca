//! Turning the bytes of a text file into a string: UTF-8 with or without BOM, UTF-16 with BOM,
//! and Windows-1252 (what German spreadsheet exports use when they are not UTF-8).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The encoding a file was read with, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Decodes text: a BOM decides when present; otherwise valid UTF-8 is UTF-8 and anything else is
/// read as Windows-1252 (a superset of Latin-1 that maps every byte, so nothing is lost).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, _) = enc.decode_without_bom_handling(body);
        let kind = if enc == UTF_8 {
            TextEncoding::Utf8Bom
        } else {
            TextEncoding::Utf16
        };
        return (text, kind);
    }
    match std::str::from_utf8(bytes) {
        // Valid UTF-8 is borrowed, not copied.
        Ok(s) => (Cow::Borrowed(s), TextEncoding::Utf8),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, TextEncoding::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_umlauts_survive() {
        let bytes = b"Stra\xdfe;M\xfchlenviertel;K\xf6ln";
        let (text, enc) = decode(bytes);
        assert_eq!(text, "Straße;Mühlenviertel;Köln");
        assert_eq!(enc, TextEncoding::Windows1252);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (text, enc) = decode("\u{feff}id;Größe".as_bytes());
        assert_eq!(text, "id;Größe");
        assert_eq!(enc, TextEncoding::Utf8Bom);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Bärenfeld".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes), ("Bärenfeld".into(), TextEncoding::Utf16));
    }
}
