//! Candidate retrieval in memory: the filter tags, concept tokens, coordinates and date of
//! every indexed candidate document, with its match features, in one table that a request
//! scans once.
//!
//! The table evaluates a [`FilterQuery`] exactly as the search index does (the same tags,
//! the same boxes around the areas, the same date bound, the boost sum over the distinct
//! concept tokens a document carries), so the number passing and the boost sums are the
//! index's. It holds the concept tokens of the match features only (`sk:`, `oc:`, `isco…:`,
//! see `matching::bound`), the only ones a retrieval plan boosts. At 1,000,000 candidates one linear pass costs a few milliseconds, where the
//! index's range and tag intersections cost tens, repeated for each round of retrieval.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::domain::EntityId;
use crate::index::{FilterQuery, IndexedEntity, MAX_BOOSTS, MAX_TAGS, bbox};
use crate::matching::CandidateFeatures;

/// Rows scanned by one task.
const SCAN_PART: usize = 1 << 17;

/// Tags with an id below this are held as bits of [`Row::mask`].
const MASK_BITS: u32 = 128;

/// Interned terms of one field.
#[derive(Default)]
struct Terms(HashMap<String, u32>);

impl Terms {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.0.get(term) {
            return *id;
        }
        let id = self.0.len() as u32;
        self.0.insert(term.to_owned(), id);
        id
    }

    fn get(&self, term: &str) -> Option<u32> {
        self.0.get(term).copied()
    }
}

/// The fields of one candidate document that a scan reads, in one cache line.
struct Row {
    lat: f64,
    lon: f64,
    date_days: i64,
    /// Tags with ids below [`MASK_BITS`].
    mask: u128,
    /// The distinct concept tokens: `concepts[offset..offset + len]` of the table.
    offset: u32,
    len: u32,
}

/// A set of tags, as bits and a list of the ids beyond the bits.
#[derive(Default)]
struct TagSet {
    mask: u128,
    rest: Vec<u32>,
}

impl TagSet {
    fn push(&mut self, tag: u32) {
        if tag < MASK_BITS {
            self.mask |= 1 << tag;
        } else {
            self.rest.push(tag);
        }
    }

    fn is_empty(&self) -> bool {
        self.mask == 0 && self.rest.is_empty()
    }

    /// Whether the row (its bits, and its further tags `more`) carries every tag.
    fn all_in(&self, r: &Row, more: &[u32]) -> bool {
        r.mask & self.mask == self.mask && self.rest.iter().all(|t| more.binary_search(t).is_ok())
    }

    /// Whether the row carries one of the tags.
    fn any_in(&self, r: &Row, more: &[u32]) -> bool {
        r.mask & self.mask != 0
            || (!more.is_empty() && self.rest.iter().any(|t| more.binary_search(t).is_ok()))
    }
}

/// A box around an area, and the tags of which a record must carry one (`None`: any).
struct BoxArea {
    lat: (f64, f64),
    lon: (f64, f64),
    tags: Option<TagSet>,
}

/// A [`FilterQuery`] in terms of the table's ids; `None` when no record can pass.
struct Compiled {
    must: TagSet,
    any: Option<TagSet>,
    areas: Vec<BoxArea>,
    max_date_days: Option<i64>,
    /// Boost by concept id.
    boosts: Vec<f32>,
}

/// The table of indexed candidates: by slot, the scanned row, the tags beyond the row's
/// bits and the features; the concept tokens of all rows in one arena.
#[derive(Default)]
pub struct CandidateTable {
    rows: Vec<Row>,
    more_tags: Vec<Box<[u32]>>,
    features: Vec<Arc<CandidateFeatures>>,
    slots: HashMap<EntityId, usize>,
    concepts: Vec<u32>,
    /// Arena entries no row refers to any more.
    garbage: usize,
    tag_ids: Terms,
    concept_ids: Terms,
}

impl CandidateTable {
    /// Adds or replaces a candidate's row.
    pub fn put(
        &mut self,
        features: Arc<CandidateFeatures>,
        tags: &[String],
        concepts: &[String],
        date_days: i64,
    ) {
        let mut mask = 0u128;
        let mut more = Vec::new();
        for t in tags {
            let id = self.tag_ids.intern(t);
            if id < MASK_BITS {
                mask |= 1 << id;
            } else {
                more.push(id);
            }
        }
        more.sort_unstable();
        more.dedup();
        let mut cs: Vec<u32> = concepts
            .iter()
            .map(|c| self.concept_ids.intern(c))
            .collect();
        cs.sort_unstable();
        cs.dedup();
        let row = Row {
            lat: features.at.lat,
            lon: features.at.lon,
            date_days,
            mask,
            offset: self.concepts.len() as u32,
            len: cs.len() as u32,
        };
        self.concepts.extend_from_slice(&cs);
        let id = features.id;
        match self.slots.get(&id) {
            Some(&slot) => {
                self.garbage += self.rows[slot].len as usize;
                self.rows[slot] = row;
                self.more_tags[slot] = more.into_boxed_slice();
                self.features[slot] = features;
            }
            None => {
                self.slots.insert(id, self.rows.len());
                self.rows.push(row);
                self.more_tags.push(more.into_boxed_slice());
                self.features.push(features);
            }
        }
        self.compact_if_wasteful();
    }

    /// Removes a candidate's row.
    pub fn remove(&mut self, id: EntityId) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        self.garbage += self.rows[slot].len as usize;
        self.rows.swap_remove(slot);
        self.more_tags.swap_remove(slot);
        self.features.swap_remove(slot);
        if let Some(moved) = self.features.get(slot) {
            self.slots.insert(moved.id, slot);
        }
        self.compact_if_wasteful();
    }

    /// Rewrites the concept arena in slot order once most of it is unused.
    fn compact_if_wasteful(&mut self) {
        if self.garbage < 1 << 16 || self.garbage * 2 < self.concepts.len() {
            return;
        }
        let mut arena = Vec::with_capacity(self.concepts.len() - self.garbage);
        for r in &mut self.rows {
            let (from, len) = (r.offset as usize, r.len as usize);
            r.offset = arena.len() as u32;
            arena.extend_from_slice(&self.concepts[from..from + len]);
        }
        self.concepts = arena;
        self.garbage = 0;
    }

    /// Removes every row (the interned terms stay).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.more_tags.clear();
        self.features.clear();
        self.slots.clear();
        self.concepts.clear();
        self.garbage = 0;
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn tag_set(&self, tags: &[String], limit: usize) -> (TagSet, bool) {
        let mut set = TagSet::default();
        let mut unknown = false;
        for t in tags.iter().take(limit) {
            match self.tag_ids.get(t) {
                Some(id) => set.push(id),
                None => unknown = true,
            }
        }
        (set, unknown)
    }

    fn compile(&self, q: &FilterQuery) -> Option<Compiled> {
        if q.entity != IndexedEntity::Candidate {
            return None;
        }
        let (must, unknown) = self.tag_set(&q.must_tags, MAX_TAGS);
        if unknown {
            return None;
        }
        let any = if q.any_tags.is_empty() {
            None
        } else {
            let (set, _) = self.tag_set(&q.any_tags, MAX_TAGS);
            if set.is_empty() {
                return None;
            }
            Some(set)
        };
        let mut areas = Vec::new();
        for a in q.areas.iter().take(MAX_TAGS) {
            let tags = if a.tags.is_empty() {
                None
            } else {
                let (set, _) = self.tag_set(&a.tags, usize::MAX);
                if set.is_empty() {
                    continue;
                }
                Some(set)
            };
            let (dlat, dlon) = bbox(a.lat, a.radius_km.max(0.0));
            areas.push(BoxArea {
                lat: (a.lat - dlat, a.lat + dlat),
                lon: (a.lon - dlon, a.lon + dlon),
                tags,
            });
        }
        if areas.is_empty() && !q.areas.is_empty() {
            return None;
        }
        let mut boosts = vec![0.0f32; self.concept_ids.0.len()];
        for (t, b) in q.boosts.iter().take(MAX_BOOSTS) {
            if let Some(id) = self.concept_ids.get(t) {
                boosts[id as usize] += *b;
            }
        }
        Some(Compiled {
            must,
            any,
            areas,
            max_date_days: q.max_date_days,
            boosts,
        })
    }

    /// Every row passing the filters, with its boost sum: `(boost sum, slot)`, in slot
    /// order. Large tables are scanned in parts on every core.
    pub fn passing(&self, q: &FilterQuery) -> Vec<(f32, u32)> {
        let Some(c) = self.compile(q) else {
            return Vec::new();
        };
        if self.rows.len() <= SCAN_PART {
            return self.scan(&c, 0);
        }
        let parts: Vec<Vec<(f32, u32)>> = (0..self.rows.len())
            .step_by(SCAN_PART)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|from| self.scan(&c, from))
            .collect();
        parts.concat()
    }

    /// The passing rows among `SCAN_PART` rows from `from`.
    fn scan(&self, c: &Compiled, first: usize) -> Vec<(f32, u32)> {
        let end = (first + SCAN_PART).min(self.rows.len());
        let rows = self.rows[first..end]
            .iter()
            .zip(&self.more_tags[first..end]);
        let mut out = Vec::new();
        for (i, (r, more)) in rows.enumerate() {
            if c.max_date_days.is_some_and(|m| r.date_days > m) {
                continue;
            }
            let in_area = c.areas.is_empty()
                || c.areas.iter().any(|a| {
                    a.lat.0 <= r.lat
                        && r.lat <= a.lat.1
                        && a.lon.0 <= r.lon
                        && r.lon <= a.lon.1
                        && a.tags.as_ref().is_none_or(|t| t.any_in(r, more))
                });
            if !in_area
                || !c.must.all_in(r, more)
                || c.any.as_ref().is_some_and(|t| !t.any_in(r, more))
            {
                continue;
            }
            let (from, len) = (r.offset as usize, r.len as usize);
            let bound: f32 = self.concepts[from..from + len]
                .iter()
                .map(|id| c.boosts[*id as usize])
                .sum();
            out.push((bound, (first + i) as u32));
        }
        out
    }

    /// The ids and boost sums of every row passing the filters, in slot order.
    pub fn passing_ids(&self, q: &FilterQuery) -> Vec<(EntityId, f32)> {
        self.passing(q)
            .into_iter()
            .map(|(b, slot)| (self.features[slot as usize].id, b))
            .collect()
    }

    /// The features of the candidate in a slot returned by [`CandidateTable::passing`].
    pub fn features(&self, slot: u32) -> &CandidateFeatures {
        &self.features[slot as usize]
    }
}
