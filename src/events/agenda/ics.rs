//! iCalendar (RFC 5545) export: one VEVENT per conversation, local times in Europe/Berlin
//! with its VTIMEZONE, lines ended by CRLF and folded at 75 octets, text escaped.

use chrono::{NaiveDate, NaiveTime, Utc};

use super::Agenda;

const TZID: &str = "Europe/Berlin";

/// The Europe/Berlin time zone (CET/CEST, EU rules since 1996).
const VTIMEZONE: [&str; 18] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
    "",
];

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so no physical line exceeds 75 octets (never inside a
/// UTF-8 character), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for ch in content.chars() {
        let n = ch.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

fn stamp(d: NaiveDate, t: NaiveTime) -> String {
    format!("{}T{}", d.format("%Y%m%d"), t.format("%H%M%S"))
}

/// The agenda as an iCalendar file.
pub fn to_ics(a: &Agenda) -> String {
    let w = a.lang.words();
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//passgenau//Meeting Point//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&a.heading())));
    for l in VTIMEZONE.iter().filter(|l| !l.is_empty()) {
        line(&mut out, l);
    }
    let now = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for m in &a.lines {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:{}@passgenau", escape(&m.meeting_id)),
        );
        line(&mut out, &format!("DTSTAMP:{now}"));
        line(
            &mut out,
            &format!("DTSTART;TZID={TZID}:{}", stamp(a.date, m.start)),
        );
        line(
            &mut out,
            &format!("DTEND;TZID={TZID}:{}", stamp(a.date, m.end)),
        );
        let summary = format!("{}: {} – {}", w.conversation, m.employer, m.job_title);
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        let location = format!("{}, {} {}", a.venue, w.table, m.table);
        line(&mut out, &format!("LOCATION:{}", escape(&location)));
        let mut desc = vec![a.event_name.clone()];
        if let Some(n) = m.participant_no {
            desc.push(format!("{} {n}", w.participant));
        }
        if let Some(i) = &m.interpreter {
            desc.push(format!("{}: {i}", w.interpreter));
        }
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape(&desc.join("\n"))),
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_in_crlf_and_are_at_most_75_octets() {
        let ics = to_ics(&super::super::sample());
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
            assert!(!l.contains('\n'));
        }
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20261203T090000"));
    }

    #[test]
    fn text_is_escaped_and_unfolds_to_the_original() {
        let ics = to_ics(&super::super::sample());
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("LOCATION:52349 Düren\\, Tisch 2"));
        assert!(unfolded.contains("Bäckerei <Schmitz> & Söhne\\, Düren"));
        assert!(
            unfolded.contains(
                "DESCRIPTION:Meeting Point Düren\\; Winter\\, 2026\\nTeilnehmer/in Nr. 17"
            )
        );
    }
}
