//! Several short texts in one allocation. A collection of 20,000 sheets holds every line of
//! its 受付一覧 and some 50,000 lines of its 改善計画一覧 until the table is written; a
//! `String` per text (24 bytes, and an allocation of at least 32 for eleven bytes of 団体名)
//! was most of that memory. And names that many lines share (the 都道府県), each kept once
//! ([`Named`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Texts kept together: a header of their lengths in decimal (`30,15,10;`), then the texts
/// one after another. Any text can be kept (the header ends at the first `;`, and lengths
/// hold no `;`); nothing needs to be escaped.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Packed(Box<str>);

impl Packed {
    pub(crate) fn new(parts: &[&str]) -> Packed {
        let mut text = String::with_capacity(parts.iter().map(|p| p.len() + 3).sum());
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                text.push(',');
            }
            let _ = write!(text, "{}", part.len());
        }
        text.push(';');
        for part in parts {
            text.push_str(part);
        }
        Packed(text.into_boxed_str())
    }

    /// The `k`th text; empty past the last.
    pub(crate) fn get(&self, k: usize) -> &str {
        let Some((head, body)) = self.0.split_once(';') else {
            return "";
        };
        let mut start = 0;
        for (i, len) in head.split(',').enumerate() {
            let len: usize = len.parse().unwrap_or(0);
            if i == k {
                return body.get(start..start + len).unwrap_or("");
            }
            start += len;
        }
        ""
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        let n = self
            .0
            .split_once(';')
            .map_or(0, |(h, _)| h.split(',').count());
        (0..n).map(|k| self.get(k))
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
        fn every_text_comes_back_as_kept(parts in prop::collection::vec(".{0,40}", 1..6)) {
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
        let packed = Packed::new(&["3,4;", "", ";;", "団体"]);
        assert_eq!(packed.get(0), "3,4;");
        assert_eq!(packed.get(1), "");
        assert_eq!(packed.get(2), ";;");
        assert_eq!(packed.get(3), "団体");
        assert_eq!(format!("{packed:?}"), r#"["3,4;", "", ";;", "団体"]"#);
    }
}
