//! glu: split an axis in halves a and b, y = a * sigmoid(b).

use crate::math::logistic::mul_sigmoid;
use crate::math::nan_canonical;
use crate::simd::Simd;

/// glu of `[outer, axis, inner]` along the middle axis (axis even); `y` is
/// `[outer, axis / 2, inner]`. For each outer index the a half and the b half
/// are contiguous blocks of `axis / 2 * inner` values.
#[inline(always)]
pub unsafe fn glu<V: Simd>(x: *const f32, y: *mut f32, outer: usize, axis: usize, inner: usize) {
    let block = axis / 2 * inner;
    for o in 0..outer {
        let a = x.add(o * 2 * block);
        let b = a.add(block);
        let out = y.add(o * block);
        let mut i = 0;
        while i + V::LANES <= block {
            let y = mul_sigmoid(V::load(a.add(i)), V::load(b.add(i)), None);
            nan_canonical(y).store(out.add(i));
            i += V::LANES;
        }
        if i < block {
            let n = block - i;
            let va = V::load_partial(a.add(i), n, 0.0);
            let vb = V::load_partial(b.add(i), n, 0.0);
            nan_canonical(mul_sigmoid(va, vb, None)).store_partial(out.add(i), n);
        }
    }
}
