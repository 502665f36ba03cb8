//! Pass 3 of a row: from the sum, the constants of the output, and the
//! output itself.
//!
//! softmax: y = fma(e, rh, e rl) with rh + rl = 1 / sum to about 2^-48, so
//! that y is rounded once, like a correctly rounded division but with a
//! multiplication per element. log_softmax: y = (x - ch) - cl with
//! ch + cl = m + log(sum): x - ch is exact where it cancels, and
//! |y| >= log(sum) and >= m - x, so the two roundings stay within an ULP or
//! so. The pass also runs the next row's max steps (`max.rs`), whose loads
//! overlap its work.

use super::max::{max_finish, max_row, max_start, max_step, MaxAcc};
use crate::rowwise::{load_n, store_n};
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// [rh, rl, ch, cl] for a row of maximum `m` whose sum is `t + rest`
/// (`t`: the count of entries equal to the maximum, `rest` the sum of the
/// other e), as f32 (NaN where unused).
#[inline(always)]
pub(super) fn constants(m: f32, t: f64, rest: f64, log: bool) -> [f32; 4] {
    let s = t + rest;
    let (mut rh, mut rl, mut ch, mut cl) = (f32::NAN, f32::NAN, f32::NAN, f32::NAN);
    if !log {
        let inv = 1.0 / s;
        rh = inv as f32;
        rl = (inv - rh as f64) as f32;
    } else if m.is_finite() {
        // A sum below 2 goes through log1p((t - 1) + rest): for rows
        // dominated by the maximum log(sum) is tiny and must keep its
        // relative accuracy. (libm is the same pure-Rust code everywhere.)
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
    [rh, rl, ch, cl]
}

/// The output of one register: see the module doc.
#[inline(always)]
fn scale_one<V: Simd, const LOG: bool>(v: V, rh: V, rl: V, ch: V, cl: V) -> V {
    if LOG {
        (v - ch) - cl
    } else {
        v.mul_add(rh, v * rl)
    }
}

/// The last pass of a row whose sum is not NaN (so neither is any output):
/// softmax from the e in `src` (= y), log_softmax from the logits in `src`.
/// With `next` (the next row, of the same length), also its maximum, as
/// [`max_row`] gives it.
#[inline(always)]
#[allow(clippy::manual_map)]
pub(super) unsafe fn normalise<V: Simd, const LOG: bool>(
    src: *const f32,
    y: *mut f32,
    n: usize,
    [rh, rl, ch, cl]: [V; 4],
    next: Option<*const f32>,
) -> Option<f32> {
    let mut acc = max_start::<V>();
    // Four registers side by side, the next row's max steps between their
    // loads and their arithmetic.
    let (rh4, rl4) = (Wide([rh; 4]), Wide([rl; 4]));
    let (ch4, cl4) = (Wide([ch; 4]), Wide([cl; 4]));
    let mut j = 0;
    while j + MaxAcc::<V>::LANES <= n {
        let v = MaxAcc::<V>::load(src.add(j));
        if let Some(p) = next {
            max_step(&mut acc, p, j);
        }
        scale_one::<_, LOG>(v, rh4, rl4, ch4, cl4).store(y.add(j));
        j += MaxAcc::<V>::LANES;
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

/// A row whose sum is NaN (NaN or +inf in it, or all -inf): all NaN. Also
/// the next row's maximum, as [`normalise`] gives it.
#[inline(always)]
#[allow(clippy::manual_map)]
pub(super) unsafe fn nan_row<V: Simd>(
    y: *mut f32,
    n: usize,
    next: Option<*const f32>,
) -> Option<f32> {
    let nan = V::splat(f32::NAN);
    let mut j = 0;
    while j < n {
        let cnt = V::LANES.min(n - j);
        store_n(nan, y.add(j), cnt);
        j += V::LANES;
    }
    match next {
        Some(p) => Some(max_row::<V>(p, n)),
        None => None,
    }
}
