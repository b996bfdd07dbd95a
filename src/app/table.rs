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

use chrono::{Days, NaiveDate};
use rayon::prelude::*;

use crate::domain::{Coordinates, EntityId};
use crate::index::{FilterQuery, IndexedEntity, MAX_BOOSTS, MAX_TAGS, bbox};
use crate::matching::{COMMUTE_BANDS, CandidateFeatures, Whereabouts, band_tag, commute_band};

/// Rows scanned by one task.
const SCAN_PART: usize = 1 << 17;

/// Rows filtered before the boost sums of those passing are taken.
const SCAN_BLOCK: usize = 2048;

/// Asks the processor to start loading the cache line of `ids[at]` (a hint: nothing is
/// read, and nothing happens on other processors or out of bounds).
#[inline(always)]
fn prefetch(ids: &[u32], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(id) = ids.get(at) {
        // SAFETY: `prefetch` only hints the cache; it reads nothing and cannot fault, and
        // the pointer comes from a reference into the slice.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                std::ptr::from_ref(id).cast::<i8>(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (ids, at);
}

/// Tags with an id below this are held as bits of [`Row::mask`].
const MASK_BITS: u32 = 128;

/// Boosts are summed in fixed point with this many units to 1, each boost rounded up: the
/// sum is never below the exact one, and integer sums run several additions at once.
const BOOST_SCALE: f64 = (1u64 << 26) as f64;

/// The least `f32` not below `x`.
fn f32_up(x: f64) -> f32 {
    let y = x as f32;
    if f64::from(y) < x { y.next_up() } else { y }
}

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

/// The fields of one candidate document that a scan reads, and what the distance and
/// availability components of the score depend on, in 48 bytes.
struct Row {
    /// Tags with ids below [`MASK_BITS`].
    mask: u128,
    lat: f64,
    lon: f64,
    /// Available from, in days since 1970-01-01 (0: at once).
    date_days: i32,
    /// Where the row's ids start in the table's arena: first the tags beyond the bits,
    /// then the distinct concept tokens.
    offset: u32,
    /// Number of tags beyond the bits.
    more: u16,
    /// Number of concept tokens.
    len: u16,
    /// The commute band (`matching::commute_band`), whose tag the row carries.
    band: u8,
}

impl Row {
    /// Arena entries of the row.
    fn span(&self) -> usize {
        usize::from(self.more) + usize::from(self.len)
    }
}

/// A tag a row must carry, in the table's terms (see [`CandidateTable::tag_need`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagNeed {
    /// Nothing is asked for.
    Nothing,
    /// The tag with this id.
    Tag(u32),
    /// A tag no row carries.
    Unknown,
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

/// A box of latitudes and longitudes.
#[derive(Clone, Copy)]
struct Bounds {
    lat: (f64, f64),
    lon: (f64, f64),
}

impl Bounds {
    /// Whether the row lies in the box.
    fn contains(&self, r: &Row) -> bool {
        (self.lat.0 <= r.lat)
            & (r.lat <= self.lat.1)
            & (self.lon.0 <= r.lon)
            & (r.lon <= self.lon.1)
    }
}

/// A box around an area, and the tags of which a record must carry one (`None`: any).
struct BoxArea {
    bounds: Bounds,
    tags: Option<TagSet>,
}

impl BoxArea {
    /// Whether the row carries one of the tags and lies in the box.
    fn admits(&self, r: &Row, more: &[u32]) -> bool {
        self.tags.as_ref().is_none_or(|t| t.any_in(r, more)) && self.bounds.contains(r)
    }
}

/// A [`FilterQuery`] in terms of the table's ids; `None` when no record can pass.
struct Compiled {
    must: TagSet,
    any: Option<TagSet>,
    areas: Vec<BoxArea>,
    /// When the areas ask for commute band tags only (as plans do): by band, the boxes a
    /// row of that band must lie in one of.
    by_band: Option<Vec<Vec<Bounds>>>,
    max_date_days: Option<i64>,
    /// Boost by concept id, in units of `1 / BOOST_SCALE`, rounded up.
    boosts: Vec<u32>,
}

/// The table of indexed candidates: by slot, the scanned row and the features; the tags
/// beyond the rows' bits and the concept tokens of all rows in one arena.
#[derive(Default)]
pub struct CandidateTable {
    rows: Vec<Row>,
    /// By slot, the longest commute rounded up (read with a row, rarely).
    commutes: Vec<f32>,
    features: Vec<Arc<CandidateFeatures>>,
    slots: HashMap<EntityId, usize>,
    ids: Vec<u32>,
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
        // Validation caps a record's lists (100 skills, 30 occupations, 20 languages) far
        // below these limits.
        more.truncate(usize::from(u16::MAX));
        cs.truncate(usize::from(u16::MAX));
        let row = Row {
            lat: features.at.lat,
            lon: features.at.lon,
            // Days since 1970 of any date chrono can hold fit in an i32.
            date_days: i32::try_from(date_days).unwrap_or(0),
            band: commute_band(features.commute_km) as u8,
            mask,
            offset: self.ids.len() as u32,
            more: more.len() as u16,
            len: cs.len() as u16,
        };
        self.ids.extend_from_slice(&more);
        self.ids.extend_from_slice(&cs);
        let (id, commute) = (features.id, f32_up(features.commute_km));
        match self.slots.get(&id) {
            Some(&slot) => {
                self.garbage += self.rows[slot].span();
                self.rows[slot] = row;
                self.commutes[slot] = commute;
                self.features[slot] = features;
            }
            None => {
                self.slots.insert(id, self.rows.len());
                self.rows.push(row);
                self.commutes.push(commute);
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
        self.garbage += self.rows[slot].span();
        self.rows.swap_remove(slot);
        self.commutes.swap_remove(slot);
        self.features.swap_remove(slot);
        if let Some(moved) = self.features.get(slot) {
            self.slots.insert(moved.id, slot);
        }
        self.compact_if_wasteful();
    }

    /// Rewrites the arena in slot order once most of it is unused.
    fn compact_if_wasteful(&mut self) {
        if self.garbage < 1 << 16 || self.garbage * 2 < self.ids.len() {
            return;
        }
        let mut arena = Vec::with_capacity(self.ids.len() - self.garbage);
        for r in &mut self.rows {
            let from = r.offset as usize;
            r.offset = arena.len() as u32;
            arena.extend_from_slice(&self.ids[from..from + r.span()]);
        }
        self.ids = arena;
        self.garbage = 0;
    }

    /// The row's tags beyond the bits.
    fn more(&self, r: &Row) -> &[u32] {
        if r.more == 0 {
            return &[];
        }
        let from = r.offset as usize;
        &self.ids[from..from + usize::from(r.more)]
    }

    /// Removes every row (the interned terms stay).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.commutes.clear();
        self.features.clear();
        self.slots.clear();
        self.ids.clear();
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
            let bounds = Bounds {
                lat: (a.lat - dlat, a.lat + dlat),
                lon: (a.lon - dlon, a.lon + dlon),
            };
            areas.push((&a.tags, BoxArea { bounds, tags }));
        }
        if areas.is_empty() && !q.areas.is_empty() {
            return None;
        }
        let band_only = areas
            .iter()
            .all(|(tags, _)| tags.iter().all(|t| t.starts_with("band:")));
        let by_band = (band_only && !areas.is_empty()).then(|| {
            COMMUTE_BANDS
                .iter()
                .map(|b| {
                    let tag = band_tag(*b);
                    areas
                        .iter()
                        .filter(|(tags, _)| tags.is_empty() || tags.contains(&tag))
                        .map(|(_, a)| a.bounds)
                        .collect()
                })
                .collect()
        });
        let areas = areas.into_iter().map(|(_, a)| a).collect();
        let mut sums = vec![0.0f64; self.concept_ids.0.len()];
        for (t, b) in q.boosts.iter().take(MAX_BOOSTS) {
            if let Some(id) = self.concept_ids.get(t) {
                sums[id as usize] += f64::from(*b);
            }
        }
        let boosts = sums
            .into_iter()
            .map(|b| (b.max(0.0) * BOOST_SCALE).ceil().min(f64::from(u32::MAX)) as u32)
            .collect();
        Some(Compiled {
            must,
            any,
            areas,
            by_band,
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

    /// The passing rows among `SCAN_PART` rows from `first`, block by block: the filters
    /// over a block of rows, asking the processor to fetch the concept tokens of each row
    /// passing, then the boost sums of the block's passing rows, whose tokens have arrived
    /// by then.
    fn scan(&self, c: &Compiled, first: usize) -> Vec<(f32, u32)> {
        let end = (first + SCAN_PART).min(self.rows.len());
        let mut out = Vec::new();
        // (slot, arena offset of the concept tokens, number of tokens) of a block.
        let mut block: Vec<(u32, usize, usize)> = vec![(0, 0, 0); SCAN_BLOCK];
        for start in (first..end).step_by(SCAN_BLOCK) {
            let rows = &self.rows[start..(start + SCAN_BLOCK).min(end)];
            // Every entry is written, the count moves on past the passing rows only: no
            // branch to mispredict.
            let mut n = 0;
            for (i, r) in rows.iter().enumerate() {
                let from = r.offset as usize + usize::from(r.more);
                block[n] = ((start + i) as u32, from, usize::from(r.len));
                let pass = self.passes(c, r);
                if pass {
                    prefetch(&self.ids, from);
                }
                n += usize::from(pass);
            }
            out.extend(block[..n].iter().map(|&(slot, from, len)| {
                let units: u64 = self.ids[from..from + len]
                    .iter()
                    .map(|id| u64::from(c.boosts[*id as usize]))
                    .sum();
                (f32_up(units as f64 / BOOST_SCALE), slot)
            }));
        }
        out
    }

    /// Whether a row passes the filters: the date and the tags first, then the boxes of
    /// the areas whose tags the row carries (one for the commute bands of a plan).
    fn passes(&self, c: &Compiled, r: &Row) -> bool {
        if c.max_date_days.is_some_and(|m| i64::from(r.date_days) > m) {
            return false;
        }
        let more = self.more(r);
        if !c.must.all_in(r, more) || c.any.as_ref().is_some_and(|t| !t.any_in(r, more)) {
            return false;
        }
        if let Some(by_band) = &c.by_band {
            return by_band[usize::from(r.band)].iter().any(|b| b.contains(r));
        }
        if c.areas.is_empty() {
            return true;
        }
        if c.areas.len() > 64 {
            return c.areas.iter().any(|a| a.admits(r, more));
        }
        // The areas whose tags the row carries, tested without a branch per area.
        let mut open = 0u64;
        for (k, a) in c.areas.iter().enumerate() {
            open |= u64::from(a.tags.as_ref().is_none_or(|t| t.any_in(r, more))) << k;
        }
        while open != 0 {
            if c.areas[open.trailing_zeros() as usize].bounds.contains(r) {
                return true;
            }
            open &= open - 1;
        }
        false
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

    /// A tag in the table's terms, to test rows for it with [`CandidateTable::whereabouts`].
    pub fn tag_need(&self, tag: Option<&str>) -> TagNeed {
        match tag {
            None => TagNeed::Nothing,
            Some(t) => self.tag_ids.get(t).map_or(TagNeed::Unknown, TagNeed::Tag),
        }
    }

    /// What the distance and availability components depend on, for the candidate in a
    /// slot, read from its row (no pointer to follow); `licence` is the tag of the
    /// vacancy's driving licence (`matching::licence_tag`), which a row carries when the
    /// person's licences cover it.
    pub fn whereabouts(&self, slot: u32, licence: TagNeed) -> Whereabouts {
        let r = &self.rows[slot as usize];
        let licensed = match licence {
            TagNeed::Nothing => true,
            TagNeed::Unknown => false,
            TagNeed::Tag(t) if t < MASK_BITS => r.mask & (1 << t) != 0,
            TagNeed::Tag(t) => self.more(r).binary_search(&t).is_ok(),
        };
        let available_from = u64::try_from(r.date_days)
            .ok()
            .and_then(|d| NaiveDate::default().checked_add_days(Days::new(d)));
        Whereabouts {
            at: Coordinates {
                lat: r.lat,
                lon: r.lon,
            },
            commute_km: f64::from(self.commutes[slot as usize]),
            licensed,
            available_from,
        }
    }
}
