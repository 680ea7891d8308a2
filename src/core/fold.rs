//! Text folding for search: lower case, diacritics removed, typographic punctuation made plain.
//!
//! A hand-written table rather than a Unicode normalisation crate: the data is Latin-script names,
//! the table covers Latin-1 and Latin Extended-A, and the big decomposition tables would cost more
//! wasm than the whole search. Characters outside the table are only lower-cased.

/// Folds one lower-case character. Returns the replacement text, or `None` to keep the character.
fn fold_lower(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '’' | '‘' | '‛' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '″' | '«' | '»' => "\"",
        '–' | '—' | '‐' | '‑' | '−' => "-",
        '\u{a0}' => " ",
        '²' => "2",
        '³' => "3",
        // Combining marks left over from decomposed input.
        '\u{300}'..='\u{36f}' => "",
        _ => return None,
    })
}

/// Calls `emit(folded_piece, source_byte_offset)` for every character of `text`.
fn fold_each(text: &str, mut emit: impl FnMut(&str, usize)) {
    let mut buf = [0u8; 4];
    for (offset, c) in text.char_indices() {
        if c.is_ascii() {
            emit(c.to_ascii_lowercase().encode_utf8(&mut buf), offset);
            continue;
        }
        for lower in c.to_lowercase() {
            match fold_lower(lower) {
                Some(piece) => emit(piece, offset),
                None => emit(lower.encode_utf8(&mut buf), offset),
            }
        }
    }
}

/// The folded form of `text`, as used for matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out` (no allocation per call when building an index).
pub fn fold_into(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, most of any name, are copied and lower-cased whole.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            for lower in c.to_lowercase() {
                match fold_lower(lower) {
                    Some(piece) => out.push_str(piece),
                    None => out.push(lower),
                }
            }
        }
        rest = chars.as_str();
    }
}

/// A folded text that remembers where each folded byte came from, to map matches back to the
/// original for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedText {
    pub folded: String,
    /// For each byte of `folded`, the byte offset in the original of the character it came from.
    origin: Vec<usize>,
    original_len: usize,
}

impl FoldedText {
    pub fn new(text: &str) -> FoldedText {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        fold_each(text, |piece, offset| {
            folded.push_str(piece);
            origin.extend(std::iter::repeat_n(offset, piece.len()));
        });
        FoldedText {
            folded,
            origin,
            original_len: text.len(),
        }
    }

    /// The original byte range covering folded bytes `start..end` (whole characters).
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin.get(start).copied().unwrap_or(self.original_len);
        let last = match end.checked_sub(1).and_then(|i| self.origin.get(i)) {
            Some(&o) => o,
            None => return (from, from),
        };
        let to = original[last..]
            .chars()
            .next()
            .map_or(self.original_len, |c| last + c.len_utf8());
        (from, to.max(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        fn check(input: &str, expected: &str) {
            assert_eq!(fold(input), expected, "{input}");
            assert_eq!(FoldedText::new(input).folded, expected, "{input}");
        }
        check("Clúster", "cluster");
        check("Pôle", "pole");
        check("Aragonés", "aragones");
        check("Señor", "senor");
        check("Garçon", "garcon");
        check("Straße", "strasse");
        check("d’Empreses", "d'empreses");
        check("ÉLASTOPÔLE", "elastopole");
        check("Pôle EMC²", "pole emc2");
        check("TEAM²", "team2");
        check(
            "Health-Technology Cluster – HT",
            "health-technology cluster - ht",
        );
        check("Łódź", "lodz");
        check("e\u{301}", "e");
        check("ΑΘΗΝΑ", "αθηνα");
        check("", "");
    }

    /// `fold_into` (ASCII runs whole) and `FoldedText` (character by character) agree on any
    /// text, appended to anything.
    #[test]
    fn both_foldings_agree() {
        use proptest::prelude::*;
        proptest!(|(before in "[a-zÉ]{0,3}", text in "[a-zA-Z ÉéßŁ’İ\u{301}Ω0-9-]{0,24}")| {
            let mut out = before.clone();
            fold_into(&text, &mut out);
            prop_assert_eq!(out, before + &FoldedText::new(&text).folded);
        });
    }

    #[test]
    fn original_ranges_cover_whole_characters() {
        fn check(text: &str, needle: &str, expected: &str) {
            let f = FoldedText::new(text);
            let start = f.folded.find(needle).unwrap();
            let (a, b) = f.original_range(text, start, start + needle.len());
            assert_eq!(&text[a..b], expected, "{text} / {needle}");
        }
        check("Clúster Aragonés", "aragon", "Aragon");
        check("Clúster Aragonés", "ones", "onés");
        check("Straße", "ss", "ß");
        check("Straße", "tras", "traß");
        check("Pôle", "pole", "Pôle");
    }
}
