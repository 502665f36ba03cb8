//! Pass 2 of a row: e_j = exp(x_j - m) with x_j - m exact as a double-f32
//! (so large spreads lose nothing), stored (softmax) and summed.
//!
//! Built for the common case: a block of registers whose lanes all have
//! d = x - m in the fast range [FAST_MIN, -0] (e normal: no clamping, no
//! split scaling, no low part of the scaled result) takes [`exp_fast`]
//! alone, on a [`Wide`] of the whole block so that the block's independent
//! chains run side by side (the block sizes in [`exp_pass`] measured fastest
//! on Zen 4). Anything else goes chunk (16 values) by chunk: the maximum
//! itself and -inf are patched onto the fast exp ([`exp_chunk_mixed`]), and
//! a chunk with any other lane (below FAST_MIN, NaN, +inf) takes the
//! general path ([`exp_general`]), which uses [`exp_fast`] on the lanes in
//! the fast range. So every lane's e is one function of (x, m), whatever
//! path or vector width, and the sum (`sum.rs`) is fixed by element index:
//! the bits are the same on every ISA.
//!
//! The entries equal to a finite maximum (e = 1 exactly) are counted apart
//! (`tops`), so that the sum of the others keeps its relative accuracy
//! however small it is next to them (log_softmax of a dominant entry).

use super::masked::logits;
use super::sum::RowSum;
// The fast exp is math::exp's short exp, with a low part of the argument.
use crate::math::c;
use crate::math::exp::{exp_dd, exp_short_poly, scale_by_t, LN2_HI, LN2_LO, LOG2E};
use crate::rowwise::{chunk_reg, store_chunk_reg, Lanes16, LANES16};
use crate::simd::wide::Wide;
use crate::simd::{Simd, MAGIC_ROUND};

/// The fast range of d = x - m is [FAST_MIN, -0]: n = round(d log2 e) >= -124
/// there, so e^d >= 0.7 * 2^-124 is normal.
const FAST_MIN: f32 = -86.0;

/// The `+ dl` part of `two_sum(x, nm)` given its sum `d = x + nm`.
#[inline(always)]
pub(super) fn low_part<V: Simd>(x: V, nm: V, d: V) -> V {
    let bb = d - x;
    (x - (d - bb)) + (nm - bb)
}

/// Lanes where `d = x - m` is in the fast range [FAST_MIN, 0): there e^d is
/// normal with a margin (n >= -124), so [`exp_fast`] needs no clamping, no
/// split scaling and no low part of the scaled result. NaN, -inf, 0 (the
/// maximum itself) and -0 are outside.
#[inline(always)]
fn in_fast_range<V: Simd>(d: V) -> V::Mask {
    // As integers, the bits of -0.0 ..= FAST_MIN are i32::MIN ..=
    // bits(FAST_MIN); every other value (positive, below FAST_MIN, -inf,
    // NaN of either sign) is greater.
    V::gt_int(V::splat_int(FAST_MIN.to_bits() as i32 + 1), d.to_bits())
}

/// e^(d + dl) for d in [FAST_MIN, -0], |dl| <= ulp(d) / 2, within about
/// 0.9 ulp (garbage outside the range; callers select it away): the short
/// exp of `math::exp` (issue 15). n = round(d log2 e) (one FMA), d - n LN2_HI
/// exact, the rest n LN2_LO and dl joined to it in one rounded addition,
/// e^r = 1 + r (1 + r Q(r)) rounded once by its closing FMA, and the exact
/// scaling by 2^n as an exponent add (the result is normal). No low part:
/// 13 operations per register where the double-f32 version took 23.
#[inline(always)]
fn exp_fast<V: Simd>(d: V, dl: V) -> V {
    let t = d.mul_add(c(LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    let r = n.neg_mul_add(c(LN2_HI), d) + n.neg_mul_add(c(LN2_LO), dl);
    scale_by_t(exp_short_poly(r), t)
}

/// e^(x - m) on any lanes: [`exp_fast`] in the fast range, the general
/// double-f32 path elsewhere. Bit for bit what [`exp_fast`] gives on the
/// lanes in the fast range, so a vector's result never depends on its
/// neighbours.
#[inline(always)]
fn exp_general<V: Simd>(x: V, nm: V, d: V) -> V {
    let dl = low_part(x, nm, d);
    let fast = exp_fast(d, dl);
    // x = m = -inf or inf: d is NaN already; keep dl from adding a second one.
    let (eh, el) = exp_dd(d, V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0)));
    V::select(in_fast_range(d), fast, eh + el)
}

/// Every lane in the fast range, -inf, or the maximum itself (d = +0).
#[inline(always)]
fn mixed_ok<W: Simd>(d: W) -> bool {
    let ok = in_fast_range(d) | d.eq(c(f32::NEG_INFINITY)) | d.eq(c(0.0));
    !W::any(!ok)
}

/// The maximum's own entries: d = x - m = +0 exactly (m finite).
#[inline(always)]
fn is_top<V: Simd>(d: V) -> V::Mask {
    d.eq(c(0.0)) & V::gt_int(d.to_bits(), V::splat_int(-1))
}

/// Adds register `k`'s e to the sum, or counts it in `tops` where it is
/// the maximum's own 1.
#[inline(always)]
fn add_e<V: Simd>(sum: &mut RowSum<V>, tops: &mut Lanes16<V>, k: usize, d: V, e: V) {
    let top = is_top(d);
    sum.add(k, V::select(top, c(0.0), e));
    tops.regs[k] = tops.regs[k] + V::select(top, c(1.0), c(0.0));
}

/// Pass 2 over the whole blocks of `NB` registers (a multiple of the
/// registers per 16-value chunk) of a row without mask: the fast exp when
/// every lane of the block is in the fast range, else chunk by chunk on the
/// general path. Returns where it stopped.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn fast_blocks<V: Simd, const NB: usize>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    mut j: usize,
    nm: V,
    log: bool,
    sum: &mut RowSum<V>,
    tops: &mut Lanes16<V>,
) -> usize {
    let regs = Lanes16::<V>::REGS;
    let width = Wide::<V, NB>::LANES;
    let nmw = Wide([nm; NB]);
    while j + width <= n {
        let xs = Wide::<V, NB>::load(x.add(j));
        let ds = xs + nmw;
        if !Wide::<V, NB>::any(!in_fast_range(ds)) {
            let e = exp_fast(ds, low_part(xs, nmw, ds));
            for (i, e) in e.0.into_iter().enumerate() {
                if !log {
                    e.store(y.add(j + i * V::LANES));
                }
                sum.add(i % regs, e);
            }
        } else if mixed_ok(ds) {
            // The maximum, or -inf entries: as exp_chunk_mixed, interleaved.
            let e = exp_fast(ds, low_part(xs, nmw, ds));
            for (i, e) in e.0.into_iter().enumerate() {
                let d = ds.0[i];
                let e = V::select(d.eq(c(f32::NEG_INFINITY)), c(0.0), e);
                add_e(sum, tops, i % regs, d, e);
                if !log {
                    e.store(y.add(j + i * V::LANES));
                }
            }
        } else {
            let mut o = j;
            while o < j + width {
                exp_chunk_mixed(x.add(o), y.add(o), LANES16, nm, log, sum, tops);
                o += LANES16;
            }
        }
        // Blocks are aligned to their size (at most 8 chunks, the sum's
        // renormalisation period).
        sum.chunk_done(j + width);
        j += width;
    }
    j
}

/// Pass 2 on one 16-value chunk of length `len` at `p`, any values: e
/// stored to `y` (unless `log`), summed, the entries equal to a finite
/// maximum counted apart (`tops`).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn exp_chunk<V: Simd>(
    p: *const f32,
    y: *mut f32,
    len: usize,
    nm: V,
    log: bool,
    sum: &mut RowSum<V>,
    tops: &mut Lanes16<V>,
) {
    for k in 0..Lanes16::<V>::REGS {
        if let Some(v) = chunk_reg::<V>(p, k, len, f32::NEG_INFINITY) {
            let d = v + nm;
            let e = exp_general(v, nm, d);
            add_e(sum, tops, k, d, e);
            if !log {
                store_chunk_reg(e, y, k, len);
            }
        }
    }
}

/// Pass 2 on a chunk outside the fast blocks (one of a block that has a
/// lane out of the fast range, a whole chunk after the blocks, or the row's
/// partial last one): when every lane is in the fast range, -inf (in the
/// row, or filled past `len`) or the maximum itself (d = +0), the fast exp
/// with those lanes patched as the general path has them (e = +0 at -inf,
/// e = 1 at the maximum, which exp_fast gives already, counted apart);
/// else [`exp_chunk`].
#[inline(always)]
unsafe fn exp_chunk_mixed<V: Simd>(
    p: *const f32,
    y: *mut f32,
    len: usize,
    nm: V,
    log: bool,
    sum: &mut RowSum<V>,
    tops: &mut Lanes16<V>,
) {
    let regs = Lanes16::<V>::REGS;
    let mut xs = [V::splat(f32::NEG_INFINITY); LANES16];
    let mut ds = [V::splat(f32::NEG_INFINITY); LANES16];
    let mut ok = V::splat(0.0).eq(c(0.0));
    let minus_inf = c::<V>(f32::NEG_INFINITY);
    for k in 0..regs {
        if let Some(v) = chunk_reg::<V>(p, k, len, f32::NEG_INFINITY) {
            xs[k] = v;
            ds[k] = v + nm;
            ok = ok & (in_fast_range(ds[k]) | ds[k].eq(minus_inf) | ds[k].eq(c(0.0)));
        }
    }
    if V::any(!ok) {
        exp_chunk(p, y, len, nm, log, sum, tops);
        return;
    }
    for k in 0..regs {
        if k * V::LANES < len {
            let d = ds[k];
            let e = exp_fast(d, low_part(xs[k], nm, d));
            let e = V::select(d.eq(minus_inf), c(0.0), e);
            add_e(sum, tops, k, d, e);
            if !log {
                store_chunk_reg(e, y, k, len);
            }
        }
    }
}

/// Pass 2 of a row: e_j = exp(x_j - m) stored (softmax) and summed, the
/// maximum's entries counted apart; returns the sum and that count.
/// `seeded`: see [`RowSum`]; `keep`: the mask, if any (masked logits read
/// as -1e9).
#[inline(always)]
pub(super) unsafe fn exp_pass<V: Simd>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    nm: V,
    log: bool,
    seeded: bool,
    keep: Option<*const u8>,
) -> (RowSum<V>, Lanes16<V>) {
    let mut sum = RowSum::<V>::new(seeded);
    let mut buf = [0.0f32; LANES16];
    let mut tops = Lanes16::<V>::splat(0.0);
    let mut j = 0;
    if keep.is_none() {
        // Blocks of whole chunks (see fast_blocks): of 4 registers (AVX-512:
        // then 2 at the end of the row; scalar: 16), the sizes that measured
        // fastest on Zen 4; the rest of the row chunk by chunk.
        let (s, t) = (&mut sum, &mut tops);
        match Lanes16::<V>::REGS {
            1 => {
                j = fast_blocks::<V, 4>(x, y, n, j, nm, log, s, t);
                j = fast_blocks::<V, 2>(x, y, n, j, nm, log, s, t);
            }
            2 | 4 => j = fast_blocks::<V, 4>(x, y, n, j, nm, log, s, t),
            _ => j = fast_blocks::<V, 16>(x, y, n, j, nm, log, s, t),
        }
    }
    while j < n {
        let len = LANES16.min(n - j);
        let p = logits(x, keep, j, len, &mut buf);
        exp_chunk_mixed(p, y.add(j), len, nm, log, &mut sum, &mut tops);
        sum.chunk_done(j + len);
        j += LANES16;
    }
    (sum, tops)
}
