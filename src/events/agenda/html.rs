//! A printable HTML page of an agenda (one table, print styles, no scripts).

use super::Agenda;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
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

const STYLE: &str = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;\
width:100%}th,td{border:1px solid #444;padding:.4em;text-align:start}th{background:#eee}\
@media print{body{margin:0}}";

/// The agenda as a self-contained HTML page.
pub fn to_html(a: &Agenda) -> String {
    let w = a.lang.words();
    let dir = if a.lang.rtl() { "rtl" } else { "ltr" };
    let heading = escape(&a.heading());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\">\
         <title>{heading}</title><style>{STYLE}</style></head>\n<body>\n<h1>{heading}</h1>\n\
         <p>{}</p>\n<p>{}: {} · {}: {}</p>\n",
        a.lang.code(),
        escape(&a.event_name),
        w.date,
        a.date.format("%d.%m.%Y"),
        w.venue,
        escape(&a.venue),
    );
    if a.lines.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", w.none));
    } else {
        let participant = !matches!(a.of, super::AgendaOf::Candidate { .. });
        out.push_str(&format!(
            "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
            w.time, w.table, w.employer, w.job
        ));
        if participant {
            out.push_str(&format!("<th>{}</th>", w.participant));
        }
        out.push_str(&format!("<th>{}</th></tr>\n", w.interpreter));
        for l in &a.lines {
            out.push_str(&format!(
                "<tr><td>{}–{}</td><td>{}</td><td>{}</td><td>{}</td>",
                l.start.format("%H:%M"),
                l.end.format("%H:%M"),
                l.table,
                escape(&l.employer),
                escape(&l.job_title)
            ));
            if participant {
                let n = l.participant_no.map(|n| n.to_string()).unwrap_or_default();
                out.push_str(&format!("<td>{n}</td>"));
            }
            let i = l.interpreter.as_deref().map(escape).unwrap_or_default();
            out.push_str(&format!("<td>{i}</td></tr>\n"));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let html = to_html(&super::super::sample());
        assert!(html.contains("Bäckerei &lt;Schmitz&gt; &amp; Söhne"));
        assert!(html.contains("Gesprächsplan – Teilnehmer/in Nr. 17"));
    }
}
