//! Retrieval for matching: filters the score also treats as exclusions, and an ordering by
//! a sum of term boosts (an upper bound of the match score, built by `matching`).

use std::ops::Bound;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::{IndexError, IndexedEntity, SearchIndex};
use crate::domain::EntityId;

/// Most boosted terms taken from one request.
pub const MAX_BOOSTS: usize = 20_000;
/// Most filter tags in one request.
pub const MAX_TAGS: usize = 256;

/// A circle around a point, for records carrying one of `tags` (empty: all records).
#[derive(Debug, Clone, PartialEq)]
pub struct GeoArea {
    pub tags: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
}

/// A filtered, boosted retrieval request.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterQuery {
    pub entity: IndexedEntity,
    /// Every hit carries each tag.
    pub must_tags: Vec<String>,
    /// Every hit carries one of these tags (empty: no condition).
    pub any_tags: Vec<String>,
    /// Every hit lies in one of the areas (empty: no condition).
    pub areas: Vec<GeoArea>,
    /// Every hit's date is on or before this day (days since 1970-01-01).
    pub max_date_days: Option<i64>,
    /// Concept terms and the score each adds when present.
    pub boosts: Vec<(String, f32)>,
}

/// The best hits by boost sum, and how many records passed the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrieved {
    pub hits: Vec<(EntityId, f32)>,
    pub total: usize,
}

fn constant(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn range_f64(field: tantivy::schema::Field, lo: f64, hi: f64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_f64(field, lo)),
        Bound::Included(Term::from_field_f64(field, hi)),
    ))
}

/// Degrees of latitude and longitude that surely contain a circle of `km` (haversine on the
/// mean earth radius), with a margin.
pub fn bbox(lat: f64, km: f64) -> (f64, f64) {
    let dlat = km / 111.19 * 1.01 + 1e-6;
    let far = (lat.abs() + dlat).min(89.0).to_radians();
    let dlon = (km / (111.19 * far.cos()) * 1.01 + 1e-6).min(180.0);
    (dlat, dlon)
}

impl SearchIndex {
    fn filter_query(&self, q: &FilterQuery) -> BooleanQuery {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, term(f.entity, q.entity.as_str()))];
        for t in q.must_tags.iter().take(MAX_TAGS) {
            must.push((Occur::Must, term(f.tags, t)));
        }
        if !q.any_tags.is_empty() {
            let any = q
                .any_tags
                .iter()
                .take(MAX_TAGS)
                .map(|t| (Occur::Should, term(f.tags, t)))
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if !q.areas.is_empty() {
            let areas = q
                .areas
                .iter()
                .take(MAX_TAGS)
                .map(|a| {
                    let (dlat, dlon) = bbox(a.lat, a.radius_km.max(0.0));
                    let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![
                        (Occur::Must, range_f64(f.lat, a.lat - dlat, a.lat + dlat)),
                        (Occur::Must, range_f64(f.lon, a.lon - dlon, a.lon + dlon)),
                    ];
                    if !a.tags.is_empty() {
                        let any = a
                            .tags
                            .iter()
                            .map(|t| (Occur::Should, term(f.tags, t)))
                            .collect();
                        parts.push((Occur::Must, Box::new(BooleanQuery::new(any))));
                    }
                    (
                        Occur::Should,
                        Box::new(BooleanQuery::new(parts)) as Box<dyn Query>,
                    )
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(areas))));
        }
        if let Some(max) = q.max_date_days {
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.date_days, max)),
                )),
            ));
        }
        let mut clauses = vec![(
            Occur::Must,
            constant(Box::new(BooleanQuery::new(must)), 0.0),
        )];
        let boosts: Vec<(Occur, Box<dyn Query>)> = q
            .boosts
            .iter()
            .take(MAX_BOOSTS)
            .map(|(t, b)| (Occur::Should, constant(term(f.concepts, t), *b)))
            .collect();
        if !boosts.is_empty() {
            clauses.push((Occur::Should, Box::new(BooleanQuery::new(boosts))));
        }
        BooleanQuery::new(clauses)
    }

    /// The `limit` records with the highest boost sums among those passing the filters (ties
    /// in index order), and the number passing.
    pub fn retrieve(&self, q: &FilterQuery, limit: usize) -> Result<Retrieved, IndexError> {
        let query = self.filter_query(q);
        let searcher = self.searcher();
        let collector = (TopDocs::with_limit(limit.max(1)).order_by_score(), Count);
        let (top, total) = searcher.search(&query, &collector)?;
        let ids = self.ids_of(&searcher, top.iter().map(|(_, a)| *a))?;
        let hits = top.iter().zip(ids).map(|((s, _), id)| (id, *s)).collect();
        Ok(Retrieved { hits, total })
    }

    /// Every record passing the filters, in no particular order.
    pub fn retrieve_all(&self, q: &FilterQuery) -> Result<Vec<EntityId>, IndexError> {
        let query = self.filter_query(q);
        let searcher = self.searcher();
        let mut addrs: Vec<DocAddress> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addrs.sort();
        self.ids_of(&searcher, addrs.into_iter())
    }

    fn ids_of(
        &self,
        searcher: &Searcher,
        addrs: impl Iterator<Item = DocAddress>,
    ) -> Result<Vec<EntityId>, IndexError> {
        let mut columns = Vec::new();
        for r in searcher.segment_readers() {
            let ff = r.fast_fields();
            columns.push((ff.u64("id_hi")?, ff.u64("id_lo")?));
        }
        let mut out = Vec::new();
        for a in addrs {
            let Some((hi, lo)) = columns.get(a.segment_ord as usize) else {
                continue;
            };
            if let (Some(h), Some(l)) = (hi.first(a.doc_id), lo.first(a.doc_id)) {
                out.push(EntityId::from_u128((u128::from(h) << 64) | u128::from(l)));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_contains_every_point_of_the_circle() {
        use crate::domain::Coordinates;
        let c = Coordinates {
            lat: 50.8,
            lon: 6.48,
        };
        for km in [1.0, 25.0, 300.0] {
            let (dlat, dlon) = bbox(c.lat, km);
            for deg in (0..360).step_by(5) {
                let t = f64::from(deg).to_radians();
                // Walk outwards along a bearing until the distance exceeds km.
                let mut p = c;
                let mut step = 0.0;
                while c.distance_km(p) <= km {
                    step += km / 200.0;
                    p = Coordinates {
                        lat: c.lat + step / 111.19 * t.cos(),
                        lon: c.lon + step / (111.19 * c.lat.to_radians().cos()) * t.sin(),
                    };
                    if c.distance_km(p) <= km {
                        assert!(
                            (p.lat - c.lat).abs() <= dlat && (p.lon - c.lon).abs() <= dlon,
                            "{km} km at {deg}°"
                        );
                    }
                }
            }
        }
    }
}
