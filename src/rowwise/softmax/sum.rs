//! The row sum of pass 2: sixteen compensated lanes, the same on every ISA.
//!
//! Element j always goes to lane j mod 16, and the lanes are renormalised
//! and reduced at points fixed by element index, so the sum's bits do not
//! depend on the register width or on which exp path took a chunk.

use crate::math::dd::fast_two_sum as fts;
use crate::math::dd::two_sum;
use crate::rowwise::{Lanes16, LANES16};
use crate::simd::Simd;

/// Chunks of 16 between two renormalisations of a seeded [`RowSum`].
const RENORM_CHUNKS: usize = 8;

/// The row sum of the e values other than the maximum's, in sixteen lanes
/// of hi + lo (element j in lane j mod 16), the same on every ISA.
///
/// log_softmax (not `seeded`): Knuth's TwoSum from 0, so that a sum tiny
/// next to the maximum's 1 keeps its relative accuracy (log1p needs it).
/// softmax (`seeded`): hi starts at 1 >= every e, so Fast2Sum is exact (3
/// operations instead of 6); every RENORM_CHUNKS chunks (by chunk index,
/// whatever path took them) hi + lo is renormalised, so |lo| stays below
/// (RENORM_CHUNKS + 1) ulp(hi) / 2 and its own rounding errors below
/// 2^-40 or so of hi per addition. The sum is at least 1 (the maximum),
/// so that absolute accuracy is all softmax needs.
#[derive(Clone, Copy)]
pub(super) struct RowSum<V: Simd> {
    hi: Lanes16<V>,
    lo: Lanes16<V>,
    seeded: bool,
}

impl<V: Simd> RowSum<V> {
    #[inline(always)]
    pub fn new(seeded: bool) -> Self {
        Self {
            hi: Lanes16::splat(if seeded { 1.0 } else { 0.0 }),
            lo: Lanes16::splat(0.0),
            seeded,
        }
    }

    /// Adds `e` to the lanes of register `k` of the 16.
    #[inline(always)]
    pub fn add(&mut self, k: usize, e: V) {
        let hi = self.hi.regs[k];
        let (s, err) = if self.seeded {
            fts(hi, e)
        } else {
            two_sum(hi, e)
        };
        self.hi.regs[k] = s;
        self.lo.regs[k] = err.add_fma_unit(self.lo.regs[k]);
    }

    /// After the chunk ending at element `end` (a multiple of 16, or the
    /// row's end).
    #[inline(always)]
    pub fn chunk_done(&mut self, end: usize) {
        if self.seeded && end.div_ceil(LANES16).is_multiple_of(RENORM_CHUNKS) {
            for k in 0..Lanes16::<V>::REGS {
                (self.hi.regs[k], self.lo.regs[k]) = fts(self.hi.regs[k], self.lo.regs[k]);
            }
        }
    }

    /// The sum of the lanes in f64, in one fixed order (good to about 2^-48
    /// of itself).
    #[inline(always)]
    pub fn total(self) -> f64 {
        let (hp, lp) = (self.hi.to_array(), self.lo.to_array());
        let seed = if self.seeded { 1.0 } else { 0.0 };
        let mut acc = [0.0f64; 4];
        for k in 0..LANES16 {
            acc[k % 4] += (hp[k] as f64 - seed) + lp[k] as f64;
        }
        (acc[0] + acc[1]) + (acc[2] + acc[3])
    }
}
