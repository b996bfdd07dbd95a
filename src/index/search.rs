//! Queries on the index: bounded text, concept and tag queries; nothing parses free query
//! syntax.

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::schema::tokenizer_name;
use super::{IndexError, IndexedEntity, SearchIndex};
use crate::domain::EntityId;

/// Longest text query taken, in characters; the rest is ignored.
const MAX_QUERY_CHARS: usize = 500;
/// Most terms taken from a text query per analyzer.
const MAX_TERMS: usize = 32;
/// Most concept or tag tokens in one query.
const MAX_TOKENS: usize = 512;

/// A search over one kind of record.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub entity: IndexedEntity,
    /// Free text, analysed with every configured analyzer.
    pub text: Option<String>,
    /// Concept tokens that raise the score when present.
    pub concepts: Vec<String>,
    /// Tag tokens every hit must carry.
    pub must_tags: Vec<String>,
    /// Tag tokens of which every hit must carry at least one (empty: no condition).
    pub any_tags: Vec<String>,
    pub limit: usize,
}

/// One hit: the record id and its retrieval score (not the match score).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: EntityId,
    pub score: f32,
}

impl SearchIndex {
    /// Runs a search; results by descending retrieval score.
    pub fn search(&self, req: &SearchRequest) -> Result<Vec<Hit>, IndexError> {
        if req.limit == 0 {
            return Ok(Vec::new());
        }
        let query = self.build_query(req);
        let searcher = self.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(req.limit).order_by_score())?;
        top.into_iter()
            .filter_map(|(score, addr)| match self.id_of(&searcher, addr) {
                Ok(Some(id)) => Some(Ok(Hit { id, score })),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            })
            .collect()
    }

    /// Counts the records a request matches.
    pub fn count(&self, req: &SearchRequest) -> Result<usize, IndexError> {
        let query = self.build_query(req);
        Ok(self.searcher().search(&query, &tantivy::collector::Count)?)
    }

    fn build_query(&self, req: &SearchRequest) -> BooleanQuery {
        let f = &self.fields;
        let w = &self.config.weights;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, term(f.entity, req.entity.as_str()))];
        for t in req.must_tags.iter().take(MAX_TOKENS) {
            clauses.push((Occur::Must, term(f.tags, t)));
        }
        if !req.any_tags.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = req
                .any_tags
                .iter()
                .take(MAX_TOKENS)
                .map(|t| (Occur::Should, term(f.tags, t)))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let mut scoring: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for c in req.concepts.iter().take(MAX_TOKENS) {
            scoring.push((
                Occur::Should,
                Box::new(BoostQuery::new(term_freq(f.concepts, c), w.concepts)),
            ));
        }
        if let Some(text) = req.text.as_deref() {
            let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
            for (lang, field) in &f.text {
                let Some(mut analyzer) = self.index.tokenizers().get(&tokenizer_name(lang)) else {
                    continue;
                };
                let mut stream = analyzer.token_stream(&text);
                let mut n = 0;
                while stream.advance() && n < MAX_TERMS {
                    let tq = term_freq(*field, &stream.token().text);
                    scoring.push((Occur::Should, Box::new(BoostQuery::new(tq, w.text))));
                    n += 1;
                }
            }
        }
        if !scoring.is_empty() {
            clauses.push((Occur::Should, Box::new(BooleanQuery::new(scoring))));
        }
        BooleanQuery::new(clauses)
    }

    fn id_of(&self, searcher: &Searcher, addr: DocAddress) -> Result<Option<EntityId>, IndexError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        Ok(doc
            .get_first(self.fields.id)
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse().ok()))
    }
}

fn term(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn term_freq(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Every id of a kind in the index.
pub(super) fn all_ids(
    index: &SearchIndex,
    entity: IndexedEntity,
) -> Result<Vec<EntityId>, IndexError> {
    let searcher = index.searcher();
    let query = BooleanQuery::new(vec![
        (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
        (Occur::Must, term(index.fields.entity, entity.as_str())),
    ]);
    let addrs = searcher.search(&query, &DocSetCollector)?;
    let mut ids = Vec::with_capacity(addrs.len());
    for addr in addrs {
        if let Some(id) = index.id_of(&searcher, addr)? {
            ids.push(id);
        }
    }
    ids.sort();
    Ok(ids)
}
