//! Two-letter language codes and language detection.

use std::fmt;
use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// An ISO 639-1 language code (two lowercase ASCII letters), e.g. `de`, `en`, `fr`, `ar`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang2([u8; 2]);

impl Lang2 {
    /// German.
    pub const DE: Lang2 = Lang2(*b"de");
    /// English.
    pub const EN: Lang2 = Lang2(*b"en");
    /// French.
    pub const FR: Lang2 = Lang2(*b"fr");
    /// Arabic.
    pub const AR: Lang2 = Lang2(*b"ar");
    /// Persian (Farsi/Dari).
    pub const FA: Lang2 = Lang2(*b"fa");
    /// Ukrainian.
    pub const UK: Lang2 = Lang2(*b"uk");
    /// Russian.
    pub const RU: Lang2 = Lang2(*b"ru");
    /// Turkish.
    pub const TR: Lang2 = Lang2(*b"tr");

    /// Parses a two-letter code (case-insensitive); `None` unless it is two ASCII letters.
    pub fn new(code: &str) -> Option<Lang2> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Lang2([a.to_ascii_lowercase(), b.to_ascii_lowercase()]))
            }
            _ => None,
        }
    }

    /// The code as a string slice, e.g. `"de"`.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Lang2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Lang2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang2({})", self.as_str())
    }
}

/// Minimum number of letters before a detection is attempted.
const MIN_LETTERS: usize = 4;

/// Languages considered: those of the people placed, their case workers and the label sets.
/// Restricting whatlang to them makes short texts far less ambiguous (no Danish or Swedish for
/// German compounds, no Bulgarian for Russian).
const CANDIDATES: [Lang; 15] = [
    Lang::Deu,
    Lang::Eng,
    Lang::Fra,
    Lang::Ara,
    Lang::Pes,
    Lang::Urd,
    Lang::Ukr,
    Lang::Rus,
    Lang::Tur,
    Lang::Amh,
    Lang::Spa,
    Lang::Ita,
    Lang::Por,
    Lang::Pol,
    Lang::Ron,
];

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(CANDIDATES.to_vec()));

/// Detects the language of `text` with whatlang and returns its ISO 639-1 code and whatlang's
/// confidence (0–1).
///
/// Only the languages common in refugee placement are considered: de, en, fr, ar, fa, ur, uk,
/// ru, tr, am, es, it, pt, pl, ro. Returns `None` for text that is too short or ambiguous to
/// tell: fewer than four letters, or a detection that whatlang does not consider reliable while
/// its confidence is below 0.5 (typical for single words and short phrases in Latin script).
pub fn detect_language(text: &str) -> Option<(Lang2, f64)> {
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = DETECTOR.detect(text)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    let lang = iso639_1(info.lang().code())?;
    Some((lang, info.confidence()))
}

/// Maps an ISO 639-3 code as used by whatlang to ISO 639-1.
fn iso639_1(code3: &str) -> Option<Lang2> {
    let code = match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    };
    Lang2::new(code)
}
