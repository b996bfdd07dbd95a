//! The bonus statement as CSV (for spreadsheets) and as a printable HTML page.

use std::fmt::Write as _;

use super::bonus::BonusStatement;

/// German decimal comma: `"1500.00"` → `"1500,00"`.
fn comma(eur: &str) -> String {
    eur.replace('.', ",")
}

/// A cell a spreadsheet will not run as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// CSV with `;` between cells and decimal commas, as German spreadsheets expect; one line per
/// placement, then a `total` line.
pub fn bonus_csv(s: &BonusStatement) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record([
        "pseudonym",
        "type",
        "start_date",
        "ended_on",
        "ended_in_probation",
        "rule_from",
        "amount_eur",
        "note",
    ])?;
    for l in &s.lines {
        w.write_record([
            cell(&l.pseudonym),
            l.placement_type.as_str().to_owned(),
            l.start_date.to_string(),
            l.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            if l.ended_in_probation { "ja" } else { "nein" }.to_owned(),
            l.rule_from.map(|d| d.to_string()).unwrap_or_default(),
            comma(&l.amount_eur),
            l.note.map(|n| n.as_str()).unwrap_or_default().to_owned(),
        ])?;
    }
    w.write_record([
        "total",
        "",
        "",
        "",
        "",
        "",
        comma(&s.total_eur).as_str(),
        "",
    ])?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #999;padding:.3em .5em;text-align:left}td.n,th.n{text-align:right}\
tfoot td{font-weight:bold}@media print{body{margin:0}}";

/// A printable page (German): every value escaped, no script, inline style only.
pub fn bonus_html(s: &BonusStatement) -> String {
    let title = format!(
        "Vermittlungsprämien {} – {} bis {}",
        escape(&s.municipality),
        s.from,
        s.to
    );
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n\
         <p>Maßgeblich ist die Regel, die am ersten Arbeitstag der Vermittlung galt. \
         Personen erscheinen nur unter ihrem Pseudonym.</p>\n<table><thead><tr>\
         <th>Pseudonym</th><th>Art</th><th>Beginn</th><th>Beendet</th><th>in Probezeit</th>\
         <th>Regel ab</th><th class=\"n\">Betrag (EUR)</th><th>Hinweis</th></tr></thead><tbody>\n"
    );
    for l in &s.lines {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&l.pseudonym),
            escape(l.placement_type.as_str()),
            l.start_date,
            l.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            if l.ended_in_probation { "ja" } else { "nein" },
            l.rule_from.map(|d| d.to_string()).unwrap_or_default(),
            escape(&comma(&l.amount_eur)),
            escape(l.note.map(|n| n.as_str()).unwrap_or_default()),
        );
    }
    let _ = write!(
        h,
        "</tbody><tfoot><tr><td colspan=\"6\">Summe ({} Vermittlungen)</td>\
         <td class=\"n\">{}</td><td></td></tr></tfoot></table>\n</body></html>\n",
        s.placements,
        escape(&comma(&s.total_eur))
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn formula_like_cells_are_defused() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("P-ABC"), "P-ABC");
    }
}
