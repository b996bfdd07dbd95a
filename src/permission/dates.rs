//! Dates: the evaluation day (*Stichtag*) and the counting of periods (*Fristberechnung*).
//!
//! Every comparison of the evaluation day with another date goes through [`Clock`], which
//! remembers the earliest later day on which any of those comparisons would give the other
//! answer. Between the evaluation day and that day the engine takes exactly the same path, so
//! the verdict cannot change; `changes_on` re-evaluates from there (see `changes.rs`).

use std::cell::Cell;

use chrono::{Months, NaiveDate};

/// The evaluation day (*Stichtag*), with boundary tracking.
#[derive(Debug)]
pub(crate) struct Clock {
    as_of: NaiveDate,
    next: Cell<Option<NaiveDate>>,
}

impl Clock {
    pub(crate) fn new(as_of: NaiveDate) -> Clock {
        Clock {
            as_of,
            next: Cell::new(None),
        }
    }

    /// The earliest day after the evaluation day on which a comparison made so far flips.
    pub(crate) fn next_boundary(&self) -> Option<NaiveDate> {
        self.next.get()
    }

    fn record(&self, flip: Option<NaiveDate>) {
        if let Some(flip) = flip
            && flip > self.as_of
        {
            match self.next.get() {
                Some(current) if current <= flip => {}
                _ => self.next.set(Some(flip)),
            }
        }
    }

    /// `as_of >= day`: the rule or period has begun.
    pub(crate) fn since(&self, day: NaiveDate) -> bool {
        self.record(Some(day));
        self.as_of >= day
    }

    /// `as_of <= day`: the rule has not yet ended.
    pub(crate) fn until(&self, day: NaiveDate) -> bool {
        self.record(day.succ_opt());
        self.as_of <= day
    }

    /// `as_of > day`.
    pub(crate) fn after(&self, day: NaiveDate) -> bool {
        self.record(day.succ_opt());
        self.as_of > day
    }

    /// Whether `as_of` lies in the closed period `[from, to]`; open ends are unbounded.
    pub(crate) fn within(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        // Evaluate both sides so that both boundaries are recorded.
        let started = from.is_none_or(|d| self.since(d));
        let not_ended = to.is_none_or(|d| self.until(d));
        started && not_ended
    }

    /// Whether a period of `months` months that began on `start` is complete (reference
    /// § 4.1): `as_of > start + months`, the end day clamped to the month's last day.
    pub(crate) fn months_passed(&self, start: NaiveDate, months: u32) -> bool {
        match period_end(start, months) {
            Some(end) => self.after(end),
            None => false,
        }
    }

    /// Whether the evaluation day is the last day of a period: the one day on which the
    /// convention of counting the first day would already grant (reference § 9 U9).
    pub(crate) fn is_period_end(&self, start: NaiveDate, months: u32) -> bool {
        period_end(start, months) == Some(self.as_of)
    }
}

/// The last day of a period of `months` months that began on `start` (§§ 187 Abs. 1,
/// 188 Abs. 2, 3 BGB): the day of month N with the same number, or the month's last day.
pub(crate) fn period_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(months))
}

/// The first day on which a period of `months` months that began on `start` is complete.
pub(crate) fn period_complete_on(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    period_end(start, months).and_then(|d| d.succ_opt())
}

/// `DD.MM.YYYY`, as German authorities write dates.
pub(crate) fn german(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn three_months_from_the_tenth_end_on_the_tenth_and_are_complete_the_next_day() {
        let start = d("2025-02-10");
        assert!(!Clock::new(d("2025-05-10")).months_passed(start, 3));
        assert!(Clock::new(d("2025-05-11")).months_passed(start, 3));
    }

    #[test]
    fn a_period_from_the_31st_ends_on_the_last_day_of_a_shorter_month() {
        // § 188 Abs. 3 BGB: 30.11.2024 + 3 months -> 28.02.2025 (no 30.02.).
        let start = d("2024-11-30");
        assert_eq!(period_end(start, 3), Some(d("2025-02-28")));
        assert!(!Clock::new(d("2025-02-28")).months_passed(start, 3));
        assert!(Clock::new(d("2025-03-01")).months_passed(start, 3));
        // Leap year: 31.08.2023 + 6 months -> 29.02.2024.
        assert_eq!(
            period_complete_on(d("2023-08-31"), 6),
            Some(d("2024-03-01"))
        );
    }

    #[test]
    fn the_clock_remembers_the_earliest_later_flip() {
        let clock = Clock::new(d("2020-01-01"));
        assert!(clock.since(d("2019-01-01")));
        assert_eq!(clock.next_boundary(), None);
        assert!(clock.until(d("2020-06-30")));
        assert!(!clock.since(d("2020-03-01")));
        assert_eq!(clock.next_boundary(), Some(d("2020-03-01")));
        assert!(!clock.months_passed(d("2019-12-15"), 1));
        assert_eq!(clock.next_boundary(), Some(d("2020-01-16")));
    }

    #[test]
    fn overflowing_dates_do_not_panic() {
        let clock = Clock::new(NaiveDate::MAX);
        assert!(!clock.months_passed(NaiveDate::MAX, 3));
        assert!(clock.until(NaiveDate::MAX));
        assert!(clock.after(d("2020-01-01")));
    }
}
