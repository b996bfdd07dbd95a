//! A [`FilterQuery`] compiled into the table's terms: tag sets as bits, areas as boxes,
//! boosts as fixed-point units by concept id.

use crate::index::{FilterQuery, IndexedEntity, MAX_BOOSTS, MAX_TAGS, bbox};
use crate::matching::{COMMUTE_BANDS, band_tag};

use super::{BOOST_SCALE, MASK_BITS, Row, Terms};

/// A set of tags, as bits and a list of the ids beyond the bits.
#[derive(Default)]
pub(super) struct TagSet {
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    pub lat: (f64, f64),
    pub lon: (f64, f64),
}

impl Bounds {
    /// The box holding just one point.
    pub fn at(lat: f64, lon: f64) -> Self {
        Bounds {
            lat: (lat, lat),
            lon: (lon, lon),
        }
    }

    /// Grows the box to hold a point.
    pub fn grow(&mut self, lat: f64, lon: f64) {
        self.lat = (self.lat.0.min(lat), self.lat.1.max(lat));
        self.lon = (self.lon.0.min(lon), self.lon.1.max(lon));
    }

    /// Whether the two boxes share a point.
    pub fn meets(&self, o: &Bounds) -> bool {
        self.lat.0 <= o.lat.1
            && o.lat.0 <= self.lat.1
            && self.lon.0 <= o.lon.1
            && o.lon.0 <= self.lon.1
    }

    /// Whether the row lies in the box.
    fn contains(&self, r: &Row) -> bool {
        (self.lat.0 <= r.lat)
            & (r.lat <= self.lat.1)
            & (self.lon.0 <= r.lon)
            & (r.lon <= self.lon.1)
    }
}

/// A box around an area, and the tags of which a record must carry one (`None`: any).
pub(super) struct BoxArea {
    bounds: Bounds,
    tags: Option<TagSet>,
}

impl BoxArea {
    /// Whether the row carries one of the tags and lies in the box.
    fn admits(&self, r: &Row, more: &[u32]) -> bool {
        self.tags.as_ref().is_none_or(|t| t.any_in(r, more)) && self.bounds.contains(r)
    }
}

/// What rows of one bucket (one commute band, one place) must satisfy of the areas.
#[derive(Clone, Copy)]
pub(super) enum Reach<'a> {
    /// No area is asked for.
    Anywhere,
    /// The row lies in one of these boxes (the areas of a row's commute band).
    Boxes(&'a [Bounds]),
    /// The row lies in the box of an area whose tags it carries.
    Areas(&'a [BoxArea]),
}

/// A [`FilterQuery`] in terms of the table's ids.
pub(super) struct Compiled {
    must: TagSet,
    any: Option<TagSet>,
    areas: Vec<BoxArea>,
    /// When the areas ask for commute band tags only (as plans do): by band, the boxes a
    /// row of that band must lie in one of.
    by_band: Option<Vec<Vec<Bounds>>>,
    max_date_days: Option<i64>,
    /// Boost by concept id, in units of `1 / BOOST_SCALE`, rounded up.
    pub boosts: Vec<u32>,
}

fn tag_set(ids: &Terms, tags: &[String], limit: usize) -> (TagSet, bool) {
    let mut set = TagSet::default();
    let mut unknown = false;
    for t in tags.iter().take(limit) {
        match ids.get(t) {
            Some(id) => set.push(id),
            None => unknown = true,
        }
    }
    (set, unknown)
}

/// Compiles a query against the interned tags and concepts; `None` when no row can pass.
pub(super) fn compile(tag_ids: &Terms, concept_ids: &Terms, q: &FilterQuery) -> Option<Compiled> {
    if q.entity != IndexedEntity::Candidate {
        return None;
    }
    let (must, unknown) = tag_set(tag_ids, &q.must_tags, MAX_TAGS);
    if unknown {
        return None;
    }
    let any = if q.any_tags.is_empty() {
        None
    } else {
        let (set, _) = tag_set(tag_ids, &q.any_tags, MAX_TAGS);
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
            let (set, _) = tag_set(tag_ids, &a.tags, usize::MAX);
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
    let mut sums = vec![0.0f64; concept_ids.len()];
    for (t, b) in q.boosts.iter().take(MAX_BOOSTS) {
        if let Some(id) = concept_ids.get(t) {
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

impl Compiled {
    /// What the rows of a bucket of commute band `band` whose rows lie in `span` must
    /// satisfy of the areas; `None` when none of them can pass.
    pub fn reach(&self, band: usize, span: &Bounds) -> Option<Reach<'_>> {
        if let Some(by_band) = &self.by_band {
            let boxes = &by_band[band];
            return boxes
                .iter()
                .any(|b| b.meets(span))
                .then_some(Reach::Boxes(boxes));
        }
        if self.areas.is_empty() {
            return Some(Reach::Anywhere);
        }
        self.areas
            .iter()
            .any(|a| a.bounds.meets(span))
            .then_some(Reach::Areas(&self.areas))
    }

    /// Whether a row passes the filters: the date and the tags first, then the areas.
    pub fn passes(&self, reach: &Reach<'_>, r: &Row, more: &[u32]) -> bool {
        if self
            .max_date_days
            .is_some_and(|m| i64::from(r.date_days) > m)
        {
            return false;
        }
        if !self.must.all_in(r, more) || self.any.as_ref().is_some_and(|t| !t.any_in(r, more)) {
            return false;
        }
        match reach {
            Reach::Anywhere => true,
            Reach::Boxes(boxes) => boxes.iter().any(|b| b.contains(r)),
            Reach::Areas(areas) if areas.len() > 64 => areas.iter().any(|a| a.admits(r, more)),
            Reach::Areas(areas) => {
                // The areas whose tags the row carries, tested without a branch per area.
                let mut open = 0u64;
                for (k, a) in areas.iter().enumerate() {
                    open |= u64::from(a.tags.as_ref().is_none_or(|t| t.any_in(r, more))) << k;
                }
                while open != 0 {
                    if areas[open.trailing_zeros() as usize].bounds.contains(r) {
                        return true;
                    }
                    open &= open - 1;
                }
                false
            }
        }
    }
}
