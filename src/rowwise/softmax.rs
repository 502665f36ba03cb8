//! softmax and log_softmax over the last axis or any axis, and the Softmax
//! layer's masked softmax.
//!
//! Last axis (`row`), three passes per row: the maximum m (computed by the
//! previous row's last pass, whose loads it overlaps); e_j = exp(x_j - m)
//! with x_j - m kept exact as a double-f32 (so large spreads lose nothing),
//! written to y (softmax) and summed with compensation in 16 fixed lanes;
//! then y_j = fma(e_j, rh, e_j rl) with rh + rl = 1 / sum to ~2^-48 (one
//! rounding, like a correctly rounded division) or, for log_softmax,
//! y_j = (x_j - ch) - cl with ch + cl = m + log(sum).
//!
//! Pass 2 has a fast path: a block of registers whose lanes all have
//! x - m in [FAST_MIN, -0] (e normal: no clamping, no split scaling, no
//! low part of the scaled result) takes [`exp_fast`] alone, interleaved
//! over the block. Anything else goes chunk (16 values) by chunk: the
//! maximum itself and -inf are patched onto the fast exp
//! (`exp_chunk_mixed`), and a chunk with any other lane (below FAST_MIN,
//! NaN, +inf) takes the general path (`exp_general`), which uses
//! [`exp_fast`] on the lanes in the fast range. So every lane's e is one
//! function of (x, m), whatever path or vector width; the sum's lanes,
//! accumulator sets and renormalisation points are fixed by element and
//! chunk index, so the sum is too. The strided path (inner > 1) is the
//! original one-lane-per-group code.
//!
//! Non-finite input follows Keras: NaN or +inf in a group makes the group
//! NaN, an all -inf group is NaN, and -inf entries next to finite ones give
//! 0 (-inf for log_softmax).

use super::{chunk_reg, load_n, max16, store_chunk_reg, store_n, Lanes16, LANES16};
use crate::constants::ACTFN_SOFTMAX_MASK_VALUE;
use crate::math::dd::fast_two_sum as fts;
use crate::math::dd::{div_dd, fast_two_sum, two_sum};
// The fast path's exp uses exp_parts's range reduction and polynomial.
use crate::math::exp::{exp_dd, EXPM1_P, LN2_HI, LN2_LO, LOG2E};
use crate::math::{c, nan_canonical, poly};
use crate::simd::{Simd, MAGIC_ROUND};

/// The fast range of d = x - m is [FAST_MIN, -0]: n = round(d log2 e) >= -124
/// there, so e^d >= 0.7 * 2^-124 is normal.
const FAST_MIN: f32 = -86.0;

/// e^(x - m), with x - m exact as hi + lo (the strided path).
#[inline(always)]
fn exp_shifted<V: Simd>(x: V, m: V) -> V {
    let (d, dl) = two_sum(x, -m);
    // x = m = -inf or inf: d is NaN already; keep dl from adding a second one.
    let (eh, el) = exp_dd(d, V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0)));
    eh + el
}

/// The sum of `parts` in f64 with Neumaier's compensation: (sum, comp).
fn neumaier(parts: &[f32]) -> (f64, f64) {
    let (mut s, mut comp) = (0.0f64, 0.0f64);
    for &p in parts {
        let p = p as f64;
        let t = s + p;
        comp += if s.abs() >= p.abs() {
            (s - t) + p
        } else {
            (p - t) + s
        };
        s = t;
    }
    (s, comp)
}

/// log(s + comp) as hi + lo. A sum below 2 goes through log1p(sum - 1) with
/// sum - 1 exact: the sum holds the maximum's e^0 = 1, and for rows
/// dominated by it log(sum) is tiny and must keep its relative accuracy.
/// (libm's log and log1p are the same pure-Rust code on every target.)
fn log_of(s: f64, comp: f64) -> (f32, f32) {
    let l = if s < 2.0 {
        libm::log1p((s - 1.0) + comp)
    } else {
        libm::log(s + comp)
    };
    let hi = l as f32;
    (hi, (l - hi as f64) as f32)
}

/// The 16-value chunk of row `x` at `j` (`len` values): `x + j` itself, or,
/// with a mask, a copy in `buf` with masked logits replaced by -1e9.
#[inline(always)]
unsafe fn logits(
    x: *const f32,
    keep: Option<*const u8>,
    j: usize,
    len: usize,
    buf: &mut [f32; LANES16],
) -> *const f32 {
    match keep {
        None => x.add(j),
        Some(mk) => {
            for (t, slot) in buf.iter_mut().enumerate().take(len) {
                *slot = if *mk.add(j + t) != 0 {
                    *x.add(j + t)
                } else {
                    ACTFN_SOFTMAX_MASK_VALUE
                };
            }
            buf.as_ptr()
        }
    }
}

/// The `+ dl` part of `two_sum(x, nm)` given its sum `d = x + nm`.
#[inline(always)]
fn low_part<V: Simd>(x: V, nm: V, d: V) -> V {
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

/// e^(d + dl) for d in [FAST_MIN, -0], |dl| <= ulp(d) / 2, rounded once from
/// a value carried to about 2^-26 (garbage outside the range; callers
/// select it away). The range reduction is exp_parts's: n = round(d log2 e)
/// (one FMA), d - n LN2_HI exact, the rest in r0; then
/// e^(r + rl) = 1 + r + r^2 P(r) + rl (1 + r) with 1 + r split exactly, and
/// the exact scaling by 2^n as an exponent add (the result is normal).
#[inline(always)]
fn exp_fast<V: Simd>(d: V, dl: V) -> V {
    let t = d.mul_add(c(LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    let r1 = n.neg_mul_add(c(LN2_HI), d);
    let r0 = n.neg_mul_add(c(LN2_LO), dl);
    let (r, rl) = fast_two_sum(r1, r0);
    let q = (r * r) * poly(r, &EXPM1_P);
    let hi = c::<V>(1.0) + r;
    let lo = (c::<V>(1.0) - hi) + r;
    let e1 = hi + (lo + (q + rl.mul_add(r, rl)));
    // The low bits of t hold n (|n| < 2^22): shifted into the exponent field
    // they are n << 23 (the magic constant's bits shift out).
    V::from_bits(e1.to_bits() + V::shl::<23>(t.to_bits()))
}

/// [`exp_fast`] of N registers, `d = x + nm`, written step by step across
/// them so that their independent chains interleave.
#[inline(always)]
fn exp_fast_n<V: Simd, const N: usize>(x: &[V; N], d: &[V; N], nm: V) -> [V; N] {
    let mut dl = [V::splat(0.0); N];
    let mut t = dl;
    let mut r = dl;
    let mut rl = dl;
    let mut q = dl;
    let mut e = dl;
    for i in 0..N {
        let bb = d[i] - x[i];
        dl[i] = (x[i] - (d[i] - bb)) + (nm - bb);
    }
    for i in 0..N {
        t[i] = d[i].mul_add(c(LOG2E), c(MAGIC_ROUND));
    }
    for i in 0..N {
        let n = t[i].add_fma_unit(c(-MAGIC_ROUND));
        let r1 = n.neg_mul_add(c(LN2_HI), d[i]);
        let r0 = n.neg_mul_add(c(LN2_LO), dl[i]);
        // Fast2Sum with its subtraction on the adders (not dd's, which puts
        // it on the FMA units): add_fma_unit has balanced this loop already.
        r[i] = r1 + r0;
        rl[i] = (r1 - r[i]) + r0;
    }
    for i in 0..N {
        q[i] = r[i] * r[i];
    }
    let mut p = [V::splat(EXPM1_P[5]); N];
    for k in (0..5).rev() {
        for i in 0..N {
            p[i] = p[i].mul_add(r[i], c(EXPM1_P[k]));
        }
    }
    for i in 0..N {
        q[i] = q[i] * p[i];
    }
    for i in 0..N {
        let hi = r[i].add_fma_unit(c(1.0));
        let lo = (c::<V>(1.0) - hi) + r[i];
        let e1 = hi + lo.add_fma_unit(q[i].add_fma_unit(rl[i].mul_add(r[i], rl[i])));
        e[i] = V::from_bits(e1.to_bits() + V::shl::<23>(t[i].to_bits()));
    }
    e
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
    let width = NB * V::LANES;
    while j + width <= n {
        let p = x.add(j);
        let mut xs = [V::splat(0.0); NB];
        let mut ds = [V::splat(0.0); NB];
        for i in 0..NB {
            xs[i] = V::load(p.add(i * V::LANES));
            ds[i] = xs[i] + nm;
        }
        let mut ok = in_fast_range(ds[0]);
        for d in ds.iter().skip(1) {
            ok = ok & in_fast_range(*d);
        }
        if !V::any(!ok) {
            let e = exp_fast_n(&xs, &ds, nm);
            for (i, e) in e.into_iter().enumerate() {
                if !log {
                    e.store(y.add(j + i * V::LANES));
                }
                sum.add(i % regs, e);
            }
        } else if mixed_ok(&ds) {
            // The maximum, or -inf entries: as exp_chunk_mixed, interleaved.
            let e = exp_fast_n(&xs, &ds, nm);
            for (i, e) in e.into_iter().enumerate() {
                let e = V::select(ds[i].eq(c(f32::NEG_INFINITY)), c(0.0), e);
                let top = is_top(ds[i]);
                sum.add(i % regs, V::select(top, c(0.0), e));
                tops.regs[i % regs] = tops.regs[i % regs] + V::select(top, c(1.0), c(0.0));
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
        // Blocks are aligned to their size (at most RENORM_CHUNKS chunks).
        sum.chunk_done(j + width);
        j += width;
    }
    j
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
            let top = is_top(d);
            sum.add(k, V::select(top, c(0.0), e));
            tops.regs[k] = tops.regs[k] + V::select(top, c(1.0), c(0.0));
            if !log {
                store_chunk_reg(e, y, k, len);
            }
        }
    }
}

/// The maximum of `p[0..n]` (-inf if there is no value but NaN), with four
/// independent accumulators. The value is the same whatever the order
/// (NaN never wins `max` as its first operand); only the sign of a zero
/// maximum can depend on it, and nothing below depends on that sign.
#[inline(always)]
unsafe fn max_row<V: Simd>(p: *const f32, n: usize) -> f32 {
    let mut acc = [V::splat(f32::NEG_INFINITY); 4];
    let mut j = 0;
    while j + 4 * V::LANES <= n {
        max_step(&mut acc, p, j);
        j += 4 * V::LANES;
    }
    max_finish(acc, p, j, n)
}

/// Four registers of `p` at `j` into the four accumulators of [`max_row`].
#[inline(always)]
unsafe fn max_step<V: Simd>(acc: &mut [V; 4], p: *const f32, j: usize) {
    for (i, a) in acc.iter_mut().enumerate() {
        *a = V::load(p.add(j + i * V::LANES)).max(*a);
    }
}

/// The end of [`max_row`] from `j`, where its four-register loop stopped.
#[inline(always)]
unsafe fn max_finish<V: Simd>(mut acc: [V; 4], p: *const f32, mut j: usize, n: usize) -> f32 {
    while j < n {
        let cnt = V::LANES.min(n - j);
        acc[0] = load_n::<V>(p.add(j), cnt, f32::NEG_INFINITY).max(acc[0]);
        j += V::LANES;
    }
    let m = acc[0].max(acc[1]).max(acc[2].max(acc[3]));
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
            let top = is_top(d);
            sum.add(k, V::select(top, c(0.0), e));
            tops.regs[k] = tops.regs[k] + V::select(top, c(1.0), c(0.0));
            if !log {
                store_chunk_reg(e, y, k, len);
            }
        }
    }
}

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
pub(crate) struct RowSum<V: Simd> {
    hi: Lanes16<V>,
    lo: Lanes16<V>,
    seeded: bool,
}

impl<V: Simd> RowSum<V> {
    #[inline(always)]
    fn new(seeded: bool) -> Self {
        Self {
            hi: Lanes16::splat(if seeded { 1.0 } else { 0.0 }),
            lo: Lanes16::splat(0.0),
            seeded,
        }
    }

    #[inline(always)]
    fn add(&mut self, k: usize, e: V) {
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
    fn chunk_done(&mut self, end: usize) {
        if self.seeded && end.div_ceil(LANES16).is_multiple_of(RENORM_CHUNKS) {
            for k in 0..Lanes16::<V>::REGS {
                (self.hi.regs[k], self.lo.regs[k]) = fts(self.hi.regs[k], self.lo.regs[k]);
            }
        }
    }

    /// The sum of the lanes in f64, in one fixed order (good to about 2^-48
    /// of itself).
    #[inline(always)]
    fn total(self) -> f64 {
        let (hp, lp) = (self.hi.to_array(), self.lo.to_array());
        let seed = if self.seeded { 1.0 } else { 0.0 };
        let mut acc = [0.0f64; 4];
        for k in 0..LANES16 {
            acc[k % 4] += (hp[k] as f64 - seed) + lp[k] as f64;
        }
        (acc[0] + acc[1]) + (acc[2] + acc[3])
    }
}

/// Every lane in the fast range, -inf, or the maximum itself (d = +0).
#[inline(always)]
fn mixed_ok<V: Simd, const N: usize>(ds: &[V; N]) -> bool {
    let mut ok = ds[0].eq(ds[0]);
    for d in ds {
        ok = ok & (in_fast_range(*d) | d.eq(c(f32::NEG_INFINITY)) | d.eq(c(0.0)));
    }
    !V::any(!ok)
}

/// The maximum's own entries: d = x - m = +0 exactly (m finite).
#[inline(always)]
fn is_top<V: Simd>(d: V) -> V::Mask {
    d.eq(c(0.0)) & V::gt_int(d.to_bits(), V::splat_int(-1))
}

/// Pass 2 of a row: e_j = exp(x_j - m) stored (softmax) and summed, the
/// maximum's entries counted apart; returns the sum and that count.
#[inline(always)]
unsafe fn exp_pass<V: Simd>(
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
    let regs = Lanes16::<V>::REGS;
    let mut tops = Lanes16::<V>::splat(0.0);
    let mut j = 0;
    if keep.is_none() {
        // Blocks of whole chunks (see fast_blocks): of 4 registers (AVX-512:
        // then 2 at the end of the row; scalar: 16), the sizes that measured
        // fastest on Zen 4; the rest of the row chunk by chunk.
        let (xj, yj) = (x, y);
        match regs {
            1 => {
                j = fast_blocks::<V, 4>(xj, yj, n, j, nm, log, &mut sum, &mut tops);
                j = fast_blocks::<V, 2>(xj, yj, n, j, nm, log, &mut sum, &mut tops);
            }
            2 => {
                j = fast_blocks::<V, 4>(xj, yj, n, j, nm, log, &mut sum, &mut tops);
            }
            4 => {
                j = fast_blocks::<V, 4>(xj, yj, n, j, nm, log, &mut sum, &mut tops);
            }
            _ => {
                j = fast_blocks::<V, 16>(xj, yj, n, j, nm, log, &mut sum, &mut tops);
            }
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

/// log_softmax sums again unseeded when the sum of the e other than the
/// maximum's is below n REST_MIN: above it the seeded sum's absolute error
/// (at most about 9 n 2^-48) is within 2^-30 of it.
const REST_MIN: f64 = 1.0 / 16384.0;

/// One row of length n (n >= 1); `keep` masks positions (Keras's Softmax
/// layer): masked logits read as -1e9 and masked outputs are written 0.
#[inline(always)]
///
/// `m`: the row's maximum when the previous row's last pass computed it;
/// `next`: the next row (same length, no mask), whose maximum the last pass
/// computes and returns.
// (match instead of Option::map: no closures in the kernels, see mod.rs)
#[allow(clippy::too_many_arguments, clippy::manual_map)]
unsafe fn row<V: Simd>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    log: bool,
    keep: Option<*const u8>,
    m: Option<f32>,
    next: Option<*const f32>,
) -> Option<f32> {
    let regs = Lanes16::<V>::REGS;
    let mut buf = [0.0f32; LANES16];

    let m = if let Some(m) = m {
        m
    } else if keep.is_none() {
        max_row::<V>(x, n)
    } else {
        let mut m = f32::NEG_INFINITY;
        let mut j = 0;
        while j < n {
            let len = LANES16.min(n - j);
            let cm = max16::<V>(logits(x, keep, j, len, &mut buf), len);
            m = if cm > m { cm } else { m };
            j += LANES16;
        }
        m
    };
    let nm = V::splat(-m);

    // e_j = exp(x_j - m): stored for softmax, and summed. The entries equal
    // to a finite maximum (e = 1 exactly) are counted apart, so that the
    // sum of the others can keep its relative accuracy however small it is
    // next to them (log_softmax of a dominant entry needs it: see REST_MIN).
    let (mut sum, tops) = exp_pass(x, y, n, nm, log, true, keep);
    // The sum: the tops (integers, exact) and the 32 compensated parts in
    // f64, in one fixed order (the parts' f64 sum is good to about 2^-48 of
    // itself: for log_softmax, log1p((tops - 1) + rest) keeps the relative
    // accuracy of a rest that is tiny next to the maximum's 1).
    // (integers: exact in any order, so four short chains)
    let tp = tops.to_array();
    let mut ta = [0.0f64; 4];
    for (k, v) in tp.into_iter().enumerate() {
        ta[k % 4] += v as f64;
    }
    let t = (ta[0] + ta[1]) + (ta[2] + ta[3]);
    let mut rest = sum.total();
    if log && rest < n as f64 * REST_MIN {
        // The maximum dominates: the seeded sum's absolute accuracy is not
        // enough for log1p(rest); sum again with TwoSum from 0.
        (sum, _) = exp_pass(x, y, n, nm, log, false, keep);
        rest = sum.total();
    }
    let s = t + rest;

    // softmax: y = e (rh + rl) with rh + rl = 1 / sum to about 2^-48, so
    // that y is rounded once (fma(e, rh, e rl)). log_softmax:
    // y = (x - ch) - cl with ch + cl = m + log(sum) (x - ch is exact where
    // it cancels, and |y| >= log(sum) and >= m - x, so the two roundings
    // stay within an ULP or so).
    let (mut rh, mut rl, mut ch, mut cl) = (f32::NAN, f32::NAN, f32::NAN, f32::NAN);
    if !log {
        let inv = 1.0 / s;
        rh = inv as f32;
        rl = (inv - rh as f64) as f32;
    } else if m.is_finite() {
        let l = if s < 2.0 {
            libm::log1p((t - 1.0) + rest)
        } else {
            libm::log(s)
        };
        let cs = m as f64 + l;
        let bb = cs - m as f64;
        let err = (m as f64 - (cs - bb)) + (l - bb);
        ch = cs as f32;
        cl = ((cs - ch as f64) + err) as f32;
    }
    let (rh, rl, ch, cl) = (V::splat(rh), V::splat(rl), V::splat(ch), V::splat(cl));

    if keep.is_none() {
        if s.is_nan() {
            // NaN or +inf in the row, or all -inf: the row is NaN.
            let nan = V::splat(f32::NAN);
            let mut j = 0;
            while j < n {
                let cnt = V::LANES.min(n - j);
                store_n(nan, y.add(j), cnt);
                j += V::LANES;
            }
            return match next {
                Some(p) => Some(max_row::<V>(p, n)),
                None => None,
            };
        } else if log {
            return normalise::<V, true>(x, y, n, rh, rl, ch, cl, next);
        } else {
            return normalise::<V, false>(y, y, n, rh, rl, ch, cl, next);
        }
    }

    // Masked: chunk by chunk, zeroing masked slots.
    let mk = keep?;
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let src: *const f32 = if log {
            logits(x, keep, j, len, &mut buf)
        } else {
            y.add(j)
        };
        let mut outs = Lanes16::<V>::splat(0.0);
        for k in 0..regs {
            if let Some(v) = chunk_reg::<V>(src, k, len, 0.0) {
                let out = if log {
                    (v - ch) - cl
                } else {
                    v.mul_add(rh, v * rl)
                };
                outs.regs[k] = nan_canonical(out);
            }
        }
        let mut vals = outs.to_array();
        for (t, v) in vals.iter_mut().enumerate().take(len) {
            if *mk.add(j + t) == 0 {
                *v = 0.0;
            }
        }
        core::ptr::copy_nonoverlapping(vals.as_ptr(), y.add(j), len);
        j += LANES16;
    }
    None
}

/// The last pass of a row whose sum is not NaN (so neither is any output):
/// softmax y = fma(e, rh, e rl) from the e in `src` (= y), log_softmax
/// y = (x - ch) - cl from the logits in `src`. With `next` (the next row,
/// of the same length), also its maximum, as [`max_row`] gives it, its
/// loads overlapping this row's work.
#[inline(always)]
#[allow(clippy::too_many_arguments, clippy::manual_map)]
unsafe fn normalise<V: Simd, const LOG: bool>(
    src: *const f32,
    y: *mut f32,
    n: usize,
    rh: V,
    rl: V,
    ch: V,
    cl: V,
    next: Option<*const f32>,
) -> Option<f32> {
    let mut acc = [V::splat(f32::NEG_INFINITY); 4];
    let mut j = 0;
    while j + 4 * V::LANES <= n {
        let v0 = V::load(src.add(j));
        let v1 = V::load(src.add(j + V::LANES));
        let v2 = V::load(src.add(j + 2 * V::LANES));
        let v3 = V::load(src.add(j + 3 * V::LANES));
        if let Some(p) = next {
            max_step(&mut acc, p, j);
        }
        scale_one::<V, LOG>(v0, rh, rl, ch, cl).store(y.add(j));
        scale_one::<V, LOG>(v1, rh, rl, ch, cl).store(y.add(j + V::LANES));
        scale_one::<V, LOG>(v2, rh, rl, ch, cl).store(y.add(j + 2 * V::LANES));
        scale_one::<V, LOG>(v3, rh, rl, ch, cl).store(y.add(j + 3 * V::LANES));
        j += 4 * V::LANES;
    }
    let jm = j;
    while j < n {
        let cnt = V::LANES.min(n - j);
        let v = load_n::<V>(src.add(j), cnt, 0.0);
        store_n(scale_one::<V, LOG>(v, rh, rl, ch, cl), y.add(j), cnt);
        j += V::LANES;
    }
    match next {
        Some(p) => Some(max_finish(acc, p, jm, n)),
        None => None,
    }
}

#[inline(always)]
fn scale_one<V: Simd, const LOG: bool>(v: V, rh: V, rl: V, ch: V, cl: V) -> V {
    if LOG {
        (v - ch) - cl
    } else {
        v.mul_add(rh, v * rl)
    }
}

/// (x - m) - log(sum), with x - m exact as hi + lo and log(sum) = lh + ll
/// (the strided path).
#[inline(always)]
fn log_normalised<V: Simd>(x: V, m: V, lh: V, ll: V) -> V {
    let (d, dl) = two_sum(x, -m);
    let dl = V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0));
    ((d - lh) + dl) - ll
}

/// softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V>(x, y, rows, cols, false)
}

/// Row after row, each row's last pass computing the next row's maximum.
#[inline(always)]
unsafe fn rows_of<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize, log: bool) {
    let mut m = None;
    for r in 0..rows {
        let next = if r + 1 < rows {
            Some(x.add((r + 1) * cols))
        } else {
            None
        };
        m = row::<V>(x.add(r * cols), y.add(r * cols), cols, log, None, m, next);
    }
}

/// log_softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn log_softmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V>(x, y, rows, cols, true)
}

/// The Softmax layer with a mask: `mask` holds `cols` bytes per row at
/// `mask_row_stride` bytes apart (0: one mask row for all rows); a zero byte
/// masks the position.
#[inline(always)]
pub unsafe fn softmax_masked_rows<V: Simd>(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_row_stride: usize,
) {
    for r in 0..rows {
        row::<V>(
            x.add(r * cols),
            y.add(r * cols),
            cols,
            false,
            Some(mask.add(r * mask_row_stride)),
            None,
            None,
        );
    }
}

/// softmax / log_softmax of `[outer, axis, inner]` over the middle axis,
/// for inner > 1: each lane walks one group in order.
#[inline(always)]
unsafe fn strided<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
    log: bool,
) {
    for o in 0..outer {
        let xb = x.add(o * axis * inner);
        let yb = y.add(o * axis * inner);
        let mut i = 0;
        while i < inner {
            let cnt = V::LANES.min(inner - i);
            let mut m = V::splat(f32::NEG_INFINITY);
            for a in 0..axis {
                m = load_n::<V>(xb.add(a * inner + i), cnt, 0.0).max(m);
            }
            // As in `row`: entries equal to a finite maximum are counted apart.
            let finite_max = m.abs().lt(c(f32::INFINITY));
            let (mut sh, mut sl, mut tops) = (V::splat(0.0), V::splat(0.0), V::splat(0.0));
            for a in 0..axis {
                let v = load_n::<V>(xb.add(a * inner + i), cnt, 0.0);
                let e = exp_shifted(v, m);
                let top = v.eq(m) & finite_max;
                let (s, err) = two_sum(sh, V::select(top, c(0.0), e));
                sh = s;
                sl = sl + err;
                tops = tops + V::select(top, c(1.0), c(0.0));
                if !log {
                    store_n(e, yb.add(a * inner + i), cnt);
                }
            }
            // Per-lane sum tops + sh + sl: as hi + lo for the division, and its
            // log from the f64 sum.
            let (th, tl) = two_sum(tops, sh);
            let (th, tl) = fast_two_sum(th, tl + sl);
            if log {
                let mut parts = [[0.0f32; 64]; 3];
                tops.store(parts[0].as_mut_ptr());
                sh.store(parts[1].as_mut_ptr());
                sl.store(parts[2].as_mut_ptr());
                let mut lh = [0.0f32; 64];
                let mut ll = [0.0f32; 64];
                for t in 0..V::LANES {
                    let (s, comp) = neumaier(&[parts[0][t], parts[1][t], parts[2][t]]);
                    (lh[t], ll[t]) = log_of(s, comp);
                }
                let (lh, ll) = (V::load(lh.as_ptr()), V::load(ll.as_ptr()));
                for a in 0..axis {
                    let v = load_n::<V>(xb.add(a * inner + i), cnt, 0.0);
                    let out = nan_canonical(log_normalised(v, m, lh, ll));
                    store_n(out, yb.add(a * inner + i), cnt);
                }
            } else {
                for a in 0..axis {
                    let p = yb.add(a * inner + i);
                    let (q, corr) = div_dd(load_n::<V>(p, cnt, 0.0), None, th, tl);
                    store_n(nan_canonical(q + corr), p, cnt);
                }
            }
            i += V::LANES;
        }
    }
}

/// softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn softmax_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        softmax_rows::<V>(x, y, outer, axis)
    } else {
        strided::<V>(x, y, outer, axis, inner, false)
    }
}

/// log_softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn log_softmax_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        log_softmax_rows::<V>(x, y, outer, axis)
    } else {
        strided::<V>(x, y, outer, axis, inner, true)
    }
}
