//! bfloat16 and float16 buffers. Every half-type function widens its input
//! exactly to f32 in L1-sized chunks (a stack buffer of [`CHUNK`] floats),
//! runs the active ISA's own f32 kernel on the chunk, and narrows the
//! result once, rounding to nearest even. So:
//!
//! - each result is the f32 kernel's result rounded once to the half type:
//!   within half a ULP of the half type plus the f32 kernel's bound
//!   (catalogue) of the exact value; the tests count, per function, the
//!   inputs of all 65536 where that is not the correctly rounded value;
//! - the bits are the same on every ISA, because the f32 kernels are and
//!   every conversion gives the portable sequence's bits (`convert.rs`);
//! - in place (`y == x`) is correct: a chunk is read whole before its
//!   results are written;
//! - row reductions run in the f32 kernels, in their fixed order.
//!
//! Which path runs: on AVX2 and AVX-512 (with F16C) every op but elu and
//! celu runs a one-pass kernel instead (`fused.rs`: halves loaded straight
//! into the register, the same math, narrowed and stored), which gives the
//! same bits without the f32 round trip; the scalar sets, NEON, and elu and
//! celu (their kernels switch loops on a rare parameter) take the chunks.
//! Every op runs its exact-tier f32 math (the only tier today).
//!
//! The conversions per kernel set (`codecs_for`): F16C and AVX2 or
//! AVX-512 integer sequences on x86_64 (`x86.rs`), the portable ones
//! elsewhere (the compiler vectorises them: on aarch64 into NEON; the
//! `fcvtl`/`fcvtn` instructions are not used yet).

pub mod convert;
pub(crate) mod fused;
pub(crate) mod rowwise;
#[doc(hidden)]
pub mod testing;
#[cfg(target_arch = "x86_64")]
pub(crate) mod x86;

use crate::capi::types::actfn_params;
use crate::kernels::{ElementwiseKernel, KernelSet};
use core::mem::MaybeUninit;

/// Floats per chunk: 8 KiB of f32 plus 4 KiB in and out of the half
/// buffers, well inside a 32 KiB L1 data cache.
pub const CHUNK: usize = 2048;

/// The two 16-bit storage types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    Bf16,
    F16,
}

/// Widening and narrowing loops over buffers for one half type.
#[derive(Clone, Copy)]
pub(crate) struct Codec {
    pub widen: unsafe fn(*const u16, *mut f32, usize),
    pub narrow: unsafe fn(*const f32, *mut u16, usize),
}

/// The conversions one kernel set uses.
#[derive(Clone, Copy)]
pub(crate) struct Codecs {
    pub bf16: Codec,
    pub f16: Codec,
}

impl Codecs {
    pub fn of(&self, t: Half) -> Codec {
        match t {
            Half::Bf16 => self.bf16,
            Half::F16 => self.f16,
        }
    }
}

mod portable_fns {
    use super::convert::portable;
    pub unsafe fn widen_bf16(s: *const u16, d: *mut f32, n: usize) {
        portable::widen_bf16(s, d, n)
    }
    pub unsafe fn narrow_bf16(s: *const f32, d: *mut u16, n: usize) {
        portable::narrow_bf16(s, d, n)
    }
    pub unsafe fn widen_f16(s: *const u16, d: *mut f32, n: usize) {
        portable::widen_f16(s, d, n)
    }
    pub unsafe fn narrow_f16(s: *const f32, d: *mut u16, n: usize) {
        portable::narrow_f16(s, d, n)
    }
}

/// The portable conversions (scalar kernel sets, any architecture).
pub(crate) const PORTABLE: Codecs = Codecs {
    bf16: Codec {
        widen: portable_fns::widen_bf16,
        narrow: portable_fns::narrow_bf16,
    },
    f16: Codec {
        widen: portable_fns::widen_f16,
        narrow: portable_fns::narrow_f16,
    },
};

#[cfg(target_arch = "x86_64")]
const AVX2: Codecs = Codecs {
    bf16: Codec {
        widen: x86::widen_bf16_avx2,
        narrow: x86::narrow_bf16_avx2,
    },
    f16: Codec {
        widen: x86::widen_f16_avx2,
        narrow: x86::narrow_f16_avx2,
    },
};

#[cfg(target_arch = "x86_64")]
const AVX512: Codecs = Codecs {
    bf16: Codec {
        widen: x86::widen_bf16_avx512,
        narrow: x86::narrow_bf16_avx512,
    },
    f16: Codec {
        widen: x86::widen_f16_avx512,
        narrow: x86::narrow_f16_avx512,
    },
};

#[cfg(target_arch = "aarch64")]
mod neon_fns {
    use super::convert::portable;
    #[target_feature(enable = "neon")]
    pub unsafe fn widen_bf16(s: *const u16, d: *mut f32, n: usize) {
        portable::widen_bf16(s, d, n)
    }
    #[target_feature(enable = "neon")]
    pub unsafe fn narrow_bf16(s: *const f32, d: *mut u16, n: usize) {
        portable::narrow_bf16(s, d, n)
    }
    #[target_feature(enable = "neon")]
    pub unsafe fn widen_f16(s: *const u16, d: *mut f32, n: usize) {
        portable::widen_f16(s, d, n)
    }
    #[target_feature(enable = "neon")]
    pub unsafe fn narrow_f16(s: *const f32, d: *mut u16, n: usize) {
        portable::narrow_f16(s, d, n)
    }
}

#[cfg(target_arch = "aarch64")]
const NEON: Codecs = Codecs {
    bf16: Codec {
        widen: neon_fns::widen_bf16,
        narrow: neon_fns::narrow_bf16,
    },
    f16: Codec {
        widen: neon_fns::widen_f16,
        narrow: neon_fns::narrow_f16,
    },
};

/// The conversions that go with kernel set `set`: its ISA's own where this
/// CPU has them (F16C is checked apart: AVX2 and AVX-512 CPUs all have it,
/// but the kernel sets do not require it), else the portable ones. Any of
/// them gives the same bits.
pub(crate) fn codecs_for(set: &KernelSet) -> Codecs {
    let name = set.c_name.to_bytes();
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("f16c") {
            if name == b"avx512" {
                return AVX512;
            }
            if name == b"avx2" {
                return AVX2;
            }
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        if name == b"neon" {
            return NEON;
        }
    }
    let _ = name;
    PORTABLE
}

/// A stack buffer of [`CHUNK`] floats, left uninitialised (each use writes
/// before it reads).
pub(crate) struct Scratch(MaybeUninit<[f32; CHUNK]>);

impl Scratch {
    #[inline(always)]
    pub fn new() -> Self {
        Scratch(MaybeUninit::uninit())
    }
    #[inline(always)]
    pub fn ptr(&mut self) -> *mut f32 {
        self.0.as_mut_ptr() as *mut f32
    }
}

/// `y[i] = f(x[i])` for `i < n` on half buffers: widen a chunk, run the f32
/// kernel `k` on it in place, narrow it into `y`.
///
/// # Safety
/// `x` and `y` valid for `n` values (the same buffer, or not overlapping);
/// `k` and `c` runnable on this CPU.
pub(crate) unsafe fn map_half(
    c: Codec,
    k: ElementwiseKernel,
    x: *const u16,
    y: *mut u16,
    n: usize,
    p: &actfn_params,
) {
    let mut s = Scratch::new();
    let b = s.ptr();
    let mut i = 0;
    while i < n {
        let m = CHUNK.min(n - i);
        (c.widen)(x.add(i), b, m);
        k(b, b, m, p);
        (c.narrow)(b, y.add(i), m);
        i += m;
    }
}
