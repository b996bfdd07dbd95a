//! A Meeting Point event (*Kontaktbörse*) and what organisers send about it: the event
//! itself, employer and candidate registrations, attendance on the day, meeting outcomes.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ids::EntityId;
use super::language::{CefrLevel, LanguageCode};
use super::location::Postcode;
use super::placement::PlacementType;
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

fn one() -> u32 {
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

/// A preference for or against meeting someone; it enters the pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    /// Adds [`Preference::MUST_MEET_BONUS`] to the score.
    MustMeet,
    /// Adds [`Preference::WOULD_LIKE_BONUS`] to the score.
    WouldLike,
    /// The pair does not meet and is not suggested.
    No,
}

impl Preference {
    pub const MUST_MEET_BONUS: f64 = 1.0;
    pub const WOULD_LIKE_BONUS: f64 = 0.2;

    pub fn as_str(self) -> &'static str {
        match self {
            Preference::MustMeet => "must_meet",
            Preference::WouldLike => "would_like",
            Preference::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Preference> {
        [Preference::MustMeet, Preference::WouldLike, Preference::No]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// An employer's preference about one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidatePreference {
    pub candidate_id: EntityId,
    pub preference: Preference,
}

/// A candidate's preference about one employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerPreference {
    pub employer_id: EntityId,
    pub preference: Preference,
}

/// An employer at an event, with the vacancies it brings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerRegistration {
    pub vacancy_ids: Vec<EntityId>,
    /// Default: the event's `tables_per_employer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<u32>,
    #[serde(default)]
    pub preferences: Vec<CandidatePreference>,
}

impl EmployerRegistration {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            self.vacancy_ids.is_empty(),
            "vacancy_ids",
            "required",
            "an employer brings at least one vacancy",
        );
        p.cap(&self.vacancy_ids, 50, "vacancy_ids");
        p.unique(&self.vacancy_ids, |v| *v, "vacancy_ids", "id");
        if let Some(t) = self.tables {
            p.check(
                !(1..=MAX_TABLES).contains(&t),
                "tables",
                "out_of_range",
                "tables must be between 1 and 20",
            );
        }
        p.cap(&self.preferences, 1000, "preferences");
        p.unique(
            &self.preferences,
            |x| x.candidate_id,
            "preferences",
            "candidate_id",
        );
        p.finish()
    }
}

/// Where a candidate stands with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Invited,
    /// Confirmed by the organiser: takes part in the schedule.
    Confirmed,
    Declined,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Invited => "invited",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Declined => "declined",
        }
    }
}

/// A candidate at an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateRegistration {
    pub status: RegistrationStatus,
    /// Present from (default: the event's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "09:00")]
    pub available_from: Option<TimeOfDay>,
    /// Present until (default: the event's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "12:00")]
    pub available_until: Option<TimeOfDay>,
    /// Conversations at most, 1–20. Default: 3.
    #[serde(default = "three")]
    pub max_meetings: u32,
    /// Conversations the schedule tries to give everyone. Default: 1.
    #[serde(default = "one")]
    pub min_meetings: u32,
    #[serde(default)]
    pub preferences: Vec<EmployerPreference>,
}

fn three() -> u32 {
    3
}

impl CandidateRegistration {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            !(1..=20).contains(&self.max_meetings),
            "max_meetings",
            "out_of_range",
            "max_meetings must be between 1 and 20",
        );
        p.check(
            self.max_meetings >= 1 && self.min_meetings > self.max_meetings,
            "min_meetings",
            "above_max",
            "min_meetings may not exceed max_meetings",
        );
        if let (Some(f), Some(u)) = (self.available_from, self.available_until) {
            p.check(
                u <= f,
                "available_until",
                "before_from",
                "available_until must be after available_from",
            );
        }
        p.cap(&self.preferences, 200, "preferences");
        p.unique(
            &self.preferences,
            |x| x.employer_id,
            "preferences",
            "employer_id",
        );
        p.finish()
    }

    /// The slots the candidate is present for in full.
    pub fn available_slots(&self, slots: &[Slot]) -> Vec<u32> {
        slots
            .iter()
            .filter(|s| {
                self.available_from.is_none_or(|f| f <= s.start)
                    && self.available_until.is_none_or(|u| s.end <= u)
            })
            .map(|s| s.slot)
            .collect()
    }
}

/// What happened in one conversation (*Ergebnis*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingOutcome {
    /// Both sides want to stay in touch.
    #[serde(default)]
    pub interest: bool,
    #[serde(default)]
    pub internship_offered: bool,
    #[serde(default)]
    pub job_offered: bool,
    #[serde(default)]
    pub ausbildung_offered: bool,
    /// The person was hired: becomes a placement (*Vermittlung*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hired: Option<Hire>,
}

/// A hire from a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hire {
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    /// Default: the candidate's municipality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<ShortText>,
}

/// Who is (not) there on the event day, and how far the day has gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// The first slot not yet held: earlier meetings are history.
    pub now_slot: u32,
    /// Candidates who did not come (or left).
    #[serde(default)]
    pub no_shows: Vec<EntityId>,
    /// Employers who did not come (or left).
    #[serde(default)]
    pub absent_employers: Vec<EntityId>,
    /// Candidates who came without being confirmed; registered as confirmed.
    #[serde(default)]
    pub walk_ins: Vec<WalkIn>,
}

/// A candidate who walked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    pub candidate_id: EntityId,
    /// Default: 3.
    #[serde(default = "three")]
    pub max_meetings: u32,
}

impl Attendance {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.cap(&self.no_shows, 10_000, "no_shows");
        p.cap(&self.walk_ins, 10_000, "walk_ins");
        p.unique(
            &self.walk_ins,
            |w| w.candidate_id,
            "walk_ins",
            "candidate_id",
        );
        for (i, w) in self.walk_ins.iter().enumerate() {
            p.check(
                !(1..=20).contains(&w.max_meetings),
                format!("walk_ins[{i}].max_meetings"),
                "out_of_range",
                "max_meetings must be between 1 and 20",
            );
            if self.no_shows.contains(&w.candidate_id) {
                p.push(
                    format!("walk_ins[{i}].candidate_id"),
                    "also_no_show",
                    "a walk-in cannot be a no-show",
                );
            }
        }
        p.finish()
    }
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
