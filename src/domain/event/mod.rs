//! A Meeting Point event (*Kontaktbörse*) and what organisers send about it: the event
//! itself, employer and candidate registrations, attendance on the day, meeting outcomes.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

mod day;
mod registration;

pub use day::{Attendance, Hire, MeetingOutcome, WalkIn};
pub use registration::{
    CandidatePreference, CandidateRegistration, EmployerPreference, EmployerRegistration,
    Preference, RegistrationStatus,
};

use super::language::{CefrLevel, LanguageCode};
use super::location::Postcode;
use super::text::ShortText;
use super::validation::{FieldError, Problems};

/// Most slots of one event (the solver's limit).
pub const MAX_EVENT_SLOTS: usize = 128;
/// Most tables of one employer at one event.
pub const MAX_TABLES: u32 = 20;

/// A time of day, `HH:MM`.
pub type TimeOfDay = NaiveTime;

/// A break in the programme, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Break {
    #[schema(value_type = String, example = "11:00")]
    pub start: TimeOfDay,
    #[schema(value_type = String, example = "11:30")]
    pub end: TimeOfDay,
}

/// Interpreters (*Dolmetscher/innen*) of one language: how many, and when they are there
/// if not the whole event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterpreterGroup {
    pub language: LanguageCode,
    pub count: u32,
    /// Present from (default: the event's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "10:00")]
    pub from: Option<TimeOfDay>,
    /// Present until (default: the event's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "12:00")]
    pub until: Option<TimeOfDay>,
}

/// A Meeting Point event as the API takes and returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub name: ShortText,
    pub date: NaiveDate,
    pub venue_postcode: Postcode,
    #[schema(value_type = String, example = "09:00")]
    pub start: TimeOfDay,
    #[schema(value_type = String, example = "13:00")]
    pub end: TimeOfDay,
    /// Length of one conversation, 5–120 minutes.
    pub slot_minutes: u32,
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// Tables an employer staffs unless its registration says otherwise. Default: 1.
    #[serde(default = "one")]
    pub tables_per_employer: u32,
    #[serde(default)]
    pub interpreters: Vec<InterpreterGroup>,
    /// A candidate whose German is below this level gets an interpreter (if the event has
    /// one for another of their languages). Default: B1.
    #[serde(default = "b1")]
    pub german_without_interpreter: CefrLevel,
}

pub(crate) fn one() -> u32 {
    1
}

fn b1() -> CefrLevel {
    CefrLevel::B1
}

fn minutes(t: TimeOfDay) -> u32 {
    t.hour() * 60 + t.minute()
}

/// One conversation slot: its number and clock times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Slot {
    pub slot: u32,
    #[schema(value_type = String)]
    pub start: TimeOfDay,
    #[schema(value_type = String)]
    pub end: TimeOfDay,
}

impl Event {
    /// Checks what serde cannot: times in order, breaks inside the day, a slot to hold.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            self.end <= self.start,
            "end",
            "before_start",
            "the event must end after it starts",
        );
        p.check(
            !(5..=120).contains(&self.slot_minutes),
            "slot_minutes",
            "out_of_range",
            "slot_minutes must be between 5 and 120",
        );
        p.check(
            !(1..=MAX_TABLES).contains(&self.tables_per_employer),
            "tables_per_employer",
            "out_of_range",
            "tables_per_employer must be between 1 and 20",
        );
        p.cap(&self.breaks, 20, "breaks");
        for (i, b) in self.breaks.iter().enumerate() {
            p.check(
                b.start < self.start || b.start >= self.end,
                format!("breaks[{i}].start"),
                "outside_event",
                "a break starts inside the event",
            );
            p.check(
                b.end <= b.start || b.end > self.end,
                format!("breaks[{i}].end"),
                "out_of_range",
                "a break ends after it starts and by the event's end",
            );
            if self.breaks[..i]
                .iter()
                .any(|o| o.start < b.end && b.start < o.end)
            {
                p.push(format!("breaks[{i}]"), "overlap", "breaks may not overlap");
            }
        }
        p.cap(&self.interpreters, 50, "interpreters");
        for (i, g) in self.interpreters.iter().enumerate() {
            p.check(
                g.count == 0 || g.count > 100,
                format!("interpreters[{i}].count"),
                "out_of_range",
                "count must be between 1 and 100",
            );
            let (from, until) = (g.from.unwrap_or(self.start), g.until.unwrap_or(self.end));
            p.check(
                until <= from,
                format!("interpreters[{i}].until"),
                "before_from",
                "an interpreter leaves after arriving",
            );
        }
        if p.is_empty() {
            let n = self.slots().len();
            p.check(
                n == 0,
                "slot_minutes",
                "no_slot",
                "no conversation fits between start, end and the breaks",
            );
            p.check(
                n > MAX_EVENT_SLOTS,
                "slot_minutes",
                "too_many_slots",
                "at most 128 slots per event",
            );
        }
        p.finish()
    }

    /// The conversation slots: consecutive from `start`, skipping breaks, ending by `end`.
    pub fn slots(&self) -> Vec<Slot> {
        let (end, len) = (minutes(self.end), self.slot_minutes.max(1));
        let mut breaks: Vec<(u32, u32)> = self
            .breaks
            .iter()
            .map(|b| (minutes(b.start), minutes(b.end)))
            .collect();
        breaks.sort_unstable();
        let mut out = Vec::new();
        let mut t = minutes(self.start);
        while t + len <= end && out.len() <= MAX_EVENT_SLOTS {
            if let Some(&(_, b_end)) = breaks.iter().find(|(s, e)| *s < t + len && t < *e) {
                t = b_end;
                continue;
            }
            out.push(Slot {
                slot: out.len() as u32,
                start: clock(t),
                end: clock(t + len),
            });
            t += len;
        }
        out
    }

    /// Interpreters of `language` present during the whole of every slot in `slots`: the
    /// smallest per-slot count (the solver takes one capacity per language for the day).
    pub fn interpreters_in(&self, language: LanguageCode, slots: &[Slot]) -> u32 {
        slots
            .iter()
            .map(|s| {
                self.interpreters
                    .iter()
                    .filter(|g| g.language == language)
                    .filter(|g| {
                        g.from.unwrap_or(self.start) <= s.start
                            && s.end <= g.until.unwrap_or(self.end)
                    })
                    .map(|g| g.count)
                    .sum::<u32>()
            })
            .min()
            .unwrap_or(0)
    }
}

fn clock(m: u32) -> TimeOfDay {
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

pub(crate) fn three() -> u32 {
    3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(breaks: Vec<Break>) -> Event {
        serde_json::from_value(serde_json::json!({
            "name": "MP", "date": "2026-12-03", "venue_postcode": "52349",
            "start": "09:00", "end": "11:00", "slot_minutes": 20, "breaks": breaks }))
        .unwrap()
    }

    #[test]
    fn slots_skip_breaks_and_stop_at_the_end() {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let e = event(vec![Break {
            start: t("09:50"),
            end: t("10:10"),
        }]);
        let s = e.slots();
        let starts: Vec<String> = s
            .iter()
            .map(|s| s.start.format("%H:%M").to_string())
            .collect();
        assert_eq!(starts, ["09:00", "09:20", "10:10", "10:30"]);
        assert!(e.validate().is_ok());
    }

    #[test]
    fn a_break_outside_the_event_is_named() {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let e = event(vec![Break {
            start: t("08:00"),
            end: t("08:30"),
        }]);
        let errs = e.validate().unwrap_err();
        assert_eq!(errs[0].field, "breaks[0].start");
    }
}
