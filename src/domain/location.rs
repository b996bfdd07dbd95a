//! German postcodes (*Postleitzahlen*) with coordinates, and distances between them.
//!
//! The postcode table is data shipped with the program (`index-config/plz/postcodes-de.tsv`,
//! © GeoNames, CC BY 4.0), parsed once on first use.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// A point on the earth in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(self, other: Coordinates) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0088;
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let a = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// What the postcode table knows about one postcode.
#[derive(Debug, Clone, PartialEq)]
pub struct PostcodeInfo {
    pub coordinates: Coordinates,
    /// Most frequent place name.
    pub place: String,
    /// District key (*Kreisschlüssel*, first five digits of the AGS).
    pub district_key: String,
    /// Federal state (*Bundesland*).
    pub state: String,
}

static POSTCODES: LazyLock<HashMap<[u8; 5], PostcodeInfo>> = LazyLock::new(|| {
    let raw = include_str!("../../index-config/plz/postcodes-de.tsv");
    raw.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let plz: [u8; 5] = cols.next()?.as_bytes().try_into().ok()?;
            let lat = cols.next()?.parse().ok()?;
            let lon = cols.next()?.parse().ok()?;
            let place = cols.next()?.to_owned();
            let district_key = cols.next()?.to_owned();
            let state = cols.next().unwrap_or_default().to_owned();
            Some((
                plz,
                PostcodeInfo {
                    coordinates: Coordinates { lat, lon },
                    place,
                    district_key,
                    state,
                },
            ))
        })
        .collect()
});

/// A German postcode that exists (five digits, present in the postcode table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, example = "52351")]
pub struct Postcode([u8; 5]);

/// Why a string is not a postcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    #[error("a German postcode has exactly five digits")]
    Malformed,
    #[error("no such German postcode")]
    Unknown,
}

impl Postcode {
    /// The postcode as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("00000")
    }

    /// What the table knows about this postcode.
    pub fn info(&self) -> &'static PostcodeInfo {
        // A Postcode can only be built from a row of the table.
        &POSTCODES[&self.0]
    }

    /// The postcode's coordinates (centroid).
    pub fn coordinates(&self) -> Coordinates {
        self.info().coordinates
    }

    /// Every postcode whose district key starts with `prefix` (e.g. `05358` for Kreis Düren).
    pub fn in_district(prefix: &str) -> Vec<Postcode> {
        let mut found: Vec<Postcode> = POSTCODES
            .iter()
            .filter(|(_, info)| info.district_key.starts_with(prefix))
            .map(|(plz, _)| Postcode(*plz))
            .collect();
        found.sort();
        found
    }

    /// Number of postcodes known.
    pub fn count() -> usize {
        POSTCODES.len()
    }
}

impl FromStr for Postcode {
    type Err = PostcodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes: [u8; 5] = s
            .trim()
            .as_bytes()
            .try_into()
            .map_err(|_| PostcodeError::Malformed)?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(PostcodeError::Malformed);
        }
        if !POSTCODES.contains_key(&bytes) {
            return Err(PostcodeError::Unknown);
        }
        Ok(Postcode(bytes))
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Postcode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Postcode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|e: PostcodeError| {
            let code = match e {
                PostcodeError::Malformed => "invalid_postcode",
                PostcodeError::Unknown => "unknown_postcode",
            };
            serde::de::Error::custom(super::text::coded(code, e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dueren_postcodes_exist_and_lie_near_each_other() {
        let a: Postcode = "52351".parse().unwrap();
        let b: Postcode = "52349".parse().unwrap();
        assert_eq!(a.info().district_key, "05358");
        assert!(a.coordinates().distance_km(b.coordinates()) < 5.0);
    }

    #[test]
    fn dueren_to_herford_is_about_two_hundred_km() {
        let a: Postcode = "52351".parse().unwrap();
        let b: Postcode = "32049".parse().unwrap();
        let d = a.coordinates().distance_km(b.coordinates());
        assert!((170.0..230.0).contains(&d), "{d}");
    }

    #[test]
    fn malformed_and_unknown_postcodes_are_told_apart() {
        assert_eq!("5235".parse::<Postcode>(), Err(PostcodeError::Malformed));
        assert_eq!("5235a".parse::<Postcode>(), Err(PostcodeError::Malformed));
        assert_eq!("00000".parse::<Postcode>(), Err(PostcodeError::Unknown));
    }
}
