//! Reading the ESCO download: loose CSV files and CSV files inside zip archives.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::import::ImportError;

/// A CSV file read into memory.
pub(crate) struct Table {
    name: &'static str,
    headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn col(&self, column: &'static str) -> Result<usize, ImportError> {
        self.headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == column)
            .ok_or(ImportError::MissingColumn {
                file: self.name,
                column,
            })
    }

    pub(crate) fn cols(&self, columns: &[&'static str]) -> Result<Vec<usize>, ImportError> {
        columns.iter().map(|c| self.col(c)).collect()
    }
}

/// The ESCO download directory: loose CSV files and zip archives.
pub(crate) struct Sources {
    dir: PathBuf,
    zips: Vec<PathBuf>,
}

impl Sources {
    pub(crate) fn open(dir: &Path) -> Result<Self, ImportError> {
        let io = |source| ImportError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut zips = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                zips.push(path);
            }
        }
        zips.sort();
        Ok(Self {
            dir: dir.to_path_buf(),
            zips,
        })
    }

    /// Reads `name` from the directory, its `fr/` folder or any zip archive.
    fn read(&self, name: &'static str) -> Result<Vec<u8>, ImportError> {
        for path in [self.dir.join(name), self.dir.join("fr").join(name)] {
            if path.is_file() {
                return std::fs::read(&path).map_err(|source| ImportError::Io { path, source });
            }
        }
        for path in &self.zips {
            let zip_err = |source| ImportError::Zip {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::open(path).map_err(|source| ImportError::Io {
                path: path.clone(),
                source,
            })?;
            let mut archive = zip::ZipArchive::new(file).map_err(zip_err)?;
            let entry = archive
                .file_names()
                .find(|n| n.rsplit('/').next() == Some(name))
                .map(str::to_owned);
            if let Some(entry) = entry {
                let mut f = archive.by_name(&entry).map_err(zip_err)?;
                let mut buf = Vec::new();
                f.read_to_end(&mut buf).map_err(|source| ImportError::Io {
                    path: path.join(&entry),
                    source,
                })?;
                return Ok(buf);
            }
        }
        Err(ImportError::MissingFile(name))
    }

    pub(crate) fn table(&self, name: &'static str) -> Result<Table, ImportError> {
        let bytes = self.read(name)?;
        let csv_err = |source| ImportError::Csv {
            file: name.to_owned(),
            source,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.as_slice());
        let headers: Vec<String> = reader
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(str::to_owned)
            .collect();
        let width = headers.len();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_err)?;
            let mut fields: Vec<String> = record.iter().map(str::to_owned).collect();
            fields.resize(fields.len().max(width), String::new());
            rows.push(fields);
        }
        Ok(Table {
            name,
            headers,
            rows,
        })
    }
}
