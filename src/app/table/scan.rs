//! The scan of a bucket's rows.

use super::filter::{Compiled, Reach};
use super::{BOOST_SCALE, Bucket, f32_up};

/// Rows filtered before the boost sums of those passing are taken.
const SCAN_BLOCK: usize = 2048;

/// Asks the processor to start loading the cache line of `ids[at]` (a hint: nothing is
/// read, and nothing happens on other processors or out of bounds).
#[inline(always)]
fn prefetch(ids: &[u32], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(id) = ids.get(at) {
        // SAFETY: `prefetch` only hints the cache; it reads nothing and cannot fault, and
        // the pointer comes from a reference into the slice.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                std::ptr::from_ref(id).cast::<i8>(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (ids, at);
}

/// Appends the passing rows among a bucket's `rows`, block by block: the filters over a
/// block, asking the processor to fetch the concept tokens of each row passing, then the
/// boost sums of the block's passing rows, whose tokens have arrived by then.
pub(super) fn scan(
    c: &Compiled,
    reach: &Reach<'_>,
    bucket: &Bucket,
    rows: std::ops::Range<usize>,
    out: &mut Vec<(f32, u32)>,
) {
    // (slot, arena offset of the concept tokens, number of tokens) of a block.
    let mut block: Vec<(u32, usize, usize)> = vec![(0, 0, 0); SCAN_BLOCK];
    for rows in bucket.rows[rows].chunks(SCAN_BLOCK) {
        // Every entry is written, the count moves on past the passing rows only.
        let mut n = 0;
        for r in rows {
            let from = r.offset as usize + usize::from(r.more);
            block[n] = (r.slot, from, usize::from(r.len));
            let pass = c.passes(reach, r, bucket.more(r));
            if pass {
                prefetch(&bucket.ids, from);
            }
            n += usize::from(pass);
        }
        out.extend(block[..n].iter().map(|&(slot, from, len)| {
            let units: u64 = bucket.ids[from..from + len]
                .iter()
                .map(|id| u64::from(c.boosts[*id as usize]))
                .sum();
            (f32_up(units as f64 / BOOST_SCALE), slot)
        }));
    }
}
