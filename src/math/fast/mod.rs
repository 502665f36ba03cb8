//! The fast tier (issue 14): the same functions in fewer operations, within
//! a documented bound of at most 4 ULP (`OpInfo::fast`), with the exact
//! tier's special values and the same bits on every ISA.
//!
//! The method throughout: a short path for the common range, written in
//! plain f32 (one exponential without a double-f32 tail, a correctly rounded
//! division), and [`fast_or!`] to the exact tier's math for registers that
//! hold any lane outside it (NaN, the tails, subnormal results, huge
//! inputs). The short path then needs no clamps, no NaN step and no care
//! for the tails, and the specials are the exact tier's by construction.
//! Unlike the exact tier's math, these functions make their NaN results
//! themselves: the generator adds no NaN step for the fast tier.

mod exp;
mod gelu;
mod gelu_tanh;
mod logistic;
mod rational;
mod tanh;
mod tanh_shrink;

pub use exp::*;
pub use gelu::*;
pub use gelu_tanh::*;
pub use logistic::*;
pub use rational::*;
pub use tanh::*;
pub use tanh_shrink::*;

use super::coeffs::{EXP_Q, LN2_HI, LN2_LO};
use super::exp::LOG2E;
use super::{c, poly};
use crate::simd::{Simd, MAGIC_ROUND};

/// Below this, e^z's power of two leaves the normal range.
pub(crate) const EXP_NORMAL_MIN: f32 = -87.0;

/// e^z for z in [EXP_NORMAL_MIN, 88.7] (outside it, and for NaN, the
/// result is meaningless: callers send those lanes to another path).
/// Cody-Waite reduction by two FMAs, e^r by Horner's scheme, then 2^n by
/// [`Simd::scale_normal`]: within about 1 ULP.
#[inline(always)]
pub(crate) fn exp_normal<V: Simd>(z: V) -> V {
    let t = z.mul_add(c(LOG2E), c(MAGIC_ROUND));
    let n = t - c(MAGIC_ROUND);
    let r = n.neg_mul_add(c(LN2_LO), n.neg_mul_add(c(LN2_HI), z));
    let p = poly(r, &EXP_Q).mul_add(r, c(1.0)).mul_add(r, c(1.0));
    p.scale_normal(n, t)
}

/// `-|x|`: one OR of the sign bit.
#[inline(always)]
pub(crate) fn neg_abs<V: Simd>(x: V) -> V {
    V::from_bits(V::or_int(x.to_bits(), V::splat_int(i32::MIN)))
}
