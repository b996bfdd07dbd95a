//! Small-cell suppression (*Geheimhaltung*) of a two-dimensional table of counts with its
//! margins. Pure: no I/O.
//!
//! # The algorithm
//! The table is taken with its margins as one grid of (rows + 1) × (columns + 1) entries:
//! the last column holds the row totals, the last row the column totals, the corner the
//! grand total. Every row and every column of that grid is a *line*: its interior entries
//! add up to its last entry.
//!
//! 1. **Primary suppression.** Every entry — cell or total — describing more than 0 and
//!    fewer than k people is suppressed.
//! 2. **Secondary (complementary) suppression**, repeated until nothing changes. A line is
//!    *exposed* when
//!    - exactly one of its entries is suppressed (the difference of the others recovers
//!      it), or
//!    - its total is published and its suppressed interior entries add up to more than 0
//!      and fewer than k (the difference recovers their sum: a group of fewer than k).
//!
//!    In an exposed line one more entry is suppressed: the smallest published non-zero
//!    interior entry (ties: the first), or, if none is left, the line's total.
//!
//! Every step suppresses one more entry, so the loop ends. At the end every line holds no
//! suppressed entry or at least two, and a line with a published total hides either nothing
//! or at least k people. So no difference of published figures within a row or a column
//! yields a value, and none yields a sum of fewer than k people. (An attacker solving the
//! linear system of several lines at once can narrow the range of a suppressed cell; that
//! is outside what this heuristic, the usual one for published 2-D tables, protects.)

/// A table of counts, `cells[row][column]`, all rows of equal length.
pub type Counts = [Vec<u64>];

/// What may be published: `None` marks a suppressed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Option<u64>>>,
    pub row_totals: Vec<Option<u64>>,
    pub column_totals: Vec<Option<u64>>,
    pub total: Option<u64>,
    /// Number of suppressed entries, margins included.
    pub suppressed: usize,
}

/// The table with its margins: entry (r, c) of a (rows + 1) × (columns + 1) grid.
struct Grid {
    rows: usize,
    cols: usize,
    values: Vec<u64>,
}

impl Grid {
    fn new(cells: &Counts) -> Grid {
        let rows = cells.len() + 1;
        let cols = cells.first().map_or(0, Vec::len) + 1;
        let mut values = vec![0u64; rows * cols];
        for (r, row) in cells.iter().enumerate() {
            for (c, &v) in row.iter().enumerate().take(cols - 1) {
                values[r * cols + c] = v;
                values[r * cols + cols - 1] += v;
                values[(rows - 1) * cols + c] += v;
                values[(rows - 1) * cols + cols - 1] += v;
            }
        }
        Grid { rows, cols, values }
    }

    /// Every line as the grid positions of its entries, the total last.
    fn lines(&self) -> Vec<Vec<usize>> {
        let rows = (0..self.rows).map(|r| (0..self.cols).map(|c| r * self.cols + c).collect());
        let cols = (0..self.cols).map(|c| (0..self.rows).map(|r| r * self.cols + c).collect());
        rows.chain(cols).collect()
    }
}

/// The entry to suppress next in `line`, if the line is exposed.
fn next_in(line: &[usize], values: &[u64], hidden: &[bool], k: u64) -> Option<usize> {
    let (&total, interior) = line.split_last()?;
    let hidden_count = line.iter().filter(|&&p| hidden[p]).count();
    let hidden_sum: u64 = interior
        .iter()
        .filter(|&&p| hidden[p])
        .map(|&p| values[p])
        .sum();
    let exposed = hidden_count == 1 || (!hidden[total] && hidden_sum > 0 && hidden_sum < k);
    if !exposed {
        return None;
    }
    interior
        .iter()
        .copied()
        .filter(|&p| !hidden[p] && values[p] > 0)
        .min_by_key(|&p| (values[p], p))
        .or_else(|| (!hidden[total]).then_some(total))
        .or_else(|| interior.iter().copied().find(|&p| !hidden[p]))
}

/// Suppresses every entry of the table and its margins that describes fewer than `k`
/// people (but more than 0), and enough others that none can be recovered from row or
/// column differences (see the module documentation).
pub fn suppress(cells: &Counts, k: u64) -> Published {
    let grid = Grid::new(cells);
    let v = &grid.values;
    let mut hidden: Vec<bool> = v.iter().map(|&x| x > 0 && x < k).collect();
    let lines = grid.lines();
    loop {
        let mut changed = false;
        for line in &lines {
            if let Some(p) = next_in(line, v, &hidden, k) {
                hidden[p] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let at = |r: usize, c: usize| {
        let p = r * grid.cols + c;
        (!hidden[p]).then_some(v[p])
    };
    let (last_r, last_c) = (grid.rows - 1, grid.cols - 1);
    Published {
        cells: (0..last_r)
            .map(|r| (0..last_c).map(|c| at(r, c)).collect())
            .collect(),
        row_totals: (0..last_r).map(|r| at(r, last_c)).collect(),
        column_totals: (0..last_c).map(|c| at(last_r, c)).collect(),
        total: at(last_r, last_c),
        suppressed: hidden.iter().filter(|&&h| h).count(),
    }
}

/// Rounds every published figure to the nearest multiple of `base` (halves up), totals from
/// their true values. Applied after [`suppress`]: then every published figure is 0 or a
/// multiple of `base` of at least `base`, so no difference of two published figures —
/// within a table, between tables, or between the same table on two days — is between 1
/// and `base` − 1, and a group of fewer than `base` people can no longer be read off a
/// change from one day to the next (a birthday moving one person between age groups).
pub fn round_to_base(p: Published, base: u64) -> Published {
    let base = base.max(1);
    let round = |v: Option<u64>| v.map(|v| (v + base / 2) / base * base);
    Published {
        cells: p
            .cells
            .into_iter()
            .map(|row| row.into_iter().map(round).collect())
            .collect(),
        row_totals: p.row_totals.into_iter().map(round).collect(),
        column_totals: p.column_totals.into_iter().map(round).collect(),
        total: round(p.total),
        suppressed: p.suppressed,
    }
}

#[cfg(test)]
mod tests;
