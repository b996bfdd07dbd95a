//! Label normalisation shared by indexing and lookup.
//!
//! Steps: drop gender markers (`(m/w/d)`, `(w/m/d)`, `(all genders)`, `Verkäufer*in`,
//! `Verkäufer/-in`, `VerkäuferIn` …), case-fold, fold German umlauts and Latin diacritics to ASCII
//! (`ä`→`ae`, `ß`→`ss`, `é`→`e`), turn punctuation into spaces and collapse whitespace. Letters
//! of other scripts (Arabic, Cyrillic …) are kept, lowercased.

/// Normalises a label for lookup; see the module documentation.
pub fn normalize(label: &str) -> String {
    let stripped = strip_gender_markers(label);
    let mut out = String::with_capacity(stripped.len() + 4);
    let mut pending_space = false;
    for c in stripped.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for lc in c.to_lowercase() {
                push_folded(&mut out, lc);
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Appends the ASCII folding of a lowercase character.
fn push_folded(out: &mut String, c: char) {
    let folded: &str = match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ļ' | 'ľ' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(folded);
}

/// Removes gender markers: parenthesised `(m/w/d)`-style groups, bare `m/w/d` tokens and
/// German gender suffixes (`*in`, `:in`, `_in`, `/in`, `/-in`, `(in)`, `-innen`, binnen-I).
pub fn strip_gender_markers(label: &str) -> String {
    let may_have_marker = label.contains(['(', '/', '*', ':', '_', '·', '|', ',', 'I'])
        || label
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("gn") || w.eq_ignore_ascii_case("gn*"));
    if !may_have_marker {
        return label.to_owned();
    }
    let chars: Vec<char> = label.chars().collect();
    let mut out = String::with_capacity(label.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_letter = i > 0 && chars[i - 1].is_alphabetic();
        if c == '('
            && let Some(close) = chars[i + 1..].iter().position(|&c| c == ')')
        {
            let inner: String = chars[i + 1..i + 1 + close].iter().collect();
            if is_gender_group(&inner) || (prev_letter && is_feminine_suffix(&inner)) {
                i += close + 2;
                continue;
            }
        }
        if prev_letter && matches!(c, '*' | ':' | '_' | '/' | '·') {
            let mut j = i + 1;
            if chars.get(j) == Some(&'-') {
                j += 1;
            }
            let end = word_end(&chars, j);
            let word: String = chars[j..end].iter().collect();
            if is_feminine_suffix(&word) {
                i = end;
                continue;
            }
        }
        // Binnen-I: "VerkäuferIn", "MitarbeiterInnen".
        if prev_letter && c == 'I' && chars[i - 1].is_lowercase() {
            let end = word_end(&chars, i);
            let word: String = chars[i..end].iter().collect();
            if word == "In" || word == "Innen" {
                i = end;
                continue;
            }
        }
        if c.is_alphabetic() && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let end = token_end(&chars, i);
            let token = &chars[i..end];
            let candidate = token.len() <= 3 || token.iter().any(|c| matches!(c, '/' | '|'));
            if candidate && is_gender_group(&token.iter().collect::<String>()) {
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// End (exclusive) of the run of letters starting at `start`.
fn word_end(chars: &[char], start: usize) -> usize {
    let len = chars[start.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .count();
    start + len
}

/// End (exclusive) of the run of non-whitespace characters starting at `start`.
fn token_end(chars: &[char], start: usize) -> usize {
    let len = chars[start..]
        .iter()
        .take_while(|c| !c.is_whitespace() && **c != ')' && **c != ',')
        .count();
    start + len
}

fn is_feminine_suffix(s: &str) -> bool {
    matches!(s, "in" | "innen" | "In" | "Innen")
}

/// `m/w/d`, `w/m/d`, `m/f/d`, `d/m/w`, `m/w/x`, `gn`, `all genders` … (case-insensitive).
fn is_gender_group(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if matches!(
        compact.as_str(),
        "gn" | "gn*" | "allgenders" | "allegeschlechter"
    ) {
        return true;
    }
    let parts: Vec<&str> = compact.split(['/', '|', ',']).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| matches!(*p, "m" | "w" | "f" | "d" | "x" | "i" | "h"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_umlauts_and_punctuation() {
        assert_eq!(normalize("Gabelstapler"), "gabelstapler");
        assert_eq!(normalize("Küchenhilfe"), "kuechenhilfe");
        assert_eq!(normalize("STRAßENBAUER"), "strassenbauer");
        assert_eq!(normalize("Kfz-Mechatroniker"), "kfz mechatroniker");
        assert_eq!(normalize("cuisinière"), "cuisiniere");
        assert_eq!(normalize("  a,\tb  "), "a b");
        assert_eq!(normalize("Шукаю РОБОТУ"), "шукаю роботу");
    }

    #[test]
    fn strips_gender_markers() {
        for label in [
            "Verkäufer (m/w/d)",
            "Verkäufer (w/m/d)",
            "Verkäufer (M/W/D)",
            "Verkäufer m/w/d",
            "Verkäufer*in",
            "Verkäufer:in",
            "Verkäufer/in",
            "Verkäufer/-in",
            "Verkäufer(in)",
            "VerkäuferIn",
            "Verkäufer (all genders)",
        ] {
            assert_eq!(normalize(label), "verkaeufer", "{label}");
        }
        assert_eq!(normalize("Mitarbeiter*innen Lager"), "mitarbeiter lager");
        // Ordinary words ending in "in" stay intact.
        assert_eq!(normalize("Medizin"), "medizin");
        assert_eq!(normalize("TCP/IP"), "tcp ip");
    }
}
