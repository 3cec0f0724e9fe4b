//! Several short texts in one allocation. A collection of 20,000 sheets holds every line of
//! its 受付一覧 and some 50,000 lines of its 改善計画一覧 until the table is written; a
//! `String` per text (24 bytes, and an allocation of at least 32 for eleven bytes of 団体名)
//! was most of that memory. And names that many lines share (the 都道府県), each kept once
//! ([`Named`]).

use std::collections::BTreeMap;

/// Texts kept together: a header (how many texts, then each one's length), then the texts
/// one after another. The header is bytes below 0x80, so the whole is still a `str`: the count
/// in one byte, each length in groups of six bits, low first, every group but the last marked
/// by 0x40. A length under 64 is one byte. Any text can be kept; nothing needs to be escaped.
/// (The header was decimal, `30,15,10;`: parsing it again for each text read was a fifth of
/// writing a 20,000-sheet 受付一覧.)
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Packed(Box<str>);

/// The mark of a length's group that another follows.
const MORE: u8 = 0x40;

impl Packed {
    /// `parts` kept together; at most 63 of them (the aggregate keeps three or four).
    pub(crate) fn new(parts: &[&str]) -> Packed {
        assert!(parts.len() < usize::from(MORE), "too many texts to pack");
        let mut text = String::with_capacity(1 + parts.iter().map(|p| p.len() + 2).sum::<usize>());
        text.push(char::from(parts.len() as u8));
        for part in parts {
            let mut len = part.len();
            while len >= usize::from(MORE) {
                text.push(char::from(MORE | (len % 64) as u8));
                len /= 64;
            }
            text.push(char::from(len as u8));
        }
        for part in parts {
            text.push_str(part);
        }
        Packed(text.into_boxed_str())
    }

    /// The `k`th text; empty past the last.
    pub(crate) fn get(&self, k: usize) -> &str {
        let b = self.0.as_bytes();
        let count = usize::from(b[0]);
        let mut at = 1;
        let (mut start, mut found) = (0, None);
        for i in 0..count {
            let (mut len, mut shift) = (0, 0);
            loop {
                let g = b[at];
                at += 1;
                len |= usize::from(g & (MORE - 1)) << shift;
                if g & MORE == 0 {
                    break;
                }
                shift += 6;
            }
            match i.cmp(&k) {
                std::cmp::Ordering::Less => start += len,
                std::cmp::Ordering::Equal => found = Some(len),
                std::cmp::Ordering::Greater => {}
            }
        }
        // `at` is now where the texts begin.
        found.map_or("", |len| &self.0[at + start..at + start + len])
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        (0..usize::from(self.0.as_bytes()[0])).map(|k| self.get(k))
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.parts()).finish()
    }
}

/// Names, each kept once, by place (the first is the empty name).
pub(crate) struct Named {
    pub(crate) names: Vec<String>,
    places: BTreeMap<String, u32>,
}

impl Default for Named {
    fn default() -> Named {
        Named {
            names: vec![String::new()],
            places: BTreeMap::from([(String::new(), 0)]),
        }
    }
}

impl Named {
    /// `name`'s place, given it if new.
    pub(crate) fn place(&mut self, name: &str) -> u32 {
        if let Some(at) = self.places.get(name) {
            return *at;
        }
        let at = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_string());
        self.places.insert(name.to_string(), at);
        at
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Packed;

    proptest! {
        /// Whatever the texts hold (digits, commas, semicolons, any character), each comes
        /// back as it was kept, and nothing past the last.
        #[test]
        fn every_text_comes_back_as_kept(parts in prop::collection::vec(".{0,100}", 0..6)) {
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            let packed = Packed::new(&refs);
            for (k, part) in parts.iter().enumerate() {
                prop_assert_eq!(packed.get(k), part.as_str());
            }
            prop_assert_eq!(packed.get(parts.len()), "");
            prop_assert_eq!(packed.parts().collect::<Vec<_>>(), refs);
        }
    }

    #[test]
    fn texts_that_look_like_the_header_are_kept() {
        let packed = Packed::new(&["\u{4}\u{40}", "", "\u{7f};", "団体"]);
        assert_eq!(packed.get(0), "\u{4}\u{40}");
        assert_eq!(packed.get(1), "");
        assert_eq!(packed.get(2), "\u{7f};");
        assert_eq!(packed.get(3), "団体");
        assert_eq!(
            format!("{packed:?}"),
            r#"["\u{4}@", "", "\u{7f};", "団体"]"#
        );
    }

    /// Lengths of one, two and three groups of six bits, at their edges.
    #[test]
    fn long_texts_are_kept() {
        for len in [0, 1, 63, 64, 65, 4095, 4096, 70_000] {
            let long = "あ".repeat(len / 3) + &"x".repeat(len % 3);
            let packed = Packed::new(&["前", &long, "後"]);
            assert_eq!(packed.get(0), "前");
            assert_eq!(packed.get(1), long);
            assert_eq!(packed.get(2), "後");
        }
    }
}
