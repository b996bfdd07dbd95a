//! A mutable schedule with incremental bookkeeping and an undo journal, shared by the
//! construction heuristic, the local search and the exact search.

use super::problem::{Instance, NONE};

#[derive(Debug, Clone, Copy)]
enum Op {
    Placed(u32),
    Removed(u32, u32),
}

/// The current meetings and every load the constraints look at.
#[derive(Debug, Clone)]
pub(crate) struct State<'a> {
    pub inst: &'a Instance,
    /// Slot of each pair, or `NONE`.
    pub pair_slot: Vec<u32>,
    /// Pair met by candidate `c` in slot `t` at `c * slots + t`, or `NONE`.
    pub cand_at: Vec<u32>,
    pub cand_count: Vec<u32>,
    pub emp_load: Vec<u32>,
    pub lang_load: Vec<u32>,
    /// Meetings per slot.
    pub slot_count: Vec<u32>,
    /// Meetings of employer `e` in slot `t` at `e * slots + t` (any order).
    pub emp_at: Vec<Vec<u32>>,
    /// Meetings needing language `l` in slot `t` at `l * slots + t` (any order).
    pub lang_at: Vec<Vec<u32>>,
    /// Pairs that must stay where they are.
    pub fixed: Vec<bool>,
    /// Candidates with at least `min_meetings`.
    pub at_min: u32,
    /// Sum of [`State::gain`] over the meetings.
    pub value: f64,
    journal: Vec<Op>,
}

impl<'a> State<'a> {
    /// An empty schedule plus the fixed meetings (which the instance has checked).
    pub fn new(inst: &'a Instance) -> Self {
        let slots = inst.slots;
        let mut state = Self {
            inst,
            pair_slot: vec![NONE; inst.pairs.len()],
            cand_at: vec![NONE; inst.cand_count() * slots],
            cand_count: vec![0; inst.cand_count()],
            emp_load: vec![0; inst.tables.len() * slots],
            lang_load: vec![0; inst.lang_cap.len() * slots],
            slot_count: vec![0; slots],
            emp_at: vec![Vec::new(); inst.tables.len() * slots],
            lang_at: vec![Vec::new(); inst.lang_cap.len() * slots],
            fixed: vec![false; inst.pairs.len()],
            at_min: inst.min.iter().filter(|&&m| m == 0).count() as u32,
            value: 0.0,
            journal: Vec::new(),
        };
        for &(p, t) in &inst.fixed {
            state.place(p, t);
            state.fixed[p as usize] = true;
        }
        state.journal.clear();
        state
    }

    /// What meeting pair `p` in slot `t` is worth to the search: its score, plus the
    /// re-planning bonus if `t` is the pair's previous slot.
    pub fn gain(&self, p: u32, t: u32) -> f64 {
        let pair = &self.inst.pairs[p as usize];
        if pair.pref_slot == t {
            pair.score + self.inst.keep_bonus
        } else {
            pair.score
        }
    }

    /// Lexicographic objective (candidates at minimum, value).
    pub fn objective(&self) -> (u32, f64) {
        (self.at_min, self.value)
    }

    /// Whether pair `p` can be added in slot `t` without breaking any constraint.
    pub fn can_place(&self, p: u32, t: u32) -> bool {
        let inst = self.inst;
        let pair = &inst.pairs[p as usize];
        let (c, e, s, t) = (
            pair.cand as usize,
            pair.emp as usize,
            inst.slots,
            t as usize,
        );
        self.pair_slot[p as usize] == NONE
            && pair.mask & (1u128 << t) != 0
            && self.cand_at[c * s + t] == NONE
            && self.cand_count[c] < inst.max[c]
            && self.emp_load[e * s + t] < inst.tables[e]
            && (pair.lang == NONE
                || self.lang_load[pair.lang as usize * s + t] < inst.lang_cap[pair.lang as usize])
    }

    /// Adds pair `p` in slot `t` (the caller has checked [`State::can_place`]).
    pub fn place(&mut self, p: u32, t: u32) {
        let inst = self.inst;
        let pair = &inst.pairs[p as usize];
        let (c, s) = (pair.cand as usize, inst.slots);
        self.pair_slot[p as usize] = t;
        self.cand_at[c * s + t as usize] = p;
        self.cand_count[c] += 1;
        if self.cand_count[c] == inst.min[c] {
            self.at_min += 1;
        }
        self.emp_load[pair.emp as usize * s + t as usize] += 1;
        self.emp_at[pair.emp as usize * s + t as usize].push(p);
        if pair.lang != NONE {
            self.lang_load[pair.lang as usize * s + t as usize] += 1;
            self.lang_at[pair.lang as usize * s + t as usize].push(p);
        }
        self.slot_count[t as usize] += 1;
        self.value += self.gain(p, t);
        self.journal.push(Op::Placed(p));
    }

    /// Removes the meeting of pair `p` (which must be scheduled and not fixed).
    pub fn remove(&mut self, p: u32) {
        let inst = self.inst;
        let pair = &inst.pairs[p as usize];
        let (c, s) = (pair.cand as usize, inst.slots);
        let t = self.pair_slot[p as usize];
        self.pair_slot[p as usize] = NONE;
        self.cand_at[c * s + t as usize] = NONE;
        if self.cand_count[c] == inst.min[c] {
            self.at_min -= 1;
        }
        self.cand_count[c] -= 1;
        self.emp_load[pair.emp as usize * s + t as usize] -= 1;
        remove_from(&mut self.emp_at[pair.emp as usize * s + t as usize], p);
        if pair.lang != NONE {
            self.lang_load[pair.lang as usize * s + t as usize] -= 1;
            remove_from(&mut self.lang_at[pair.lang as usize * s + t as usize], p);
        }
        self.slot_count[t as usize] -= 1;
        self.value -= self.gain(p, t);
        self.journal.push(Op::Removed(p, t));
    }

    /// Position in the journal to roll back to.
    pub fn checkpoint(&self) -> usize {
        self.journal.len()
    }

    /// Undoes every change since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Op::Placed(p)) => self.remove(p),
                Some(Op::Removed(p, t)) => self.place(p, t),
                None => break,
            }
            // Undo operations record themselves; drop that record.
            self.journal.pop();
        }
    }

    /// Forgets the journal (changes so far become permanent).
    pub fn commit(&mut self) {
        self.journal.clear();
    }

    /// Recomputes the value from scratch (removes rounding drift of the running sum).
    pub fn refresh_value(&mut self) {
        let mut value = 0.0;
        for (p, &t) in self.pair_slot.iter().enumerate() {
            if t != NONE {
                value += self.gain(p as u32, t);
            }
        }
        self.value = value;
    }

    /// The meetings as (pair, slot), ordered by pair.
    pub fn meetings(&self) -> Vec<(u32, u32)> {
        self.pair_slot
            .iter()
            .enumerate()
            .filter(|&(_, &t)| t != NONE)
            .map(|(p, &t)| (p as u32, t))
            .collect()
    }
}

fn remove_from(list: &mut Vec<u32>, p: u32) {
    if let Some(i) = list.iter().position(|&q| q == p) {
        list.swap_remove(i);
    }
}
