//! The index configuration file (`index-config/index.toml`), read once into typed settings.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The configuration shipped with the program.
pub const EMBEDDED: &str = include_str!("../../index-config/index.toml");

/// Settings of the search index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    /// Raised whenever fields or analyzers change; a different version rebuilds the index.
    pub version: u32,
    pub analyzers: BTreeMap<String, AnalyzerConfig>,
    pub fields: FieldsConfig,
    pub weights: Weights,
    pub writer: WriterConfig,
}

/// One text analyzer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerConfig {
    pub stemmer: Option<Stemmer>,
    pub stopwords: Option<Stemmer>,
}

/// Languages tantivy stems (and, for most, has stop words for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stemmer {
    German,
    English,
    French,
    Arabic,
    Russian,
    Turkish,
}

impl Stemmer {
    pub(crate) fn language(self) -> tantivy::tokenizer::Language {
        use tantivy::tokenizer::Language;
        match self {
            Stemmer::German => Language::German,
            Stemmer::English => Language::English,
            Stemmer::French => Language::French,
            Stemmer::Arabic => Language::Arabic,
            Stemmer::Russian => Language::Russian,
            Stemmer::Turkish => Language::Turkish,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldsConfig {
    pub text: TextFields,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextFields {
    /// One text field per language code; each must name an analyzer. Must include `simple`.
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub concepts: f32,
    pub text: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriterConfig {
    pub memory_budget_mb: usize,
    pub threads: usize,
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("index configuration: {0}")]
    Syntax(#[from] toml::de::Error),
    #[error("index configuration: text language `{0}` has no analyzer")]
    MissingAnalyzer(String),
    #[error("index configuration: the text languages must include `simple`")]
    NoSimple,
    #[error("index configuration: writer.memory_budget_mb must be 15..=4096 and threads 1..=8")]
    Writer,
}

impl IndexConfig {
    /// Parses and checks a configuration.
    pub fn parse(toml_text: &str) -> Result<IndexConfig, ConfigError> {
        let cfg: IndexConfig = toml::from_str(toml_text)?;
        for lang in &cfg.fields.text.languages {
            if !cfg.analyzers.contains_key(lang) {
                return Err(ConfigError::MissingAnalyzer(lang.clone()));
            }
        }
        if !cfg.fields.text.languages.iter().any(|l| l == "simple") {
            return Err(ConfigError::NoSimple);
        }
        if !(15..=4096).contains(&cfg.writer.memory_budget_mb)
            || !(1..=8).contains(&cfg.writer.threads)
        {
            return Err(ConfigError::Writer);
        }
        Ok(cfg)
    }

    /// The configuration shipped with the program.
    pub fn embedded() -> IndexConfig {
        IndexConfig::parse(EMBEDDED).expect("the embedded index configuration is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_configuration_is_valid() {
        let cfg = IndexConfig::parse(EMBEDDED).unwrap();
        assert!(cfg.version >= 1);
        assert!(cfg.fields.text.languages.contains(&"de".to_string()));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let bad = EMBEDDED.replacen("version = ", "verison = 2\nversion = ", 1);
        assert!(IndexConfig::parse(&bad).is_err());
    }
}
