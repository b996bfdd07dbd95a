//! The tantivy schema, built once from the configuration into typed field handles.

use std::collections::BTreeMap;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

use super::IndexDoc;
use super::config::IndexConfig;

/// Typed handles of every field; request code never looks a field up by name.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record id (string, stored and fast).
    pub id: Field,
    /// The record id as two fast `u64` halves, read by retrieval without loading documents.
    pub id_hi: Field,
    pub id_lo: Field,
    /// `candidate` or `vacancy`.
    pub entity: Field,
    /// Free-text fields by language code (`de`, `en`, …, `simple`).
    pub text: BTreeMap<String, Field>,
    /// ESCO concept and ISCO group tokens (`skill:<uuid>`, `occ:<uuid>`, `isco4:9333`).
    pub concepts: Field,
    /// Exact filter tokens (`wt:employment`, `lang:de:B1`, `visible`, …).
    pub tags: Field,
    pub lat: Field,
    pub lon: Field,
    /// Reach in km: a candidate's maximum commute, a vacancy's search radius.
    pub radius_km: Field,
    /// Available from / start date, days since 1970-01-01.
    pub date_days: Field,
}

pub(crate) fn tokenizer_name(lang: &str) -> String {
    format!("pg_{lang}")
}

/// Builds the schema and the field handles from the configuration.
pub fn build(cfg: &IndexConfig) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED | FAST);
    let id_hi = b.add_u64_field("id_hi", FAST);
    let id_lo = b.add_u64_field("id_lo", FAST);
    let entity = b.add_text_field("entity", STRING | FAST);
    let text = cfg
        .fields
        .text
        .languages
        .iter()
        .map(|lang| {
            let opts = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&tokenizer_name(lang))
                    .set_index_option(IndexRecordOption::WithFreqs),
            );
            (
                lang.clone(),
                b.add_text_field(&format!("text_{lang}"), opts),
            )
        })
        .collect();
    let concepts = b.add_text_field(
        "concepts",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let tags = b.add_text_field("tags", STRING);
    let lat = b.add_f64_field("lat", FAST | INDEXED);
    let lon = b.add_f64_field("lon", FAST | INDEXED);
    let radius_km = b.add_f64_field("radius_km", FAST);
    let date_days = b.add_i64_field("date_days", FAST | INDEXED);
    let schema = b.build();
    (
        schema,
        Fields {
            id,
            id_hi,
            id_lo,
            entity,
            text,
            concepts,
            tags,
            lat,
            lon,
            radius_km,
            date_days,
        },
    )
}

/// Registers the analyzers named in the configuration on an index.
pub fn register_analyzers(index: &Index, cfg: &IndexConfig) {
    for (lang, a) in &cfg.analyzers {
        let base = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .dynamic();
        let with_stop = match a.stopwords.and_then(|s| StopWordFilter::new(s.language())) {
            Some(stop) => base.filter_dynamic(stop),
            None => base,
        };
        let with_stem = match a.stemmer {
            Some(s) => with_stop.filter_dynamic(Stemmer::new(s.language())),
            None => with_stop,
        };
        let analyzer = with_stem.filter_dynamic(AsciiFoldingFilter).build();
        index.tokenizers().register(&tokenizer_name(lang), analyzer);
    }
}

impl Fields {
    /// Turns an [`IndexDoc`] into a tantivy document.
    pub fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, d.id.to_string());
        let id = d.id.as_u128();
        doc.add_u64(self.id_hi, (id >> 64) as u64);
        doc.add_u64(self.id_lo, id as u64);
        doc.add_text(self.entity, d.entity.as_str());
        for (lang, t) in &d.texts {
            let field = self
                .text
                .get(lang.as_str())
                .or_else(|| self.text.get("simple"))
                .copied();
            if let Some(f) = field {
                doc.add_text(f, t);
            }
        }
        for c in &d.concepts {
            doc.add_text(self.concepts, c);
        }
        for t in &d.tags {
            doc.add_text(self.tags, t);
        }
        doc.add_f64(self.lat, d.lat);
        doc.add_f64(self.lon, d.lon);
        doc.add_f64(self.radius_km, d.radius_km);
        doc.add_i64(self.date_days, d.date_days);
        doc
    }
}
