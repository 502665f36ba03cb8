//! The logistic family, fast tier: sigmoid from e = e^-|x| and one
//! division, e/(1+e) or 1/(1+e) by the sign of x.

use super::super::{c, nan_from_x};
use super::{exp_normal, neg_abs, EXP_NORMAL_MIN};
use crate::simd::Simd;

/// sigmoid(x) = 1/(1+e) for x >= 0, e/(1+e) for x < 0, e = e^-|x|: within
/// 2 ULP. Lanes with -|x| < -87 (e subnormal) or NaN take the exact tier.
#[inline(always)]
pub fn sigmoid<V: Simd>(x: V) -> V {
    let z = neg_abs(x);
    fast_or!(
        V,
        z.ge(c(EXP_NORMAL_MIN)),
        {
            let e = exp_normal(z);
            V::select(x.lt(c(0.0)), e, c(1.0)) / (e + c(1.0))
        },
        nan_from_x(x, super::super::sigmoid(x))
    )
}
