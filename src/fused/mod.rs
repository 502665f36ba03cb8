//! Fused operators: bias + activation (`bias.rs`), gated units
//! (`gated.rs`) and attention softmax (`attention.rs`).
//!
//! Each is built on the kernels of one dispatch table: the element-wise
//! kernel of the op, or the softmax row passes, run on a tile whose input a
//! small SIMD pass of this module (instantiated per ISA by the generator,
//! `codegen/tables.rs`) has just computed. The tile is small enough to stay
//! in L1, so the data makes one trip through memory, and the bits are those
//! of the unfused library calls by construction, on every ISA.

pub mod attention;
pub mod bias;
pub mod gated;

use crate::simd::Simd;

/// Elements per tile: 4 KiB of f32, so that the tile and the inputs the
/// pre-pass reads (x, or gate and up) stay in a 32 KiB L1 together, while a
/// tile is still long enough for the kernel call to cost nothing.
pub(crate) const TILE: usize = 1024;

/// `v` with the quiet bit set.
#[inline(always)]
fn quiet<V: Simd>(v: V) -> V {
    V::from_bits(V::or_int(v.to_bits(), V::splat_int(0x0040_0000)))
}

/// The NaN of a result `r` of operands `ops`, the same on every ISA: where
/// `r` is NaN, the first NaN operand quieted, else the default quiet NaN
/// (`0x7fc00000`). (Which operand's NaN an instruction returns depends on an
/// operand order the compiler may choose differently per ISA.)
#[inline(always)]
pub(crate) fn nan_of<V: Simd, const K: usize>(ops: [V; K], r: V) -> V {
    let is_nan = r.is_nan();
    if !V::any(is_nan) {
        return r;
    }
    let mut nan = V::splat(f32::NAN);
    for k in (0..K).rev() {
        nan = V::select(ops[k].is_nan(), quiet(ops[k]), nan);
    }
    V::select(is_nan, nan, r)
}

/// The scalar meaning of [`nan_of`], for tests and references.
pub fn nan_of_scalar(ops: &[f32], r: f32) -> f32 {
    if !r.is_nan() {
        return r;
    }
    ops.iter()
        .find(|v| v.is_nan())
        .map_or(f32::NAN, |v| f32::from_bits(v.to_bits() | 0x0040_0000))
}

/// Per-ISA access for the tests and benchmarks (not part of the C API).
pub mod testing {
    pub use super::attention::testing::*;
    pub use super::bias::testing::*;
    pub use super::gated::testing::*;
}
