//! libactfn: the activation functions of Keras as SIMD kernels behind a C
//! ABI. See README.md for the tour; the layout:
//!
//! - `catalogue`: the list of element-wise functions (one source of truth).
//! - `simd`: the vector abstraction and one implementation per ISA.
//! - `math`: each activation's math, written once, generic over `simd::Simd`.
//! - `rowwise`: softmax and the other row-wise kernels, generic likewise.
//! - `kernels`: what `codegen/` generates from the above: one kernel per
//!   (function, ISA) and the dispatch tables.
//! - `dispatch`: CPU detection and the active table.
//! - `capi`: the C ABI (`include/actfn.h` is generated from it).

pub mod capi;
pub mod catalogue;
pub mod constants;
pub mod dispatch;
#[doc(hidden)]
pub mod fused;
/// bf16 and f16 buffers: conversions and the chunked drivers.
pub mod half;
pub(crate) mod kernels;
pub(crate) mod math;
pub(crate) mod rowwise;
pub mod simd;
#[doc(hidden)]
pub mod testing;

#[cfg(test)]
#[path = "../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;

/// The header as cbindgen generated it in this build, for the test that
/// keeps the committed `include/actfn.h` fresh.
#[doc(hidden)]
pub const GENERATED_HEADER: &str = include_str!(concat!(env!("OUT_DIR"), "/actfn.h"));
