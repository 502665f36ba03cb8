//! hardmax (ONNX `Hardmax`, opset 13): along the axis, 1 at the first
//! maximum and 0 elsewhere.
//!
//! Order: a NaN counts as the maximum (the first NaN wins), as in numpy's
//! `argmax`, which the ONNX reference implementation uses; -0 and +0 are
//! equal (the first wins); +inf is the largest number, and a group of -inf
//! only puts its 1 at the first element. The result is exact (0 or 1), so
//! the same bits on every ISA.
//!
//! Last axis: a vector pass takes the row's maximum and whether it has a
//! NaN, a second finds the first register holding the winner (then the lane
//! within it), a third writes the row. Any axis (inner > 1): each SIMD lane
//! owns one group, a first pass takes the maxima and NaN flags of
//! `LANES` groups, a second writes 1 where a lane first meets its winner.
//! Every value is read before it is written, so `y == x` works.

use crate::simd::Simd;

/// Index of the first maximum of `x[0..n]` (n >= 1; NaN is the maximum).
#[inline(always)]
unsafe fn argmax<V: Simd>(x: *const f32, n: usize) -> usize {
    // Pass 1: the maximum of the non-NaN values, and whether any is NaN.
    let ninf = V::splat(f32::NEG_INFINITY);
    let (mut m0, mut m1) = (ninf, ninf);
    let mut nan = V::splat(0.0);
    let one = V::splat(1.0);
    let mut i = 0;
    while i + 2 * V::LANES <= n {
        let a = V::load(x.add(i));
        let b = V::load(x.add(i + V::LANES));
        // select keeps the accumulator where the value is NaN, whatever the
        // ISA's max does with NaN.
        m0 = V::select(a.gt(m0), a, m0);
        m1 = V::select(b.gt(m1), b, m1);
        nan = V::select(a.is_nan() | b.is_nan(), one, nan);
        i += 2 * V::LANES;
    }
    while i < n {
        let k = (n - i).min(V::LANES);
        let a = if k == V::LANES {
            V::load(x.add(i))
        } else {
            V::load_partial(x.add(i), k, f32::NEG_INFINITY)
        };
        m0 = V::select(a.gt(m0), a, m0);
        nan = V::select(a.is_nan(), one, nan);
        i += k;
    }
    let has_nan = V::any(nan.eq(one));
    m0 = V::select(m1.gt(m0), m1, m0);
    let mut lanes = [0.0f32; 64];
    m0.store(lanes.as_mut_ptr());
    let mut m = f32::NEG_INFINITY;
    for &v in &lanes[..V::LANES] {
        if v > m {
            m = v;
        }
    }
    // Pass 2: the first register holding the winner, then its lane.
    let mv = V::splat(m);
    let mut i = 0;
    while i < n {
        let k = (n - i).min(V::LANES);
        // The fill (+0 or NaN) is past the row and never looked at below.
        let a = if k == V::LANES {
            V::load(x.add(i))
        } else {
            V::load_partial(x.add(i), k, 0.0)
        };
        let hit = if has_nan { a.is_nan() } else { a.eq(mv) };
        if V::any(hit) {
            a.store(lanes.as_mut_ptr());
            for (j, &v) in lanes[..k].iter().enumerate() {
                if (has_nan && v.is_nan()) || (!has_nan && v == m) {
                    return i + j;
                }
            }
        }
        i += k;
    }
    // Unreachable: m is one of the values (n >= 1), or one of them is NaN.
    0
}

/// `y[0..n]`: 0 but 1 at `at`.
#[inline(always)]
unsafe fn one_hot<V: Simd>(y: *mut f32, n: usize, at: usize) {
    let zero = V::splat(0.0);
    let mut i = 0;
    while i + V::LANES <= n {
        zero.store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        zero.store_partial(y.add(i), n - i);
    }
    *y.add(at) = 1.0;
}

/// hardmax over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn hardmax_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    for r in 0..rows {
        let at = argmax::<V>(x.add(r * cols), cols);
        one_hot::<V>(y.add(r * cols), cols, at);
    }
}

/// `cnt <= LANES` lanes of the groups at `p` (`cnt < LANES`: a partial load).
#[inline(always)]
unsafe fn load_cnt<V: Simd>(p: *const f32, cnt: usize) -> V {
    if cnt == V::LANES {
        V::load(p)
    } else {
        V::load_partial(p, cnt, 0.0)
    }
}

#[inline(always)]
unsafe fn store_cnt<V: Simd>(v: V, p: *mut f32, cnt: usize) {
    if cnt == V::LANES {
        v.store(p)
    } else {
        v.store_partial(p, cnt)
    }
}

/// hardmax over the middle axis of `[outer, axis, inner]` (axis >= 1).
#[inline(always)]
pub unsafe fn hardmax_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        return hardmax_rows::<V>(x, y, outer, axis);
    }
    let one = V::splat(1.0);
    let zero = V::splat(0.0);
    for o in 0..outer {
        let xs = x.add(o * axis * inner);
        let ys = y.add(o * axis * inner);
        let mut i = 0;
        while i < inner {
            let cnt = (inner - i).min(V::LANES);
            // Pass 1: per lane, the maximum of the non-NaN values and
            // whether the group has a NaN.
            let mut m = V::splat(f32::NEG_INFINITY);
            let mut nan = zero;
            for a in 0..axis {
                let v = load_cnt::<V>(xs.add(a * inner + i), cnt);
                m = V::select(v.gt(m), v, m);
                nan = V::select(v.is_nan(), one, nan);
            }
            let has_nan = nan.eq(one);
            // Pass 2: 1 where a lane meets its winner for the first time.
            let mut found = zero;
            for a in 0..axis {
                let v = load_cnt::<V>(xs.add(a * inner + i), cnt);
                let hit = (has_nan & v.is_nan()) | (!has_nan & v.eq(m));
                let first = hit & found.eq(zero);
                store_cnt::<V>(V::select(first, one, zero), ys.add(a * inner + i), cnt);
                found = V::select(hit, one, found);
            }
            i += cnt;
        }
    }
}
