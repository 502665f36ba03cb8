//! Pass 1 of a row without mask: its maximum.
//!
//! Four independent accumulators (a [`Wide`] of four registers), because one
//! running maximum is a chain of dependent `max` instructions that leaves
//! the CPU idle; split in two ([`max_step`], [`max_finish`]) so that the
//! previous row's last pass (`scale.rs`) can run the steps on its own loop
//! and overlap these loads with its work. The value does not depend on the
//! order (NaN never wins `max` as its first operand); only the sign of a zero
//! maximum can, and nothing downstream depends on that sign.

use crate::rowwise::load_n;
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// The accumulators of [`max_row`].
pub(super) type MaxAcc<V> = Wide<V, 4>;

/// Accumulators that have seen nothing.
#[inline(always)]
pub(super) fn max_start<V: Simd>() -> MaxAcc<V> {
    MaxAcc::<V>::splat(f32::NEG_INFINITY)
}

/// The maximum of `p[0..n]` (-inf if there is no value but NaN).
#[inline(always)]
pub(super) unsafe fn max_row<V: Simd>(p: *const f32, n: usize) -> f32 {
    let mut acc = max_start::<V>();
    let mut j = 0;
    while j + MaxAcc::<V>::LANES <= n {
        max_step(&mut acc, p, j);
        j += MaxAcc::<V>::LANES;
    }
    max_finish(acc, p, j, n)
}

/// Four registers of `p` at `j` into the four accumulators.
#[inline(always)]
pub(super) unsafe fn max_step<V: Simd>(acc: &mut MaxAcc<V>, p: *const f32, j: usize) {
    *acc = MaxAcc::<V>::load(p.add(j)).max(*acc);
}

/// The end of [`max_row`] from `j`, where its four-register loop stopped:
/// the rest one register at a time, then the lanes.
#[inline(always)]
pub(super) unsafe fn max_finish<V: Simd>(
    acc: MaxAcc<V>,
    p: *const f32,
    mut j: usize,
    n: usize,
) -> f32 {
    let [mut a0, a1, a2, a3] = acc.0;
    while j < n {
        let cnt = V::LANES.min(n - j);
        a0 = load_n::<V>(p.add(j), cnt, f32::NEG_INFINITY).max(a0);
        j += V::LANES;
    }
    let m = a0.max(a1).max(a2.max(a3));
    let mut lanes = [f32::NEG_INFINITY; 64];
    m.store(lanes.as_mut_ptr());
    let mut best = f32::NEG_INFINITY;
    for &v in lanes.iter().take(V::LANES) {
        if v > best {
            best = v;
        }
    }
    best
}
