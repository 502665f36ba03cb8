//! The vector abstraction that every activation's math is written against.
//!
//! Each instruction set implements [`Simd`] for its register type. The math
//! in `crate::math` is generic over it, and the generated kernels instantiate
//! it inside `#[target_feature]` functions, where the `#[inline(always)]`
//! methods below collapse into single instructions.
//!
//! Every method has one exact IEEE meaning, the same on every ISA, so the
//! same sequence of calls gives the same bits everywhere. In particular:
//! - `min`/`max` are `a < b ? a : b` and `a > b ? a : b` (the second operand
//!   wins on NaN and on equal zeros), which is what x86 does natively and what
//!   the other ISAs reproduce with a compare and a select.
//! - `mul_add` is a true fused multiply-add, rounded once.
//! - nothing uses hardware reciprocal or rsqrt estimates.

pub mod scalar;
pub mod wide;

#[cfg(target_arch = "x86_64")]
pub mod avx2;
#[cfg(target_arch = "x86_64")]
pub mod avx512;
#[cfg(target_arch = "aarch64")]
pub mod neon;

use core::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Neg, Not, Sub};

/// A register of `LANES` f32 values.
///
/// # Safety
/// Implementations use the intrinsics of one instruction set without
/// `#[target_feature]` on the methods themselves; a value of the type may only
/// be created and used inside a function compiled for that instruction set.
/// The generated kernels guarantee this.
pub unsafe trait Simd:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// Lane mask, the result of comparisons.
    type Mask: Copy
        + BitAnd<Output = Self::Mask>
        + BitOr<Output = Self::Mask>
        + BitXor<Output = Self::Mask>
        + Not<Output = Self::Mask>;
    /// Register of `LANES` i32 values, for bit manipulation.
    type Int: Copy + Add<Output = Self::Int> + Sub<Output = Self::Int>;

    const LANES: usize;

    fn splat(v: f32) -> Self;
    fn splat_int(v: i32) -> Self::Int;

    /// Loads `LANES` values.
    ///
    /// # Safety
    /// `p` must be valid for reading `LANES` floats (any alignment).
    unsafe fn load(p: *const f32) -> Self;
    /// Stores `LANES` values.
    ///
    /// # Safety
    /// `p` must be valid for writing `LANES` floats (any alignment).
    unsafe fn store(self, p: *mut f32);
    /// Loads the first `n < LANES` values; the other lanes hold `fill`. Touches
    /// no memory beyond `p[n - 1]`.
    ///
    /// # Safety
    /// `p` must be valid for reading `n` floats.
    unsafe fn load_partial(p: *const f32, n: usize, fill: f32) -> Self;
    /// Stores the first `n < LANES` lanes; writes nothing beyond `p[n - 1]`.
    ///
    /// # Safety
    /// `p` must be valid for writing `n` floats.
    unsafe fn store_partial(self, p: *mut f32, n: usize);

    /// `self * b + c`, rounded once.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `c - self * b`, rounded once.
    fn neg_mul_add(self, b: Self, c: Self) -> Self;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// `self < b ? self : b`
    fn min(self, b: Self) -> Self;
    /// `self > b ? self : b`
    fn max(self, b: Self) -> Self;

    fn lt(self, b: Self) -> Self::Mask;
    fn le(self, b: Self) -> Self::Mask;
    fn gt(self, b: Self) -> Self::Mask;
    fn ge(self, b: Self) -> Self::Mask;
    fn eq(self, b: Self) -> Self::Mask;
    /// Lanes that are NaN.
    fn is_nan(self) -> Self::Mask;
    /// `m ? a : b`, lane by lane.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// True when any lane of the mask is set (used only to skip work whose
    /// result would be discarded lane by lane anyway).
    fn any(m: Self::Mask) -> bool;

    fn to_bits(self) -> Self::Int;
    fn from_bits(i: Self::Int) -> Self;
    /// Logical shift left of every lane by `N` bits.
    fn shl<const N: i32>(i: Self::Int) -> Self::Int;
    /// Arithmetic shift right of every lane by `N` bits.
    fn sra<const N: i32>(i: Self::Int) -> Self::Int;
    fn and_int(a: Self::Int, b: Self::Int) -> Self::Int;
    fn or_int(a: Self::Int, b: Self::Int) -> Self::Int;
    fn xor_int(a: Self::Int, b: Self::Int) -> Self::Int;
    /// Lanes where `a > b` as signed integers.
    fn gt_int(a: Self::Int, b: Self::Int) -> Self::Mask;

    /// `table[idx & 7]` in every lane (`idx` from [`Simd::index`]). The
    /// default is a chain of selects; ISAs with a permute override it.
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: Self::Int) -> Self {
        let idx = Self::and_int(idx, Self::splat_int(7));
        let mut v = Self::splat(table[0]);
        for (k, &t) in table.iter().enumerate().skip(1) {
            v = Self::select(
                Self::gt_int(idx, Self::splat_int(k as i32 - 1)),
                Self::splat(t),
                v,
            );
        }
        v
    }

    /// The integer in an f32 lane holding one (|v| < 2^22), as an i32 lane
    /// (x86 ISAs convert it; the same integer, as the value is exact).
    #[inline(always)]
    fn index(v: Self) -> Self::Int {
        Self::to_bits(v + Self::splat(MAGIC_ROUND)) - Self::splat_int(MAGIC_ROUND.to_bits() as i32)
    }

    /// `self * 2^n` for integral `n` in [-200, 254] given as an f32: the
    /// scale is split in two normal powers of two, so while `self * 2^(n/2)`
    /// is exact (|self| >= 2^-26 for n >= -200) the result is rounded once,
    /// into the subnormals too. Every ISA uses this same sequence (AVX-512's
    /// `vscalefps` would round once even where the split does not, so it
    /// would break bit-identity in that corner).
    #[inline(always)]
    fn ldexp(self, n: Self) -> Self {
        // Integer n through the bits of n + 1.5*2^23 (exact for |n| < 2^22).
        let k = Self::index(n);
        let k1 = Self::sra::<1>(k);
        let k2 = k - k1;
        let bias = Self::splat_int(127);
        let s1 = Self::from_bits(Self::shl::<23>(k1 + bias));
        let s2 = Self::from_bits(Self::shl::<23>(k2 + bias));
        self * s1 * s2
    }

    /// `self * 2^n` as [`Simd::ldexp`], where the caller knows that the
    /// split's first product `self * 2^floor(n/2)` is exact: `n >= 0`, or
    /// `|self| >= 2^-26` (then it is normal for every n >= -200), or `self`
    /// zero, infinite or NaN. There the split rounds once, to the correctly
    /// rounded `self * 2^n`, so an ISA may compute it any way that rounds
    /// once (AVX-512: `vscalefps`). Also for any `self` when n <= -48: a
    /// first product that rounds is below 2^-126 and the second factor at
    /// most 2^-24, so both ways give a zero of the same sign. Each caller
    /// says why its operand qualifies.
    #[inline(always)]
    fn ldexp_once(self, n: Self) -> Self {
        self.ldexp(n)
    }

    /// `self * 2^n` for integral `n` in [-126, 127] given as an f32: one
    /// multiplication by the exact power of two, so the correctly rounded
    /// product (AVX-512: `vscalefps`, which rounds alike).
    #[inline(always)]
    fn mul_pow2(self, n: Self) -> Self {
        self * Self::pow2(n)
    }

    /// `self * 2^n` where the product is normal (or `self` is zero, infinite
    /// or NaN), `t` holding `n` in its low bits as `n + MAGIC_ROUND` (the
    /// range reductions' rounding makes both): exact, so every way of
    /// computing it agrees. The default adds `n << 23` to the exponent
    /// field (two integer operations); AVX-512 has `vscalefps` (one).
    #[inline(always)]
    fn scale_normal(self, n: Self, t: Self) -> Self {
        let _ = n;
        Self::from_bits(self.to_bits() + Self::shl::<23>(t.to_bits()))
    }

    /// `self - b`, the same IEEE difference, computed where the ISA has
    /// spare throughput: the error-free transformations are mostly
    /// additions, and on CPUs whose adders are separate from the multipliers
    /// (AMD Zen 4 runs 512-bit additions and FMAs on different pipe pairs)
    /// some go to the FMA units as `fma(b, -1, self)`, which rounds alike
    /// (signed zeros included).
    #[inline(always)]
    fn sub_fma_unit(self, b: Self) -> Self {
        self - b
    }

    /// `self + b`, the same IEEE sum, on the FMA units where that is where
    /// the ISA has spare throughput (see [`Simd::sub_fma_unit`]; AVX-512:
    /// `fma(self, 1, b)`).
    #[inline(always)]
    fn add_fma_unit(self, b: Self) -> Self {
        self + b
    }

    /// `2^n` for integral `n` in [-126, 127] given as an f32: exact, one
    /// normal power of two.
    #[inline(always)]
    fn pow2(n: Self) -> Self {
        let bias = MAGIC_ROUND.to_bits() as i32 - 127;
        Self::from_bits(Self::shl::<23>(
            Self::to_bits(n + Self::splat(MAGIC_ROUND)) - Self::splat_int(bias),
        ))
    }

    /// Absolute value (clears the sign bit, NaN stays NaN).
    #[inline(always)]
    fn abs(self) -> Self {
        Self::from_bits(Self::and_int(self.to_bits(), Self::splat_int(0x7fff_ffff)))
    }
    /// The sign bit of `self` alone (+0.0 or -0.0 per lane).
    #[inline(always)]
    fn sign_bit(self) -> Self {
        Self::from_bits(Self::and_int(self.to_bits(), Self::splat_int(i32::MIN)))
    }
    /// `|self|` with the sign of `s`.
    #[inline(always)]
    fn copysign(self, s: Self) -> Self {
        Self::from_bits(Self::or_int(self.abs().to_bits(), s.sign_bit().to_bits()))
    }
    /// `self` with its sign flipped where `s` is negative (`self * sign(s)`,
    /// exactly).
    #[inline(always)]
    fn xor_sign(self, s: Self) -> Self {
        Self::from_bits(Self::xor_int(self.to_bits(), s.sign_bit().to_bits()))
    }
    /// Round to the nearest integer, ties to even, for |self| < 2^22 (the
    /// range reductions only need that): the classic add-and-subtract of
    /// 1.5*2^23, two IEEE additions that every ISA rounds alike.
    #[inline(always)]
    fn round_small(self) -> Self {
        let m = Self::splat(MAGIC_ROUND);
        (self + m) - m
    }
    /// Round down to an integer, for `self` in [0, 2^22): from
    /// [`Simd::round_small`] by default; ISAs with a rounding instruction
    /// use it (the same value: both are exact).
    #[inline(always)]
    fn floor_small(self) -> Self {
        let r = self.round_small();
        Self::select(r.gt(self), r - Self::splat(1.0), r)
    }
}

/// 1.5 * 2^23: adding it to |v| < 2^22 leaves round(v) in the low mantissa bits.
pub const MAGIC_ROUND: f32 = 12_582_912.0;

/// Implements the arithmetic operators of a SIMD wrapper type from its
/// intrinsics.
macro_rules! impl_ops {
    ($t:ty, $add:path, $sub:path, $mul:path, $div:path, $neg:expr) => {
        impl core::ops::Add for $t {
            type Output = $t;
            #[inline(always)]
            fn add(self, b: $t) -> $t {
                unsafe { Self($add(self.0, b.0)) }
            }
        }
        impl core::ops::Sub for $t {
            type Output = $t;
            #[inline(always)]
            fn sub(self, b: $t) -> $t {
                unsafe { Self($sub(self.0, b.0)) }
            }
        }
        impl core::ops::Mul for $t {
            type Output = $t;
            #[inline(always)]
            fn mul(self, b: $t) -> $t {
                unsafe { Self($mul(self.0, b.0)) }
            }
        }
        impl core::ops::Div for $t {
            type Output = $t;
            #[inline(always)]
            fn div(self, b: $t) -> $t {
                unsafe { Self($div(self.0, b.0)) }
            }
        }
        impl core::ops::Neg for $t {
            type Output = $t;
            #[inline(always)]
            fn neg(self) -> $t {
                #[allow(clippy::redundant_closure_call)]
                unsafe {
                    Self(($neg)(self.0))
                }
            }
        }
    };
}
pub(crate) use impl_ops;

/// Implements `Add`/`Sub` for an integer lane wrapper.
macro_rules! impl_int_ops {
    ($t:ty, $add:path, $sub:path) => {
        impl core::ops::Add for $t {
            type Output = $t;
            #[inline(always)]
            fn add(self, b: $t) -> $t {
                unsafe { Self($add(self.0, b.0)) }
            }
        }
        impl core::ops::Sub for $t {
            type Output = $t;
            #[inline(always)]
            fn sub(self, b: $t) -> $t {
                unsafe { Self($sub(self.0, b.0)) }
            }
        }
    };
}
pub(crate) use impl_int_ops;

/// Implements the boolean operators of a mask wrapper.
macro_rules! impl_mask_ops {
    ($t:ty, $and:path, $or:path, $xor:path, $not:expr) => {
        impl core::ops::BitAnd for $t {
            type Output = $t;
            #[inline(always)]
            fn bitand(self, b: $t) -> $t {
                unsafe { Self($and(self.0, b.0)) }
            }
        }
        impl core::ops::BitOr for $t {
            type Output = $t;
            #[inline(always)]
            fn bitor(self, b: $t) -> $t {
                unsafe { Self($or(self.0, b.0)) }
            }
        }
        impl core::ops::BitXor for $t {
            type Output = $t;
            #[inline(always)]
            fn bitxor(self, b: $t) -> $t {
                unsafe { Self($xor(self.0, b.0)) }
            }
        }
        impl core::ops::Not for $t {
            type Output = $t;
            #[inline(always)]
            fn not(self) -> $t {
                #[allow(clippy::redundant_closure_call)]
                unsafe {
                    Self(($not)(self.0))
                }
            }
        }
    };
}
pub(crate) use impl_mask_ops;
