//! Highlighting: where in a name the query matched, for display.

use super::Query;
use crate::fold::FoldedText;
use crate::order::sorted;

/// A matched stretch of a name, in UTF-16 code units: the offsets a DOM `Range` takes, so
/// that the page paints the hits over the name's one text node instead of splitting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
}

/// Where `query`'s words occur in `name`: in order, overlapping matches merged.
pub fn highlight(name: &str, query: &Query) -> Vec<Hit> {
    let folded = FoldedText::new(name);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for word in &query.words {
        for (start, _) in folded.folded.match_indices(word.as_str()) {
            ranges.push(folded.original_range(name, start, start + word.len()));
        }
    }
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in sorted(ranges) {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let utf16 = |end: usize| name[..end].encode_utf16().count() as u32;
    merged
        .into_iter()
        .map(|(a, b)| Hit {
            start: utf16(a),
            end: utf16(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matched text of each hit, cut out of the name as the page's ranges cut it.
    fn hits(name: &str, query: &str) -> Vec<String> {
        let units: Vec<u16> = name.encode_utf16().collect();
        highlight(name, &Query::parse(query))
            .into_iter()
            .map(|hit| String::from_utf16_lossy(&units[hit.start as usize..hit.end as usize]))
            .collect()
    }

    #[test]
    fn highlighting() {
        assert_eq!(hits("Clúster Aragonés", "aragones"), ["Aragonés"]);
        assert_eq!(hits("Clúster Aragonés", "clu ster"), ["Clúster"]);
        assert_eq!(hits("Clúster Aragonés", "ster clu"), ["Clúster"]);
        assert_eq!(hits("<b>x</b>", "b"), ["b", "b"]);
        assert_eq!(hits("Abc", ""), Vec::<String>::new());
        assert_eq!(hits("", "a"), Vec::<String>::new());
    }

    #[test]
    fn offsets_count_utf16_units() {
        // "𝔸" is one char, four UTF-8 bytes and two UTF-16 units; "é" two bytes and one unit.
        assert_eq!(hits("𝔸 é Aragón", "aragon"), ["Aragón"]);
        assert_eq!(
            highlight("𝔸 é Aragón", &Query::parse("aragon")),
            [Hit { start: 5, end: 11 }]
        );
    }
}
