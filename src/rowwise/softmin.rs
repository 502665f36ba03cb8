//! softmin (PyTorch `torch.nn.functional.softmin`): softmax of -x.
//!
//! Each row (or `[axis, inner]` slab of the any-axis form) is negated into
//! `y` (exact) and the softmax kernel of the same ISA then runs in place on
//! that part of `y` while it is still in cache. The result is therefore bit
//! for bit softmax(-x), with softmax's accuracy and special values.

use super::softmax::{softmax_axis, softmax_rows};
use crate::simd::Simd;

/// `y[0..n] = -x[0..n]` (`y == x` allowed: each register is read before it
/// is written).
#[inline(always)]
unsafe fn negate<V: Simd>(x: *const f32, y: *mut f32, n: usize) {
    let mut i = 0;
    while i + 4 * V::LANES <= n {
        let a = V::load(x.add(i));
        let b = V::load(x.add(i + V::LANES));
        let c = V::load(x.add(i + 2 * V::LANES));
        let d = V::load(x.add(i + 3 * V::LANES));
        (-a).store(y.add(i));
        (-b).store(y.add(i + V::LANES));
        (-c).store(y.add(i + 2 * V::LANES));
        (-d).store(y.add(i + 3 * V::LANES));
        i += 4 * V::LANES;
    }
    while i + V::LANES <= n {
        (-V::load(x.add(i))).store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        (-V::load_partial(x.add(i), n - i, 0.0)).store_partial(y.add(i), n - i);
    }
}

/// softmin over the last axis of a `rows x cols` matrix (cols >= 1).
#[inline(always)]
pub unsafe fn softmin_rows<V: Simd>(x: *const f32, y: *mut f32, rows: usize, cols: usize) {
    for r in 0..rows {
        let yr = y.add(r * cols);
        negate::<V>(x.add(r * cols), yr, cols);
        softmax_rows::<V>(yr, yr, 1, cols);
    }
}

/// softmin over the middle axis of `[outer, axis, inner]` (axis >= 1).
#[inline(always)]
pub unsafe fn softmin_axis<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    if inner == 1 {
        return softmin_rows::<V>(x, y, outer, axis);
    }
    let slab = axis * inner;
    for o in 0..outer {
        let ys = y.add(o * slab);
        negate::<V>(x.add(o * slab), ys, slab);
        softmax_axis::<V>(ys, ys, 1, axis, inner);
    }
}
