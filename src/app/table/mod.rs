//! Candidate retrieval in memory: the filter tags, concept tokens, coordinates and date of
//! every indexed candidate document, with its match features, in one table that a request
//! scans once.
//!
//! The table evaluates a [`FilterQuery`] exactly as the search index does (the same tags,
//! the same boxes around the areas, the same date bound, the boost sum over the distinct
//! concept tokens a document carries), so the number passing and the boost sums are the
//! index's. It holds the concept tokens of the match features only (`sk:`, `oc:`, `isco…:`,
//! see `matching::bound`), the only ones a retrieval plan boosts.
//!
//! Rows are kept in buckets by commute band and place (a grid of [`CELL_DEG`] degrees), each
//! bucket with the box its rows lie in: a search reads only the buckets whose box meets the
//! area of their band, and within them scans rows of 48 bytes, a block at a time. At
//! 1,000,000 candidates this costs a few milliseconds on two cores, where the index's range
//! and tag intersections cost tens, repeated for each round of retrieval.

mod filter;
mod scan;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;

use crate::domain::{Coordinates, DrivingLicence, EntityId};
use crate::index::FilterQuery;
use crate::matching::{CandidateFeatures, TermShare, Whereabouts, all_licences, commute_band};

use filter::{Bounds, Reach, compile};
use scan::scan;

/// Rows scanned by one task, about.
const SCAN_PART: usize = 1 << 16;

/// Side of a grid cell of the buckets, in degrees (about 28 km north to south).
const CELL_DEG: f64 = 0.25;

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

    fn len(&self) -> usize {
        self.0.len()
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
    /// Where the row's ids start in its bucket's arena: first the tags beyond the bits,
    /// then the distinct concept tokens.
    offset: u32,
    /// The candidate's slot: its place in the table's features.
    slot: u32,
    /// Number of tags beyond the bits.
    more: u16,
    /// Number of concept tokens.
    len: u16,
}

impl Row {
    /// Arena entries of the row.
    fn span(&self) -> usize {
        usize::from(self.more) + usize::from(self.len)
    }
}

/// A plan's term shares (`matching::TermShare`) by the table's concept ids.
#[derive(Default)]
pub struct Shares {
    /// By concept id: `(requirement, share)` pairs and the occupation step.
    by_id: HashMap<u32, (Vec<(u16, f64)>, f64)>,
    requirements: usize,
}

/// What the distance and availability bound of a candidate reads, by slot: one cache line
/// a candidate, rather than the features behind a pointer.
#[derive(Clone, Copy)]
struct BoundRecord {
    lat: f64,
    lon: f64,
    /// Available from, in days since 1970-01-01 (0: at once).
    date_days: i32,
    /// The longest commute, rounded up.
    commute_km: f32,
    /// Bit `k` set when the person's licences cover the `k`-th of
    /// `matching::all_licences`.
    licences: u32,
}

/// The rows of one commute band in one grid cell, and their ids in an arena of their own,
/// which a scan reads in order.
struct Bucket {
    /// Index in `matching::COMMUTE_BANDS`.
    band: usize,
    /// A box holding every row (it may be larger after removals).
    span: Bounds,
    rows: Vec<Row>,
    ids: Vec<u32>,
    /// Arena entries no row refers to any more.
    garbage: usize,
}

impl Bucket {
    /// Adds a row with its tags beyond the bits and its concept tokens.
    fn push(&mut self, mut row: Row, more: &[u32], concepts: &[u32]) {
        row.offset = self.ids.len() as u32;
        self.ids.extend_from_slice(more);
        self.ids.extend_from_slice(concepts);
        self.span.grow(row.lat, row.lon);
        self.rows.push(row);
    }

    /// The row's tags beyond the bits.
    fn more(&self, r: &Row) -> &[u32] {
        if r.more == 0 {
            return &[];
        }
        let from = r.offset as usize;
        &self.ids[from..from + usize::from(r.more)]
    }

    /// The row's concept tokens.
    fn concepts(&self, r: &Row) -> &[u32] {
        let from = r.offset as usize + usize::from(r.more);
        &self.ids[from..from + usize::from(r.len)]
    }

    /// Rewrites the arena in row order once most of it is unused.
    fn compact_if_wasteful(&mut self) {
        if self.garbage < 1 << 12 || self.garbage * 2 < self.ids.len() {
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
}

/// The table of indexed candidates: rows in buckets; by slot, where its row is, the
/// commute and the features.
#[derive(Default)]
pub struct CandidateTable {
    buckets: Vec<Bucket>,
    /// Bucket by commute band and grid cell.
    bucket_of: HashMap<(usize, i32, i32), usize>,
    /// By slot, the bucket and the index of its row.
    place: Vec<(usize, usize)>,
    /// By slot, what the distance and availability bound reads.
    reach: Vec<BoundRecord>,
    features: Vec<Arc<CandidateFeatures>>,
    slots: HashMap<EntityId, usize>,
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
        let mut row = Row {
            lat: features.at.lat,
            lon: features.at.lon,
            // Days since 1970 of any date chrono can hold fit in an i32.
            date_days: i32::try_from(date_days).unwrap_or(0),
            mask,
            offset: 0,
            slot: 0,
            more: more.len() as u16,
            len: cs.len() as u16,
        };
        let band = commute_band(features.commute_km);
        let reach = BoundRecord {
            lat: row.lat,
            lon: row.lon,
            date_days: row.date_days,
            commute_km: f32_up(features.commute_km),
            licences: all_licences()
                .iter()
                .enumerate()
                .filter(|(_, l)| features.covers(**l))
                .fold(0, |bits, (k, _)| bits | 1 << k),
        };
        let id = features.id;
        let slot = match self.slots.get(&id) {
            Some(&slot) => {
                self.detach(slot);
                self.reach[slot] = reach;
                self.features[slot] = features;
                slot
            }
            None => {
                let slot = self.features.len();
                self.slots.insert(id, slot);
                self.place.push((0, 0));
                self.reach.push(reach);
                self.features.push(features);
                slot
            }
        };
        row.slot = slot as u32;
        self.attach(band, row, &more, &cs);
    }

    /// Puts a row into the bucket of its band and cell.
    fn attach(&mut self, band: usize, row: Row, more: &[u32], concepts: &[u32]) {
        let cell = (
            (row.lat / CELL_DEG).floor() as i32,
            (row.lon / CELL_DEG).floor() as i32,
        );
        let b = *self
            .bucket_of
            .entry((band, cell.0, cell.1))
            .or_insert_with(|| {
                self.buckets.push(Bucket {
                    band,
                    span: Bounds::at(row.lat, row.lon),
                    rows: Vec::new(),
                    ids: Vec::new(),
                    garbage: 0,
                });
                self.buckets.len() - 1
            });
        let bucket = &mut self.buckets[b];
        self.place[row.slot as usize] = (b, bucket.rows.len());
        bucket.push(row, more, concepts);
    }

    /// Takes a slot's row out of its bucket.
    fn detach(&mut self, slot: usize) {
        let (b, i) = self.place[slot];
        let bucket = &mut self.buckets[b];
        bucket.garbage += bucket.rows[i].span();
        bucket.rows.swap_remove(i);
        if let Some(moved) = bucket.rows.get(i) {
            self.place[moved.slot as usize] = (b, i);
        }
        bucket.compact_if_wasteful();
    }

    /// Removes a candidate's row.
    pub fn remove(&mut self, id: EntityId) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        self.detach(slot);
        self.place.swap_remove(slot);
        self.reach.swap_remove(slot);
        self.features.swap_remove(slot);
        // The last slot moved into the freed one.
        if let Some(&(b, i)) = self.place.get(slot) {
            self.buckets[b].rows[i].slot = slot as u32;
            self.slots.insert(self.features[slot].id, slot);
        }
    }

    /// Removes every row (the interned terms stay).
    pub fn clear(&mut self) {
        self.buckets.clear();
        self.bucket_of.clear();
        self.place.clear();
        self.reach.clear();
        self.features.clear();
        self.slots.clear();
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Every row passing the filters, with its boost sum: `(boost sum, slot)`. Only the
    /// buckets whose box meets an area are read; large reads are split into parts of about
    /// [`SCAN_PART`] rows, scanned on every core.
    pub fn passing(&self, q: &FilterQuery) -> Vec<(f32, u32)> {
        let Some(c) = compile(&self.tag_ids, &self.concept_ids, q) else {
            return Vec::new();
        };
        // (bucket, what its rows must satisfy of the areas, rows) pieces, grouped into parts.
        let mut parts: Vec<Vec<(&Bucket, Reach<'_>, Range<usize>)>> = Vec::new();
        let (mut part, mut size) = (Vec::new(), 0);
        for bucket in &self.buckets {
            let Some(reach) = c.reach(bucket.band, &bucket.span) else {
                continue;
            };
            for from in (0..bucket.rows.len()).step_by(SCAN_PART) {
                let end = (from + SCAN_PART).min(bucket.rows.len());
                part.push((bucket, reach, from..end));
                size += end - from;
                if size >= SCAN_PART {
                    parts.push(std::mem::take(&mut part));
                    size = 0;
                }
            }
        }
        if !part.is_empty() {
            parts.push(part);
        }
        let scan_part = |part: &Vec<(&Bucket, Reach<'_>, Range<usize>)>| {
            let mut out = Vec::new();
            for (bucket, reach, rows) in part {
                scan(&c, reach, bucket, rows.clone(), &mut out);
            }
            out
        };
        match parts.len() {
            0 => Vec::new(),
            1 => scan_part(&parts[0]),
            _ => parts.par_iter().map(scan_part).collect::<Vec<_>>().concat(),
        }
    }

    /// The ids and boost sums of every row passing the filters.
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

    /// A plan's term shares in the table's ids.
    pub fn shares(&self, terms: &[TermShare]) -> Shares {
        let mut out = Shares::default();
        for t in terms {
            let Some(id) = self.concept_ids.get(&t.token) else {
                continue;
            };
            let entry = out.by_id.entry(id).or_default();
            entry.0.extend_from_slice(&t.requirements);
            entry.1 += t.occupation;
            for (r, _) in &t.requirements {
                out.requirements = out.requirements.max(usize::from(*r) + 1);
            }
        }
        out
    }

    /// The skill and occupation part of a candidate's bound, taking per requirement only
    /// the best share among the terms the candidate carries, as the score takes the best
    /// credit: never above the boost sum, never below what the terms add to the score.
    /// `best` is scratch space.
    pub fn share_bound(&self, slot: u32, shares: &Shares, best: &mut Vec<f64>) -> f64 {
        let (b, i) = self.place[slot as usize];
        let bucket = &self.buckets[b];
        best.clear();
        best.resize(shares.requirements, 0.0);
        let mut occupation = 0.0;
        for id in bucket.concepts(&bucket.rows[i]) {
            if let Some((requirements, step)) = shares.by_id.get(id) {
                occupation += step;
                for &(r, x) in requirements {
                    let slot = &mut best[usize::from(r)];
                    *slot = slot.max(x);
                }
            }
        }
        best.iter().sum::<f64>() + occupation
    }

    /// What the distance and availability components depend on, for the candidate in a
    /// slot, with respect to a vacancy asking for `licence`: read from the table, without
    /// following a pointer to the features.
    pub fn whereabouts(&self, slot: u32, licence: Option<DrivingLicence>) -> Whereabouts {
        let r = &self.reach[slot as usize];
        let licensed = licence.is_none_or(|l| {
            all_licences()
                .iter()
                .position(|x| *x == l)
                .is_some_and(|k| r.licences & 1 << k != 0)
        });
        let available_from = u64::try_from(r.date_days)
            .ok()
            .and_then(|d| NaiveDate::default().checked_add_days(Days::new(d)));
        Whereabouts {
            at: Coordinates {
                lat: r.lat,
                lon: r.lon,
            },
            commute_km: f64::from(r.commute_km),
            licensed,
            available_from,
        }
    }
}
