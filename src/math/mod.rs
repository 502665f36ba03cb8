//! The math of every activation, written once, generic over [`Simd`].
//!
//! The generated kernels call `math::<name>::<Isa>(x, params...)` for each
//! register. Every function here is a fixed sequence of IEEE operations
//! (FMA where written, correctly rounded division and square root, selects
//! instead of branches), so every ISA returns the same bits.
//!
//! Accuracy devices used throughout (see `dd.rs`): range-reduced arguments
//! and intermediate results are carried as unevaluated sums `hi + lo` where a
//! single f32 would lose the last bit, and quotients are corrected with one
//! fused remainder step instead of a second division.

/// `fast_or!(V, ok, fast, full)`: `fast` in the lanes of `ok`, `full`
/// elsewhere. `full` (the path for every input) is only evaluated for
/// registers that have such a lane; a lane's result never depends on its
/// neighbours, so every ISA and vector width gives the same bits. A macro,
/// not a function taking a closure: the closure would be compiled out of
/// line, without the kernel's target features, and force spills around it.
macro_rules! fast_or {
    ($v:ty, $ok:expr, $fast:expr, $full:expr) => {{
        let ok = $ok;
        let fast: $v = $fast;
        if <$v as $crate::simd::Simd>::any(!ok) {
            <$v as $crate::simd::Simd>::select(ok, fast, $full)
        } else {
            fast
        }
    }};
}

mod coeffs;
pub mod dd;
pub mod exp;
pub mod fast;
pub mod gelu;
pub mod logistic;
pub mod onnx;
pub mod piecewise;
pub mod rational;
pub mod tanh;

// The generated kernels call `math::<name>`: every public function of the
// family modules is reachable here, so a new one needs no line of its own.
pub use exp::*;
pub use gelu::*;
pub use logistic::*;
pub use onnx::*;
pub use piecewise::*;
pub use rational::*;
pub use tanh::*;

use crate::simd::Simd;

/// `v` in every lane.
#[inline(always)]
pub(crate) fn c<V: Simd>(v: f32) -> V {
    V::splat(v)
}

/// Horner's scheme, coefficients lowest degree first: one FMA per degree.
#[inline(always)]
pub(crate) fn poly<V: Simd, const N: usize>(x: V, cs: &[f32; N]) -> V {
    let mut r = c::<V>(cs[N - 1]);
    let mut k = N - 1;
    while k > 0 {
        k -= 1;
        r = r.mul_add(x, c(cs[k]));
    }
    r
}

/// The NaN a result carries, made the same on every ISA: where `y` is NaN,
/// `x` quieted if `x` is NaN (its payload propagates, as IEEE operations
/// do), else the default quiet NaN. Without this, which operand's NaN an
/// operation returns (and its sign) depends on operand order, which the
/// compiler may change differently per ISA.
#[inline(always)]
pub fn nan_from<V: Simd>(x: V, y: V) -> V {
    let nan = V::select(x.is_nan(), quiet(x), c(f32::NAN));
    V::select(y.is_nan(), nan, y)
}

/// [`nan_from`] for functions whose result is NaN only where `x` is: `y`,
/// and `x` quieted where `x` is NaN (three operations instead of five).
#[inline(always)]
pub fn nan_from_x<V: Simd>(x: V, y: V) -> V {
    V::select(x.is_nan(), quiet(x), y)
}

/// `x` with the quiet bit set: a NaN quieted as IEEE operations quiet it.
#[inline(always)]
fn quiet<V: Simd>(x: V) -> V {
    V::from_bits(V::or_int(x.to_bits(), V::splat_int(0x0040_0000)))
}

/// The default quiet NaN where `y` is NaN: for the row-wise kernels, whose
/// NaN outputs stand for a whole group.
#[inline(always)]
pub fn nan_canonical<V: Simd>(y: V) -> V {
    V::select(y.is_nan(), c(f32::NAN), y)
}

/// `lo <= x <= hi` clamp that lets NaN through (the constant is the first
/// operand of min/max, so a NaN `x` is what they return).
#[inline(always)]
pub(crate) fn clamp<V: Simd>(x: V, lo: f32, hi: f32) -> V {
    c::<V>(hi).min(c::<V>(lo).max(x))
}
