//! Validation of a [`ScheduleProblem`] into the solver's indexed [`Instance`].
//!
//! Everything the solver works on is index based: employers, candidates and languages are
//! numbered in input order (languages in code order), pairs are sorted by (candidate,
//! employer). Slot sets are bit masks, so the number of slots is capped at 128.

use std::collections::BTreeMap;

use super::error::{ErrorCode, ProblemError};
use super::types::ScheduleProblem;

/// Bit mask over slots (bit `t` = slot `t`).
pub(crate) type Mask = u128;
/// Marker for "no index".
pub(crate) const NONE: u32 = u32::MAX;

/// Most slots an event may have.
pub const MAX_SLOTS: u32 = 128;
/// Most employers in one problem.
pub const MAX_EMPLOYERS: usize = 10_000;
/// Most candidates in one problem.
pub const MAX_CANDIDATES: usize = 100_000;
/// Most listed pairs in one problem.
pub const MAX_PAIRS: usize = 1_000_000;
/// Most tables of one employer.
pub const MAX_TABLES: u32 = 1_000;
/// Most interpreter languages.
pub const MAX_LANGUAGES: usize = 200;
/// Most interpreters of one language per slot.
pub const MAX_INTERPRETERS: u32 = 100_000;
/// Largest accepted score.
pub const MAX_SCORE: f64 = 1e6;
const MAX_ID_LEN: usize = 128;
const MAX_LANG_LEN: usize = 35;

/// A listed pair in solver form.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    pub cand: u32,
    pub emp: u32,
    pub score: f64,
    /// Interpreter language index or [`NONE`].
    pub lang: u32,
    /// Slots the pair may meet in (candidate availability; empty if the language has no
    /// interpreters).
    pub mask: Mask,
    /// Index in `ScheduleProblem::pairs`.
    pub spec: u32,
    /// Slot whose choice earns `Instance::keep_bonus` (re-planning), or [`NONE`].
    pub pref_slot: u32,
}

/// The validated, indexed problem.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub slots: usize,
    pub tables: Vec<u32>,
    pub min: Vec<u32>,
    /// `max_meetings`, clamped to the number of slots.
    pub max: Vec<u32>,
    /// Slots each candidate is present in.
    pub avail: Vec<Mask>,
    pub pairs: Vec<Pair>,
    /// Pairs of candidate `c` are `cand_start[c]..cand_start[c + 1]`.
    pub cand_start: Vec<u32>,
    pub lang_cap: Vec<u32>,
    pub lang_names: Vec<String>,
    /// Meetings that must be kept: (pair, slot).
    pub fixed: Vec<(u32, u32)>,
    /// Extra weight (not score) for meeting a pair in its `pref_slot`.
    pub keep_bonus: f64,
    emp_index: BTreeMap<String, u32>,
    cand_index: BTreeMap<String, u32>,
    pair_index: BTreeMap<(u32, u32), u32>,
    pins: PinLoads,
}

#[derive(Debug, Clone, Default)]
struct PinLoads {
    emp_slot: Vec<u32>,
    lang_slot: Vec<u32>,
    cand_slot: Vec<bool>,
    cand_count: Vec<u32>,
    pair_pinned: Vec<bool>,
}

fn err(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> ProblemError {
    ProblemError::new(code, field, message)
}

fn check_id(id: &str, field: String) -> Result<(), ProblemError> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return Err(err(
            ErrorCode::InvalidId,
            field,
            format!("ids must have 1 to {MAX_ID_LEN} bytes"),
        ));
    }
    Ok(())
}

fn check_lang(code: &str, field: String) -> Result<(), ProblemError> {
    if code.is_empty() || code.len() > MAX_LANG_LEN {
        return Err(err(
            ErrorCode::InvalidLanguage,
            field,
            format!("language codes must have 1 to {MAX_LANG_LEN} bytes"),
        ));
    }
    Ok(())
}

fn check_len(len: usize, cap: usize, field: &str) -> Result<(), ProblemError> {
    if len > cap {
        return Err(err(
            ErrorCode::TooLarge,
            field,
            format!("at most {cap} entries are supported"),
        ));
    }
    Ok(())
}

impl Instance {
    /// Validates everything except `pinned` (see [`Instance::add_fixed`]).
    pub fn from_problem(problem: &ScheduleProblem) -> Result<Self, ProblemError> {
        if problem.slots == 0 || problem.slots > MAX_SLOTS {
            return Err(err(
                ErrorCode::SlotsOutOfRange,
                "slots",
                format!("slots must be between 1 and {MAX_SLOTS}"),
            ));
        }
        let slots = problem.slots as usize;
        let all: Mask = if slots == 128 {
            Mask::MAX
        } else {
            (1u128 << slots) - 1
        };
        check_len(problem.employers.len(), MAX_EMPLOYERS, "employers")?;
        check_len(problem.candidates.len(), MAX_CANDIDATES, "candidates")?;
        check_len(problem.pairs.len(), MAX_PAIRS, "pairs")?;
        check_len(problem.pinned.len(), MAX_PAIRS, "pinned")?;
        check_len(problem.interpreters.len(), MAX_LANGUAGES, "interpreters")?;

        let mut emp_index = BTreeMap::new();
        let mut tables = Vec::with_capacity(problem.employers.len());
        for (i, e) in problem.employers.iter().enumerate() {
            check_id(&e.id, format!("employers[{i}].id"))?;
            if emp_index.insert(e.id.clone(), i as u32).is_some() {
                return Err(err(
                    ErrorCode::DuplicateEmployer,
                    format!("employers[{i}].id"),
                    format!("employer id {:?} appears twice", e.id),
                ));
            }
            if e.tables == 0 || e.tables > MAX_TABLES {
                let code = if e.tables == 0 {
                    ErrorCode::ZeroTables
                } else {
                    ErrorCode::TooLarge
                };
                return Err(err(
                    code,
                    format!("employers[{i}].tables"),
                    format!("tables must be between 1 and {MAX_TABLES}"),
                ));
            }
            tables.push(e.tables);
        }

        let mut cand_index = BTreeMap::new();
        let (mut min, mut max, mut avail) = (Vec::new(), Vec::new(), Vec::new());
        for (i, c) in problem.candidates.iter().enumerate() {
            check_id(&c.id, format!("candidates[{i}].id"))?;
            if cand_index.insert(c.id.clone(), i as u32).is_some() {
                return Err(err(
                    ErrorCode::DuplicateCandidate,
                    format!("candidates[{i}].id"),
                    format!("candidate id {:?} appears twice", c.id),
                ));
            }
            let mut mask: Mask = all;
            if let Some(list) = &c.available_slots {
                check_len(
                    list.len(),
                    slots,
                    &format!("candidates[{i}].available_slots"),
                )?;
                mask = 0;
                for (j, &t) in list.iter().enumerate() {
                    let field = format!("candidates[{i}].available_slots[{j}]");
                    if t >= problem.slots {
                        return Err(err(
                            ErrorCode::SlotOutOfRange,
                            field,
                            format!("slot {t} is not below slots = {}", problem.slots),
                        ));
                    }
                    if mask & (1u128 << t) != 0 {
                        return Err(err(
                            ErrorCode::DuplicateSlot,
                            field,
                            format!("slot {t} is listed twice"),
                        ));
                    }
                    mask |= 1u128 << t;
                }
            }
            let hi = c.max_meetings.unwrap_or(problem.slots);
            let lo = c.min_meetings.unwrap_or(1.min(hi));
            if hi < lo {
                return Err(err(
                    ErrorCode::MaxBelowMin,
                    format!("candidates[{i}].max_meetings"),
                    format!("max_meetings {hi} is below min_meetings {lo}"),
                ));
            }
            min.push(lo);
            max.push(hi.min(problem.slots));
            avail.push(mask);
        }

        let mut lang_names: Vec<String> = Vec::new();
        let mut lang_cap = Vec::new();
        for (code, &cap) in &problem.interpreters {
            check_lang(code, format!("interpreters.{code}"))?;
            if cap > MAX_INTERPRETERS {
                return Err(err(
                    ErrorCode::TooLarge,
                    format!("interpreters.{code}"),
                    format!("at most {MAX_INTERPRETERS} interpreters per language"),
                ));
            }
            lang_names.push(code.clone());
            lang_cap.push(cap);
        }
        let mut lang_index: BTreeMap<String, u32> = lang_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();

        let mut pair_index = BTreeMap::new();
        let mut pairs = Vec::with_capacity(problem.pairs.len());
        for (i, p) in problem.pairs.iter().enumerate() {
            let Some(&emp) = emp_index.get(&p.employer) else {
                return Err(err(
                    ErrorCode::UnknownEmployer,
                    format!("pairs[{i}].employer"),
                    format!("no employer has id {:?}", p.employer),
                ));
            };
            let Some(&cand) = cand_index.get(&p.candidate) else {
                return Err(err(
                    ErrorCode::UnknownCandidate,
                    format!("pairs[{i}].candidate"),
                    format!("no candidate has id {:?}", p.candidate),
                ));
            };
            if !p.score.is_finite() || p.score < 0.0 || p.score > MAX_SCORE {
                return Err(err(
                    ErrorCode::InvalidScore,
                    format!("pairs[{i}].score"),
                    format!("score must be a finite number between 0 and {MAX_SCORE}"),
                ));
            }
            if pair_index.insert((cand, emp), i as u32).is_some() {
                return Err(err(
                    ErrorCode::DuplicatePair,
                    format!("pairs[{i}]"),
                    format!("pair ({}, {}) is listed twice", p.employer, p.candidate),
                ));
            }
            let lang = match &p.interpreter {
                None => NONE,
                Some(code) => {
                    check_lang(code, format!("pairs[{i}].interpreter"))?;
                    if lang_index.len() >= MAX_LANGUAGES && !lang_index.contains_key(code) {
                        return Err(err(
                            ErrorCode::TooLarge,
                            format!("pairs[{i}].interpreter"),
                            format!("at most {MAX_LANGUAGES} languages are supported"),
                        ));
                    }
                    *lang_index.entry(code.clone()).or_insert_with(|| {
                        lang_names.push(code.clone());
                        lang_cap.push(0);
                        (lang_names.len() - 1) as u32
                    })
                }
            };
            let usable = lang == NONE || lang_cap[lang as usize] > 0;
            let mask = if usable { avail[cand as usize] } else { 0 };
            pairs.push(Pair {
                cand,
                emp,
                score: p.score,
                lang,
                mask,
                spec: i as u32,
                pref_slot: NONE,
            });
        }
        pairs.sort_by_key(|p| (p.cand, p.emp));
        let mut cand_start = vec![0u32; problem.candidates.len() + 1];
        for p in &pairs {
            cand_start[p.cand as usize + 1] += 1;
        }
        for c in 0..problem.candidates.len() {
            cand_start[c + 1] += cand_start[c];
        }
        for (k, p) in pairs.iter().enumerate() {
            pair_index.insert((p.cand, p.emp), k as u32);
        }
        let pins = PinLoads {
            emp_slot: vec![0; tables.len() * slots],
            lang_slot: vec![0; lang_cap.len() * slots],
            cand_slot: vec![false; min.len() * slots],
            cand_count: vec![0; min.len()],
            pair_pinned: vec![false; pairs.len()],
        };
        Ok(Self {
            slots,
            tables,
            min,
            max,
            avail,
            pairs,
            cand_start,
            lang_cap,
            lang_names,
            fixed: Vec::new(),
            keep_bonus: 0.0,
            emp_index,
            cand_index,
            pair_index,
            pins,
        })
    }

    /// Validates the whole problem including its pins.
    pub fn with_pins(problem: &ScheduleProblem) -> Result<Self, ProblemError> {
        let mut inst = Self::from_problem(problem)?;
        for (i, pin) in problem.pinned.iter().enumerate() {
            let field = format!("pinned[{i}]");
            let emp = inst.employer(&pin.employer, &format!("{field}.employer"))?;
            let cand = inst.candidate(&pin.candidate, &format!("{field}.candidate"))?;
            inst.add_fixed(emp, cand, pin.slot, &field, true)?;
        }
        Ok(inst)
    }

    pub fn employer(&self, id: &str, field: &str) -> Result<u32, ProblemError> {
        self.emp_index.get(id).copied().ok_or_else(|| {
            err(
                ErrorCode::UnknownEmployer,
                field,
                format!("no employer has id {id:?}"),
            )
        })
    }

    pub fn candidate(&self, id: &str, field: &str) -> Result<u32, ProblemError> {
        self.cand_index.get(id).copied().ok_or_else(|| {
            err(
                ErrorCode::UnknownCandidate,
                field,
                format!("no candidate has id {id:?}"),
            )
        })
    }

    pub fn pair_of(&self, emp: u32, cand: u32) -> Option<u32> {
        self.pair_index.get(&(cand, emp)).copied()
    }

    pub fn pairs_of(&self, cand: u32) -> std::ops::Range<usize> {
        self.cand_start[cand as usize] as usize..self.cand_start[cand as usize + 1] as usize
    }

    pub fn cand_count(&self) -> usize {
        self.min.len()
    }

    /// Adds a meeting that must be kept, checking that all fixed meetings together stay
    /// feasible; `field` names it in errors. `check_availability` is off for meetings that
    /// already took place (re-planning).
    pub fn add_fixed(
        &mut self,
        emp: u32,
        cand: u32,
        slot: u32,
        field: &str,
        check_availability: bool,
    ) -> Result<(), ProblemError> {
        let t = slot as usize;
        if t >= self.slots {
            return Err(err(
                ErrorCode::SlotOutOfRange,
                format!("{field}.slot"),
                format!("slot {slot} is not below slots = {}", self.slots),
            ));
        }
        let Some(p) = self.pair_of(emp, cand) else {
            return Err(err(
                ErrorCode::PinnedPairNotListed,
                field,
                "the pinned pair is not listed in pairs",
            ));
        };
        let pair = &self.pairs[p as usize];
        let (c, e, l) = (cand as usize, emp as usize, pair.lang);
        let loads = &mut self.pins;
        if loads.pair_pinned[p as usize] {
            return Err(err(
                ErrorCode::PinnedPairTwice,
                field,
                "this pair is already pinned; a pair meets at most once",
            ));
        }
        if check_availability && self.avail[c] & (1u128 << t) == 0 {
            return Err(err(
                ErrorCode::PinnedCandidateUnavailable,
                field,
                format!("candidate is not available in slot {slot}"),
            ));
        }
        if loads.cand_slot[c * self.slots + t] {
            return Err(err(
                ErrorCode::PinnedCandidateSlotTaken,
                field,
                format!("candidate already has a pinned meeting in slot {slot}"),
            ));
        }
        if loads.emp_slot[e * self.slots + t] >= self.tables[e] {
            return Err(err(
                ErrorCode::PinnedTablesExceeded,
                field,
                format!(
                    "employer has only {} table(s) in slot {slot}",
                    self.tables[e]
                ),
            ));
        }
        if l != NONE && loads.lang_slot[l as usize * self.slots + t] >= self.lang_cap[l as usize] {
            return Err(err(
                ErrorCode::PinnedInterpreterCapacityExceeded,
                field,
                format!(
                    "only {} interpreter(s) for {:?} in slot {slot}",
                    self.lang_cap[l as usize], self.lang_names[l as usize]
                ),
            ));
        }
        if loads.cand_count[c] >= self.max[c] {
            return Err(err(
                ErrorCode::PinnedMaxMeetingsExceeded,
                field,
                format!("candidate has max_meetings = {}", self.max[c]),
            ));
        }
        loads.pair_pinned[p as usize] = true;
        loads.cand_slot[c * self.slots + t] = true;
        loads.emp_slot[e * self.slots + t] += 1;
        if l != NONE {
            loads.lang_slot[l as usize * self.slots + t] += 1;
        }
        loads.cand_count[c] += 1;
        self.fixed.push((p, slot));
        Ok(())
    }
}
