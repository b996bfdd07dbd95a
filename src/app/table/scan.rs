//! The scan of a bucket's rows.

use super::filter::{Compiled, Reach};
use super::{BOOST_SCALE, Bucket, Row, f32_up};

/// Rows filtered before the boost sums of those passing are taken.
const SCAN_BLOCK: usize = 2048;

/// Appends the passing rows among a bucket's `rows`, block by block: the filters over a
/// block, then the boost sums of the block's passing rows (a bucket's rows and tokens lie
/// in the same order, so both passes read memory forwards).
pub(super) fn scan(
    c: &Compiled,
    reach: &Reach<'_>,
    bucket: &Bucket,
    rows: std::ops::Range<usize>,
    out: &mut Vec<(f32, u32)>,
) {
    let rows = &bucket.rows[rows];
    let Some(first) = rows.first() else {
        return;
    };
    // The passing rows of a block.
    let mut block: Vec<&Row> = vec![first; SCAN_BLOCK];
    for rows in rows.chunks(SCAN_BLOCK) {
        // Every entry is written, the count moves on past the passing rows only.
        let mut n = 0;
        for r in rows {
            block[n] = r;
            n += usize::from(c.passes(reach, r, bucket.more(r)));
        }
        out.extend(block[..n].iter().map(|r| {
            let units: u64 = bucket
                .concepts(r)
                .iter()
                .map(|id| u64::from(c.boosts[*id as usize]))
                .sum();
            (f32_up(units as f64 / BOOST_SCALE), r.slot)
        }));
    }
}
