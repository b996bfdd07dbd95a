//! Label index of one pillar: exact lookup of normalised labels and a character-trigram index
//! for typo-tolerant lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lang::Lang2;
use super::normalize::normalize;

/// How a label is attached to its concept, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum LabelKind {
    /// Preferred label of the concept in this language.
    Preferred,
    /// Alternative label or curated synonym.
    Alternative,
    /// ESCO hidden label (search term, older or colloquial wording).
    Hidden,
}

impl LabelKind {
    /// Confidence of a match on a label of this kind.
    pub(crate) fn confidence(self) -> f32 {
        match self {
            LabelKind::Preferred => 1.0,
            LabelKind::Alternative => 0.9,
            LabelKind::Hidden => 0.85,
        }
    }
}

/// One concept a normalised label points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) id: u32,
    pub(crate) kind: LabelKind,
    pub(crate) lang: Lang2,
}

/// A fuzzy hit: the label key it matched and its similarity in (0, 1].
pub(crate) struct FuzzyHit {
    pub(crate) key: u32,
    pub(crate) similarity: f32,
}

/// Collects labels; [`LabelIndexBuilder::finish`] freezes them into a [`LabelIndex`].
#[derive(Default)]
pub(crate) struct LabelIndexBuilder {
    map: FxMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    pairs: Vec<(u32, Entry)>,
}

impl LabelIndexBuilder {
    /// Adds `label` for concept `id`. Labels that normalise to nothing are ignored.
    pub(crate) fn add(&mut self, label: &str, id: u32, kind: LabelKind, lang: Lang2) {
        let norm = normalize(label);
        if norm.is_empty() {
            return;
        }
        let key = match self.map.get(norm.as_str()) {
            Some(&k) => k,
            None => {
                let k = self.keys.len() as u32;
                let boxed: Box<str> = norm.into();
                self.keys.push(boxed.clone());
                self.map.insert(boxed, k);
                k
            }
        };
        self.pairs.push((key, Entry { id, kind, lang }));
    }

    /// Builds the lookup structures.
    pub(crate) fn finish(mut self) -> LabelIndex {
        self.pairs
            .sort_unstable_by_key(|(k, e)| (*k, e.id, e.kind, e.lang));
        // Keep the best label kind per (key, concept).
        self.pairs.dedup_by_key(|(k, e)| (*k, e.id));
        let mut offsets = Vec::with_capacity(self.keys.len() + 1);
        let mut entries = Vec::with_capacity(self.pairs.len());
        offsets.push(0u32);
        let mut pairs = self.pairs.iter().peekable();
        for key in 0..self.keys.len() as u32 {
            while let Some((_, e)) = pairs.next_if(|(k, _)| *k == key) {
                entries.push(*e);
            }
            offsets.push(entries.len() as u32);
        }
        let mut trigrams: FxMap<u64, Vec<u32>> = FxMap::default();
        let mut lens = Vec::with_capacity(self.keys.len());
        let mut buf = Vec::new();
        for (key, label) in self.keys.iter().enumerate() {
            padded_chars(label, &mut buf);
            lens.push(u16::try_from(buf.len() - 2).unwrap_or(u16::MAX));
            for t in buf.windows(3) {
                let list = trigrams.entry(trigram(t)).or_default();
                if list.last() != Some(&(key as u32)) {
                    list.push(key as u32);
                }
            }
        }
        LabelIndex {
            map: self.map,
            keys: self.keys,
            lens,
            offsets,
            entries,
            trigrams,
        }
    }
}

/// Frozen label index of one pillar.
pub(crate) struct LabelIndex {
    map: FxMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    lens: Vec<u16>,
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    trigrams: FxMap<u64, Vec<u32>>,
}

impl LabelIndex {
    /// Number of distinct normalised labels.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Entries of an already normalised label.
    pub(crate) fn exact(&self, norm: &str) -> &[Entry] {
        self.map.get(norm).map_or(&[], |&k| self.entries_of(k))
    }

    /// Entries of a label key.
    pub(crate) fn entries_of(&self, key: u32) -> &[Entry] {
        let k = key as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Labels within a small edit distance of the normalised query (optimal string alignment,
    /// i.e. Damerau–Levenshtein with adjacent transpositions). The allowed distance grows with
    /// the query length: none below 4 characters, 1 up to 11, 2 up to 20, 3 beyond. Candidates
    /// are narrowed by shared character trigrams and length before any distance is computed.
    pub(crate) fn fuzzy(&self, norm: &str) -> Vec<FuzzyHit> {
        let mut q = Vec::with_capacity(norm.len() + 2);
        padded_chars(norm, &mut q);
        let n = q.len() - 2;
        let max_edits = match n {
            0..=3 => return Vec::new(),
            4..=11 => 1,
            12..=20 => 2,
            _ => 3,
        };
        let mut grams: Vec<u64> = q.windows(3).map(trigram).collect();
        grams.sort_unstable();
        grams.dedup();
        let needed = grams.len().saturating_sub(3 * max_edits).max(1);
        let mut counts = vec![0u8; self.keys.len()];
        let mut touched = Vec::new();
        for g in &grams {
            for &key in self.trigrams.get(g).map_or(&[][..], Vec::as_slice) {
                let c = &mut counts[key as usize];
                if *c == 0 {
                    touched.push(key);
                }
                *c = c.saturating_add(1);
            }
        }
        let query: String = q[1..=n].iter().collect();
        let mut hits = Vec::new();
        for key in touched {
            let k = key as usize;
            let len = usize::from(self.lens[k]);
            if usize::from(counts[k]) < needed || len.abs_diff(n) > max_edits {
                continue;
            }
            let d = strsim::osa_distance(&query, &self.keys[k]);
            if d > 0 && d <= max_edits {
                let similarity = 1.0 - d as f32 / n.max(len) as f32;
                hits.push(FuzzyHit { key, similarity });
            }
        }
        hits.sort_unstable_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.key.cmp(&b.key))
        });
        hits
    }
}

/// A small, fast multiplicative hasher (FxHash) for the index maps; the keys are our own data,
/// so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The characters of `label` padded with one space on each side.
fn padded_chars(label: &str, buf: &mut Vec<char>) {
    buf.clear();
    buf.push(' ');
    buf.extend(label.chars());
    buf.push(' ');
}

fn trigram(t: &[char]) -> u64 {
    t.iter().fold(0u64, |acc, &c| (acc << 21) | u64::from(c))
}
