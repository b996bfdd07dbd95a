use proptest::prelude::*;

use super::*;

/// Everything an attacker learns from a published table by row and column differences:
/// the value of every entry, where it can be derived (`None` where it cannot), starting
/// from the published ones and repeating until nothing more follows.
fn derivable(truth: &Counts, p: &Published) -> (Grid, Vec<Option<u64>>) {
    let grid = Grid::new(truth);
    let (rows, cols) = (grid.rows, grid.cols);
    let mut known = vec![None; rows * cols];
    for r in 0..rows - 1 {
        for c in 0..cols - 1 {
            known[r * cols + c] = p.cells[r][c];
        }
        known[r * cols + cols - 1] = p.row_totals[r];
    }
    for c in 0..cols - 1 {
        known[(rows - 1) * cols + c] = p.column_totals[c];
    }
    known[rows * cols - 1] = p.total;
    loop {
        let mut changed = false;
        for line in grid.lines() {
            let unknown: Vec<usize> = line
                .iter()
                .copied()
                .filter(|&q| known[q].is_none())
                .collect();
            if let [q] = unknown[..] {
                let (&total, interior) = line.split_last().unwrap();
                let sum: u64 = interior.iter().filter_map(|&i| known[i]).sum();
                known[q] = Some(if q == total {
                    sum
                } else {
                    known[total].unwrap() - sum
                });
                changed = true;
            }
        }
        if !changed {
            return (grid, known);
        }
    }
}

/// The publication rule: nothing published or derivable describes 1 to k − 1 people.
fn assert_safe(truth: &Counts, k: u64) -> Published {
    let p = suppress(truth, k);
    let (grid, known) = derivable(truth, &p);
    for (q, v) in known.iter().enumerate() {
        if let Some(v) = *v {
            assert_eq!(v, grid.values[q], "derived values are true values");
            assert!(v == 0 || v >= k, "entry {q} = {v} is recoverable");
        }
    }
    for line in grid.lines() {
        let (&total, interior) = line.split_last().unwrap();
        if known[total].is_some() {
            let hidden: u64 = interior
                .iter()
                .filter(|&&q| known[q].is_none())
                .map(|&q| grid.values[q])
                .sum();
            assert!(
                hidden == 0 || hidden >= k,
                "a line's difference recovers {hidden} people"
            );
        }
    }
    p
}

fn small_tables() -> impl Strategy<Value = (Vec<Vec<u64>>, u64)> {
    (1usize..7, 1usize..7, 2u64..8).prop_flat_map(|(rows, cols, k)| {
        let cell = prop_oneof![3 => Just(0u64), 4 => 1u64..8, 3 => 8u64..60];
        (
            proptest::collection::vec(proptest::collection::vec(cell, cols), rows),
            Just(k),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_published_or_derivable_figure_describes_fewer_than_k_people((table, k) in small_tables()) {
        let p = assert_safe(&table, k);
        // What is published is true.
        for (r, row) in table.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                prop_assert!(p.cells[r][c].is_none_or(|x| x == v));
            }
        }
    }

    #[test]
    fn a_table_without_small_cells_is_published_whole(
        table in proptest::collection::vec(proptest::collection::vec(prop_oneof![Just(0u64), 5u64..50], 3), 1..5)
    ) {
        let p = suppress(&table, 5);
        let total: u64 = table.iter().flatten().sum();
        // Zero totals are fine; a total in 1..4 cannot occur when every cell is 0 or ≥ 5.
        prop_assert_eq!(p.suppressed, 0);
        prop_assert_eq!(p.total, Some(total));
    }
}

#[test]
fn a_single_small_cell_takes_a_partner_in_its_row_and_column() {
    let table = vec![vec![20, 3, 30], vec![40, 50, 60]];
    let p = assert_safe(&table, 5);
    assert_eq!(p.cells[0][1], None);
    // Its row's smallest other cell and its column's other cell hide too.
    assert_eq!(p.cells[0][0], None);
    assert_eq!(p.cells[1][1], None);
    assert_eq!(p.total, Some(203));
}

#[test]
fn two_small_cells_that_add_up_to_fewer_than_k_take_a_third() {
    let table = vec![vec![1, 2, 40, 50]];
    let p = assert_safe(&table, 5);
    assert_eq!(p.cells[0][..3], [None, None, None]);
    assert_eq!(p.cells[0][3], Some(50));
}

#[test]
fn a_small_row_total_is_suppressed_with_a_partner_total() {
    // One column: the row totals equal the cells.
    let table = vec![vec![3], vec![12], vec![30]];
    let p = assert_safe(&table, 5);
    assert_eq!(p.row_totals[0], None);
    assert_eq!(p.cells[1][0], None);
    assert_eq!(p.cells[2][0], Some(30));
    assert_eq!(p.total, Some(45));
}

#[test]
fn zeros_are_published() {
    let p = assert_safe(&[vec![0, 10], vec![10, 0]], 5);
    assert_eq!(p.suppressed, 0);
}
