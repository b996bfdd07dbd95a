//! The ESCO taxonomy: embedded data, label resolution in several languages, relations.

mod data;
mod import;
mod props;
mod resolve;
