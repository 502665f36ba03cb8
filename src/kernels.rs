//! The generated kernels and dispatch tables (see `codegen/mod.rs`; the
//! generated source is `target/<profile>/build/actfn-*/out/kernels.rs`).
#![allow(clippy::missing_safety_doc, unused_unsafe)]

use crate::capi::types::actfn_params;
use crate::math;
#[cfg(target_arch = "x86_64")]
use crate::simd::avx2::Avx2;
#[cfg(target_arch = "x86_64")]
use crate::simd::avx512::Avx512;
#[cfg(target_arch = "aarch64")]
use crate::simd::neon::Neon;
use crate::simd::scalar::Scalar;
#[cfg(target_arch = "x86_64")]
use crate::simd::scalar::ScalarFma;
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// An element-wise kernel: `y[i] = f(x[i])` for `i < n`, reading its
/// parameters from `p`.
pub(crate) type ElementwiseKernel =
    unsafe fn(x: *const f32, y: *mut f32, n: usize, p: &actfn_params);

include!(concat!(env!("OUT_DIR"), "/kernels.rs"));
