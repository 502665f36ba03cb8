//! glu, fast tier (issue 14): y = a * sigmoid(b) with the fast sigmoid of
//! `math::fast` and one rounded product.

use crate::math::fast::EXP_NORMAL_MIN;
use crate::math::logistic::mul_sigmoid;
use crate::math::{c, nan_canonical};
use crate::simd::Simd;

/// a * sigmoid(b) for one register. The short path `a * fast::sigmoid(b)`
/// is used where sigmoid(b) is normal (b >= -87, so the product keeps the
/// sigmoid's relative accuracy) and a is finite (so there is no inf * 0);
/// other lanes (NaN, +-inf, the far negative tail of b, where a huge a
/// times a subnormal sigmoid would lose its bits) take the exact tier's
/// `mul_sigmoid`, so the special values are the exact tier's.
#[inline(always)]
fn glu_one<V: Simd>(a: V, b: V) -> V {
    let ok = b.ge(c(EXP_NORMAL_MIN)) & a.abs().lt(c(f32::INFINITY));
    // As `math`'s fast_or! (a textual macro of that module).
    let short = a * crate::math::fast::sigmoid(b);
    nan_canonical(if V::any(!ok) {
        V::select(ok, short, mul_sigmoid(a, b, None))
    } else {
        short
    })
}

/// Fast glu of `[outer, axis, inner]` along the middle axis (axis even),
/// laid out as the exact `glu`.
#[inline(always)]
pub unsafe fn glu_fast<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
) {
    let block = axis / 2 * inner;
    for o in 0..outer {
        let a = x.add(o * 2 * block);
        let b = a.add(block);
        let out = y.add(o * block);
        let mut i = 0;
        while i + V::LANES <= block {
            glu_one(V::load(a.add(i)), V::load(b.add(i))).store(out.add(i));
            i += V::LANES;
        }
        if i < block {
            let n = block - i;
            let va = V::load_partial(a.add(i), n, 0.0);
            let vb = V::load_partial(b.add(i), n, 0.0);
            glu_one(va, vb).store_partial(out.add(i), n);
        }
    }
}
