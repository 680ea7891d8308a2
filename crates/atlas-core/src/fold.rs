//! Text folding for search: lower case, diacritics removed, typographic punctuation made plain.
//!
//! A hand-written table rather than a Unicode normalisation crate: the data is Latin-script names,
//! the table covers Latin-1 and Latin Extended-A, and the big decomposition tables would cost more
//! wasm than the whole search. Characters outside the table are only lower-cased, in the Latin,
//! Greek, Cyrillic and Armenian alphabets (`lower_case`).

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

/// The lower-case form of `c` in the Latin, (modern) Greek, Cyrillic and Armenian alphabets;
/// other characters are returned as they are. By hand rather than `char::to_lowercase`, whose table
/// of all of Unicode is about 12 KB of wasm; a test checks these ranges against it.
fn lower_case(c: char) -> char {
    let u = c as u32;
    let pairs = |even_upper: bool| {
        if u.is_multiple_of(2) == even_upper {
            u + 1
        } else {
            u
        }
    };
    let lower = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => u + 0x20,
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 => pairs(true),
        0x130 => 'i' as u32,
        0x139..=0x148 | 0x179..=0x17e => pairs(false),
        0x178 => 0xff,
        0x200..=0x21f | 0x222..=0x233 => pairs(true),
        0x220 => 0x19e,
        0x386 => 0x3ac,
        0x388..=0x38a => u + 37,
        0x38c => 0x3cc,
        0x38e..=0x38f => u + 63,
        0x391..=0x3a1 | 0x3a3..=0x3ab => u + 0x20,
        0x400..=0x40f => u + 0x50,
        0x410..=0x42f => u + 0x20,
        0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x52f => pairs(true),
        0x4c0 => 0x4cf,
        0x4c1..=0x4ce => pairs(false),
        0x531..=0x556 => u + 0x30,
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff => pairs(true),
        0x1e9e => 0xdf,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// The folded form of one non-ASCII character (ASCII is only lower-cased, by the callers).
fn fold_char(c: char, buf: &mut [u8; 4]) -> &str {
    let lower = lower_case(c);
    fold_lower(lower).unwrap_or_else(|| lower.encode_utf8(buf))
}

/// Calls `emit(folded_piece, source_byte_offset)` for every character of `text`.
fn fold_each(text: &str, mut emit: impl FnMut(&str, usize)) {
    let mut buf = [0u8; 4];
    for (offset, c) in text.char_indices() {
        if c.is_ascii() {
            emit(c.to_ascii_lowercase().encode_utf8(&mut buf), offset);
            continue;
        }
        emit(fold_char(c, &mut buf), offset);
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
            out.push_str(fold_char(c, &mut [0; 4]));
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

    /// In the ranges `lower_case` covers, it agrees with the standard library, except for 'İ',
    /// which Unicode lower-cases to "i" and a combining dot that folding drops anyway.
    #[test]
    fn lower_case_agrees_with_unicode() {
        let covered = [
            0x41..=0x5a,
            0xc0..=0x17f,
            0x200..=0x233,
            0x384..=0x3ce,
            0x400..=0x52f,
            0x531..=0x556,
            0x1e00..=0x1eff,
        ];
        let wrong: Vec<String> = covered
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let expected: String = c.to_lowercase().collect();
                let expected = if c == 'İ' { "i".to_string() } else { expected };
                (lower_case(c).to_string() != expected)
                    .then(|| format!("U+{:04X} → {expected}", c as u32))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        // Outside them, a character is kept as it is.
        assert_eq!(lower_case('Ⴀ'), 'Ⴀ');
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
