//! The fast tier of softmax and log_softmax (issue 14): every entry point of
//! `mod.rs` (last axis, any axis, masked rows) with fewer operations per
//! element, within 4 ULP of the exact value, with the exact tier's special
//! values and the same bits on every ISA.
//!
//! What changes against the exact tier, pass by pass:
//! - exp: e = e^(x - m) is `math::fast::exp_normal(d)` (plain f32, about
//!   1 ULP) on d = x - m rounded, times (1 + dl) by one FMA, where dl is the
//!   rounding error of d (TwoSum: without it a spread of 80 between x and m
//!   would cost up to 2^-18 relative, 64 ULP). Lanes with d < -87 (e
//!   subnormal or 0), -inf or NaN take the exact tier's double-f32 exp, so
//!   tails and specials are right by construction; a register with none of
//!   them runs the short path alone.
//! - sum: in blocks of four 16-value chunks, the four values of each of the
//!   16 lanes (element j in lane j mod 16, as everywhere in `rowwise`) are
//!   added pairwise in plain f32 (at most 2 roundings, all terms positive),
//!   and each block's 16 partial sums go into a TwoSum-compensated
//!   accumulator ([`Sum16`]), reduced in f64 in one fixed order. So the sum
//!   is within about 2^-23 of itself, and its bits depend only on the
//!   element index, never on the register width: the same on every ISA.
//!   softmax needs no count of the maximum's own entries; log_softmax keeps
//!   the exact tier's (so that log(sum) keeps its relative accuracy when the
//!   maximum dominates the row).
//! - output: softmax y = e * r, r = 1/sum rounded to f32 once (one multiply
//!   instead of the exact tier's FMA pair); log_softmax y = (x - ch) - cl
//!   with ch + cl = m + log(sum), as in the exact tier.
//!
//! The any-axis path (inner > 1) keeps the exact tier's shape (each lane
//! walks one group in order) with the same fast exp, a compensated sum and
//! r = 1/sum in f32 per lane.

use super::masked::{logits, masked_max, masked_output};
use super::max::{max_finish, max_row, max_start, max_step, MaxAcc};
use super::scale::{constants, nan_row, normalise};
use super::strided::{log_normalised, log_of, neumaier};
use crate::math::dd::two_sum;
use crate::math::exp::exp_dd;
use crate::math::fast::{exp_normal, EXP_NORMAL_MIN};
use crate::math::{c, nan_canonical};
use crate::rowwise::{chunk_reg, load_n, store_chunk_reg, store_n, Lanes16, Sum16, LANES16};
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// Chunks of 16 values per block of the sum (see the module doc).
const BLOCK_CHUNKS: usize = 4;
/// Values per block.
const BLOCK: usize = BLOCK_CHUNKS * LANES16;

/// Lanes where the short exp applies: d = x - m in [-87, 0] (ordered, so
/// false for NaN; d > 0 cannot occur).
#[inline(always)]
fn short_lanes<V: Simd>(d: V) -> V::Mask {
    d.ge(c(EXP_NORMAL_MIN))
}

/// e^(x - m) on the short path, `d = x + nm` (`nm = -m`): exp_normal(d)
/// (1 + dl), dl the exact rounding error of d. Meaningless outside
/// [`short_lanes`].
#[inline(always)]
fn exp_short<V: Simd>(x: V, nm: V, d: V) -> V {
    let dl = super::exp::low_part(x, nm, d);
    let e = exp_normal(d);
    e.mul_add(dl, e)
}

/// e^(x - m) on any lanes: [`exp_short`] where it applies, elsewhere the
/// exact tier's double-f32 exp (0 at -inf, NaN for NaN, the subnormal tail
/// rounded once). Per lane, so a value never depends on its neighbours.
#[inline(always)]
fn exp_any<V: Simd>(x: V, nm: V, d: V) -> V {
    let ok = short_lanes(d);
    let short = exp_short(x, nm, d);
    if V::any(!ok) {
        let dl = super::exp::low_part(x, nm, d);
        // x = m = +-inf: d is NaN already; keep dl from adding a second one.
        let (eh, el) = exp_dd(d, V::select(d.abs().lt(c(f32::INFINITY)), dl, c(0.0)));
        V::select(ok, short, eh + el)
    } else {
        short
    }
}

/// [`short_lanes`], and with `INF` the -inf lanes too (see [`exp4`]).
#[inline(always)]
fn block_lanes<V: Simd, const INF: bool>(d: V) -> V::Mask {
    if INF {
        short_lanes(d) | d.eq(c(f32::NEG_INFINITY))
    } else {
        short_lanes(d)
    }
}

/// The e of one block register group (the same register `k` of the four
/// chunks): short path for all four when every lane allows it. Returns the
/// e, the d and whether [`add4`] must count the maximum's own entries
/// apart: for log_softmax, when the exact path ran or any d is 0 (the
/// maximum's entry, whose e is exactly 1 on either path; so such a block,
/// one per row, no longer leaves the short path: the same bits, and about
/// a fifteenth of a 1000-wide row's exp pass saved).
///
/// `INF`: -inf lanes (in the row, or filled past its end) are allowed on
/// the short path and patched to +0, the exact path's value there: for the
/// row's last block and masked rows, which would otherwise take the exact
/// path for every register that holds a filler lane.
#[inline(always)]
fn exp4<V: Simd, const LOG: bool, const INF: bool>(
    xs: [V; BLOCK_CHUNKS],
    nm: V,
) -> ([V; BLOCK_CHUNKS], [V; BLOCK_CHUNKS], bool) {
    let ds = [xs[0] + nm, xs[1] + nm, xs[2] + nm, xs[3] + nm];
    let ninf = c::<V>(f32::NEG_INFINITY);
    let mut ok = block_lanes::<V, INF>(ds[0])
        & block_lanes::<V, INF>(ds[1])
        & block_lanes::<V, INF>(ds[2])
        & block_lanes::<V, INF>(ds[3]);
    let short = !V::any(!ok);
    // (`ok` is no longer needed: for log_softmax, whether to count tops.)
    if LOG && short {
        let z = c::<V>(0.0);
        ok = ds[0].eq(z) | ds[1].eq(z) | ds[2].eq(z) | ds[3].eq(z);
    }
    let count = LOG && (!short || V::any(ok));
    let es = if !short {
        [
            exp_any(xs[0], nm, ds[0]),
            exp_any(xs[1], nm, ds[1]),
            exp_any(xs[2], nm, ds[2]),
            exp_any(xs[3], nm, ds[3]),
        ]
    } else {
        let mut es = [
            exp_short(xs[0], nm, ds[0]),
            exp_short(xs[1], nm, ds[1]),
            exp_short(xs[2], nm, ds[2]),
            exp_short(xs[3], nm, ds[3]),
        ];
        if INF {
            for (e, d) in es.iter_mut().zip(ds) {
                *e = V::select(d.eq(ninf), c(0.0), *e);
            }
        }
        es
    };
    (es, ds, count)
}

/// Adds a block register group's e to the sum (pairwise, then compensated
/// into lane group `k`); with `count` (log_softmax, see [`exp4`]) the
/// maximum's own entries (d = 0, e = 1 exactly) are counted in `tops`
/// instead (a block without any adds +0 to both: no change).
#[inline(always)]
fn add4<V: Simd, const LOG: bool>(
    sum: &mut Sum16<V>,
    tops: &mut Lanes16<V>,
    k: usize,
    mut es: [V; BLOCK_CHUNKS],
    ds: [V; BLOCK_CHUNKS],
    count: bool,
) {
    if LOG && count {
        for c4 in 0..BLOCK_CHUNKS {
            let top = ds[c4].eq(c(0.0));
            es[c4] = V::select(top, c(0.0), es[c4]);
            tops.regs[k] = tops.regs[k] + V::select(top, c(1.0), c(0.0));
        }
    }
    sum.add(k, (es[0] + es[1]) + (es[2] + es[3]));
}

/// The exp pass over a whole block of an unmasked row at `j`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn full_block<V: Simd, const LOG: bool>(
    x: *const f32,
    y: *mut f32,
    j: usize,
    nm: V,
    sum: &mut Sum16<V>,
    tops: &mut Lanes16<V>,
) {
    for k in 0..Lanes16::<V>::REGS {
        // (No closure for the offsets: see `chunk_reg`.)
        let at = j + k * V::LANES;
        let xs = [
            V::load(x.add(at)),
            V::load(x.add(at + LANES16)),
            V::load(x.add(at + 2 * LANES16)),
            V::load(x.add(at + 3 * LANES16)),
        ];
        let (es, ds, count) = exp4::<V, LOG, false>(xs, nm);
        if !LOG {
            for (c4, e) in es.iter().enumerate() {
                e.store(y.add(at + c4 * LANES16));
            }
        }
        add4::<V, LOG>(sum, tops, k, es, ds, count);
    }
}

/// The exp pass over the block at `j` of any row (the row's last partial
/// block, or a masked row): chunk by chunk through [`logits`], values past
/// the row's end read as -inf (e = 0, which adds nothing).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn any_block<V: Simd, const LOG: bool>(
    x: *const f32,
    keep: Option<*const u8>,
    y: *mut f32,
    n: usize,
    j: usize,
    nm: V,
    sum: &mut Sum16<V>,
    tops: &mut Lanes16<V>,
) {
    let mut bufs = [[0.0f32; LANES16]; BLOCK_CHUNKS];
    let mut ps = [core::ptr::null::<f32>(); BLOCK_CHUNKS];
    let mut lens = [0usize; BLOCK_CHUNKS];
    for (c4, buf) in bufs.iter_mut().enumerate() {
        let s = j + c4 * LANES16;
        if s < n {
            lens[c4] = LANES16.min(n - s);
            ps[c4] = logits(x, keep, s, lens[c4], buf);
        }
    }
    for k in 0..Lanes16::<V>::REGS {
        let mut xs = [V::splat(f32::NEG_INFINITY); BLOCK_CHUNKS];
        let mut any = false;
        for c4 in 0..BLOCK_CHUNKS {
            if lens[c4] > 0 {
                if let Some(v) = chunk_reg::<V>(ps[c4], k, lens[c4], f32::NEG_INFINITY) {
                    xs[c4] = v;
                    any = true;
                }
            }
        }
        if !any {
            continue;
        }
        let (es, ds, count) = exp4::<V, LOG, true>(xs, nm);
        if !LOG {
            for (c4, e) in es.iter().enumerate() {
                if lens[c4] > 0 {
                    store_chunk_reg(*e, y.add(j + c4 * LANES16), k, lens[c4]);
                }
            }
        }
        add4::<V, LOG>(sum, tops, k, es, ds, count);
    }
}

/// softmax's last pass: y = e * r, with the next row's maximum as
/// [`normalise`] gives it.
#[inline(always)]
#[allow(clippy::manual_map)]
unsafe fn scale_rows<V: Simd>(
    y: *mut f32,
    n: usize,
    r: V,
    next: Option<*const f32>,
) -> Option<f32> {
    let mut acc = max_start::<V>();
    let r4 = Wide([r; 4]);
    let mut j = 0;
    while j + MaxAcc::<V>::LANES <= n {
        let v = MaxAcc::<V>::load(y.add(j));
        if let Some(p) = next {
            max_step(&mut acc, p, j);
        }
        (v * r4).store(y.add(j));
        j += MaxAcc::<V>::LANES;
    }
    let jm = j;
    while j < n {
        let cnt = V::LANES.min(n - j);
        store_n(load_n::<V>(y.add(j), cnt, 0.0) * r, y.add(j), cnt);
        j += V::LANES;
    }
    match next {
        Some(p) => Some(max_finish(acc, p, jm, n)),
        None => None,
    }
}

/// One row of length n >= 1 (see `mod.rs`'s `row`: the same arguments and
/// the same special values).
#[inline(always)]
unsafe fn row<V: Simd, const LOG: bool>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    keep: Option<*const u8>,
    m: Option<f32>,
    next: Option<*const f32>,
) -> Option<f32> {
    let m = match (m, keep) {
        (Some(m), _) => m,
        (None, None) => max_row::<V>(x, n),
        (None, Some(mk)) => masked_max::<V>(x, mk, n),
    };
    let nm = V::splat(-m);
    let mut sum = Sum16::<V>::new();
    let mut tops = Lanes16::<V>::splat(0.0);
    let mut j = 0;
    if keep.is_none() {
        while j + BLOCK <= n {
            full_block::<V, LOG>(x, y, j, nm, &mut sum, &mut tops);
            j += BLOCK;
        }
    }
    while j < n {
        any_block::<V, LOG>(x, keep, y, n, j, nm, &mut sum, &mut tops);
        j += BLOCK;
    }
    // The count of the maximum's entries (integers: exact in any order).
    let t: f64 = tops.to_array().iter().map(|&v| v as f64).sum();
    let rest = sum.total();
    let [r, _, ch, cl] = constants(m, t, rest, LOG);
    match keep {
        // NaN or +inf in the row, or all -inf: the row is NaN.
        None if (t + rest).is_nan() => nan_row::<V>(y, n, next),
        None if LOG => normalise::<V, true>(x, y, n, [c(r), c(0.0), c(ch), c(cl)], next),
        None => scale_rows::<V>(y, n, c(r), next),
        Some(mk) => {
            // rl = 0: fma(e, r, e * 0) is e * r rounded once, as above.
            masked_output::<V>(x, mk, y, n, LOG, [c(r), c(0.0), c(ch), c(cl)]);
            None
        }
    }
}

/// Row after row, each row's last pass computing the next row's maximum.
#[inline(always)]
unsafe fn rows_of<V: Simd, const LOG: bool>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    let mut m = None;
    for r in 0..rows {
        let next = if r + 1 < rows {
            Some(x.add((r + 1) * cols))
        } else {
            None
        };
        m = row::<V, LOG>(x.add(r * cols), y.add(r * cols), cols, None, m, next);
    }
}

/// Fast softmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn softmax_rows_fast<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V, false>(x, y, rows, cols)
}

/// Fast log_softmax over the last axis of a `rows x cols` matrix.
#[inline(always)]
pub unsafe fn log_softmax_rows_fast<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    rows_of::<V, true>(x, y, rows, cols)
}

/// Fast masked softmax (see `softmax_masked_rows`).
#[inline(always)]
pub unsafe fn softmax_masked_rows_fast<V: Simd>(
    x: *const f32,
    mask: *const u8,
    y: *mut f32,
    rows: usize,
    cols: usize,
    mask_row_stride: usize,
) {
    for r in 0..rows {
        let keep = Some(mask.add(r * mask_row_stride));
        row::<V, false>(x.add(r * cols), y.add(r * cols), cols, keep, None, None);
    }
}

/// Fast softmax / log_softmax over a strided axis (inner > 1): each lane
/// walks one group in order (ISA-independent by itself), e by the fast exp
/// summed with TwoSum; softmax y = e * r with r = 1 / (hi + lo) in f32,
/// log_softmax as the exact tier from that sum.
#[inline(always)]
unsafe fn strided_fast<V: Simd, const LOG: bool>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
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
            let nm = -m;
            let finite_max = m.abs().lt(c(f32::INFINITY));
            let (mut sh, mut sl, mut tops) = (V::splat(0.0), V::splat(0.0), V::splat(0.0));
            for a in 0..axis {
                let v = load_n::<V>(xb.add(a * inner + i), cnt, 0.0);
                let mut e = exp_any(v, nm, v + nm);
                if !LOG {
                    store_n(e, yb.add(a * inner + i), cnt);
                } else {
                    let top = v.eq(m) & finite_max;
                    e = V::select(top, c(0.0), e);
                    tops = tops + V::select(top, c(1.0), c(0.0));
                }
                let (s, err) = two_sum(sh, e);
                sh = s;
                sl = sl + err;
            }
            if LOG {
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
                let r = c::<V>(1.0) / (sh + sl);
                for a in 0..axis {
                    let p = yb.add(a * inner + i);
                    store_n(nan_canonical(load_n::<V>(p, cnt, 0.0) * r), p, cnt);
                }
            }
            i += V::LANES;
        }
    }
}

/// Fast softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn softmax_axis_fast<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        softmax_rows_fast::<V>(x, y, outer, axis)
    } else {
        strided_fast::<V, false>(x, y, outer, axis, inner)
    }
}

/// Fast log_softmax over the middle axis of `[outer, axis, inner]`.
#[inline(always)]
pub unsafe fn log_softmax_axis_fast<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        log_softmax_rows_fast::<V>(x, y, outer, axis)
    } else {
        strided_fast::<V, true>(x, y, outer, axis, inner)
    }
}
