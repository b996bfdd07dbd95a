//! passgenau: job matching for the people who place refugees and asylum seekers into work.

pub mod app;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cpu;
pub mod demo;
pub mod domain;
pub mod error;
pub mod events;
pub mod fixtures;
pub mod http;
pub mod import;
pub mod index;
pub mod json;
pub mod matching;
pub mod permission;
pub mod reporting;
pub mod statistics;
pub mod store;
pub mod taxonomy;
pub mod telemetry;
