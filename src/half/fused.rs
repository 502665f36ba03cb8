//! One-pass half kernels for the x86_64 ISAs: load half values straight
//! into a register (widening on the way), run the op's math as the f32
//! kernel does, narrow and store. The lanes go through exactly the f32
//! kernel's operations and the conversions give the portable bits, so the
//! results are those of the chunked path; only the memory traffic differs
//! (no f32 round trip through the stack buffer), which is what the
//! memory-bound ops need to run at the speed of a 16-bit memcpy.
//!
//! `codegen/half.rs` writes one kernel per (op, ISA, type) for AVX2 and
//! AVX-512 (ops without a rare-parameter switch) and the tables
//! `FUSED_<ISA>`; the rest takes the chunked path (`super::map_half`).

// The generic loop and traits are only instantiated on x86_64.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]

use crate::capi::types::actfn_params;
use crate::kernels::elementwise::ElementOp;
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// A register type with direct half loads and stores (`LANES` values).
pub(crate) trait HalfIo: Simd {
    unsafe fn load_bf16(p: *const u16) -> Self;
    unsafe fn store_bf16(self, p: *mut u16);
    unsafe fn load_f16(p: *const u16) -> Self;
    unsafe fn store_f16(self, p: *mut u16);
}

/// One of the two half types, for the generic loop.
pub(crate) trait Kind {
    unsafe fn load<V: HalfIo>(p: *const u16) -> V;
    unsafe fn store<V: HalfIo>(v: V, p: *mut u16);
    fn widen(h: u16) -> f32;
    fn narrow(v: f32) -> u16;
}

pub(crate) struct Bf16K;
pub(crate) struct F16K;

impl Kind for Bf16K {
    #[inline(always)]
    unsafe fn load<V: HalfIo>(p: *const u16) -> V {
        V::load_bf16(p)
    }
    #[inline(always)]
    unsafe fn store<V: HalfIo>(v: V, p: *mut u16) {
        v.store_bf16(p)
    }
    #[inline(always)]
    fn widen(h: u16) -> f32 {
        super::convert::bf16_to_f32(h)
    }
    #[inline(always)]
    fn narrow(v: f32) -> u16 {
        super::convert::f32_to_bf16(v)
    }
}

impl Kind for F16K {
    #[inline(always)]
    unsafe fn load<V: HalfIo>(p: *const u16) -> V {
        V::load_f16(p)
    }
    #[inline(always)]
    unsafe fn store<V: HalfIo>(v: V, p: *mut u16) {
        v.store_f16(p)
    }
    #[inline(always)]
    fn widen(h: u16) -> f32 {
        super::convert::f16_to_f32(h)
    }
    #[inline(always)]
    fn narrow(v: f32) -> u16 {
        super::convert::f32_to_f16(v)
    }
}

/// `y[i] = O(x[i])` on half buffers: `N` registers at a time as one
/// `Wide`, then single registers, then the tail through a lane buffer
/// (the same partial-register math as the f32 kernel's tail).
///
/// # Safety
/// `x` and `y` valid for `n` values (the same buffer, or not overlapping),
/// and the CPU has `V`'s features (and F16C).
#[inline(always)]
pub(crate) unsafe fn map_fused<O: ElementOp, V: HalfIo, K: Kind, const N: usize>(
    x: *const u16,
    y: *mut u16,
    n: usize,
    p: &actfn_params,
) {
    let mut i = 0;
    if N > 1 {
        let pw = O::params::<Wide<V, N>>(p);
        while i + N * V::LANES <= n {
            let mut regs = [V::splat(0.0); N];
            for (k, r) in regs.iter_mut().enumerate() {
                *r = K::load::<V>(x.add(i + k * V::LANES));
            }
            let out = O::apply(Wide(regs), pw);
            for k in 0..N {
                K::store(out.0[k], y.add(i + k * V::LANES));
            }
            i += N * V::LANES;
        }
    }
    let pv = O::params::<V>(p);
    while i + V::LANES <= n {
        K::store(O::apply(K::load::<V>(x.add(i)), pv), y.add(i));
        i += V::LANES;
    }
    if i < n {
        let m = n - i;
        let mut t = [0.0f32; 16];
        for (k, v) in t[..m].iter_mut().enumerate() {
            *v = K::widen(*x.add(i + k));
        }
        let v = O::apply(V::load_partial(t.as_ptr(), m, 0.0), pv);
        v.store_partial(t.as_mut_ptr(), m);
        for (k, v) in t[..m].iter().enumerate() {
            *y.add(i + k) = K::narrow(*v);
        }
    }
}

/// A one-pass half kernel.
pub(crate) type HalfKernel = unsafe fn(*const u16, *mut u16, usize, &actfn_params);

#[cfg(target_arch = "x86_64")]
mod generated {
    #![allow(clippy::missing_safety_doc)]
    use super::*;
    use crate::simd::avx2::Avx2;
    use crate::simd::avx512::Avx512;
    include!(concat!(env!("OUT_DIR"), "/half_kernels.rs"));
}

/// The one-pass kernel of op `op` in type `t` for kernel set `set`, if
/// there is one (x86_64 with F16C, AVX2 or AVX-512, no rare-parameter
/// switch).
pub(crate) fn fused_for(
    set: &crate::kernels::KernelSet,
    t: super::Half,
    op: usize,
) -> Option<HalfKernel> {
    #[cfg(target_arch = "x86_64")]
    {
        if !std::is_x86_feature_detected!("f16c") {
            return None;
        }
        let table = match set.c_name.to_bytes() {
            b"avx512" => &generated::FUSED_AVX512,
            b"avx2" => &generated::FUSED_AVX2,
            _ => return None,
        };
        table[op][t as usize]
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (set, t, op);
        None
    }
}
