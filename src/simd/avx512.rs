//! Sixteen lanes in a `__m512`, for CPUs with AVX-512 F, BW, DQ and VL. Tails
//! use mask registers: masked-off lanes are neither read nor written.

use super::{impl_int_ops, impl_ops, Simd};
use core::arch::x86_64::*;

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx512(pub __m512);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx512Mask(pub __mmask16);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx512Int(pub __m512i);

impl_ops!(
    Avx512,
    _mm512_add_ps,
    _mm512_sub_ps,
    _mm512_mul_ps,
    _mm512_div_ps,
    |a| {
        _mm512_castsi512_ps(_mm512_xor_si512(
            _mm512_castps_si512(a),
            _mm512_set1_epi32(i32::MIN),
        ))
    }
);
impl_int_ops!(Avx512Int, _mm512_add_epi32, _mm512_sub_epi32);

impl core::ops::BitAnd for Avx512Mask {
    type Output = Self;
    #[inline(always)]
    fn bitand(self, b: Self) -> Self {
        Self(self.0 & b.0)
    }
}
impl core::ops::BitOr for Avx512Mask {
    type Output = Self;
    #[inline(always)]
    fn bitor(self, b: Self) -> Self {
        Self(self.0 | b.0)
    }
}
impl core::ops::BitXor for Avx512Mask {
    type Output = Self;
    #[inline(always)]
    fn bitxor(self, b: Self) -> Self {
        Self(self.0 ^ b.0)
    }
}
impl core::ops::Not for Avx512Mask {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Self(!self.0)
    }
}

#[inline(always)]
fn first_lanes(n: usize) -> __mmask16 {
    ((1u32 << n) - 1) as __mmask16
}

unsafe impl Simd for Avx512 {
    type Mask = Avx512Mask;
    type Int = Avx512Int;
    const LANES: usize = 16;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        unsafe { Self(_mm512_set1_ps(v)) }
    }
    #[inline(always)]
    fn splat_int(v: i32) -> Avx512Int {
        unsafe { Avx512Int(_mm512_set1_epi32(v)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Self(_mm512_loadu_ps(p))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        _mm512_storeu_ps(p, self.0)
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, n: usize, fill: f32) -> Self {
        Self(_mm512_mask_loadu_ps(
            _mm512_set1_ps(fill),
            first_lanes(n),
            p,
        ))
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, n: usize) {
        _mm512_mask_storeu_ps(p, first_lanes(n), self.0)
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        unsafe { Self(_mm512_fmadd_ps(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn neg_mul_add(self, b: Self, c: Self) -> Self {
        unsafe { Self(_mm512_fnmadd_ps(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        unsafe { Self(_mm512_sqrt_ps(self.0)) }
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        unsafe { Self(_mm512_min_ps(self.0, b.0)) }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        unsafe { Self(_mm512_max_ps(self.0, b.0)) }
    }
    #[inline(always)]
    fn lt(self, b: Self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_LT_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn le(self, b: Self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_LE_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn gt(self, b: Self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_GT_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn ge(self, b: Self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_GE_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn eq(self, b: Self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_EQ_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn is_nan(self) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmp_ps_mask::<_CMP_UNORD_Q>(self.0, self.0)) }
    }
    #[inline(always)]
    fn select(m: Avx512Mask, a: Self, b: Self) -> Self {
        unsafe { Self(_mm512_mask_blend_ps(m.0, b.0, a.0)) }
    }
    #[inline(always)]
    fn any(m: Avx512Mask) -> bool {
        m.0 != 0
    }
    #[inline(always)]
    fn to_bits(self) -> Avx512Int {
        unsafe { Avx512Int(_mm512_castps_si512(self.0)) }
    }
    #[inline(always)]
    fn from_bits(i: Avx512Int) -> Self {
        unsafe { Self(_mm512_castsi512_ps(i.0)) }
    }
    #[inline(always)]
    fn shl<const N: i32>(i: Avx512Int) -> Avx512Int {
        unsafe { Avx512Int(_mm512_sllv_epi32(i.0, _mm512_set1_epi32(N))) }
    }
    #[inline(always)]
    fn sra<const N: i32>(i: Avx512Int) -> Avx512Int {
        unsafe { Avx512Int(_mm512_srav_epi32(i.0, _mm512_set1_epi32(N))) }
    }
    #[inline(always)]
    fn and_int(a: Avx512Int, b: Avx512Int) -> Avx512Int {
        unsafe { Avx512Int(_mm512_and_si512(a.0, b.0)) }
    }
    #[inline(always)]
    fn or_int(a: Avx512Int, b: Avx512Int) -> Avx512Int {
        unsafe { Avx512Int(_mm512_or_si512(a.0, b.0)) }
    }
    #[inline(always)]
    fn xor_int(a: Avx512Int, b: Avx512Int) -> Avx512Int {
        unsafe { Avx512Int(_mm512_xor_si512(a.0, b.0)) }
    }
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: Avx512Int) -> Self {
        // Both halves hold the table, so the 4 index bits vpermps reads act
        // as idx & 7.
        unsafe {
            let t = _mm512_broadcast_f32x8(_mm256_loadu_ps(table.as_ptr()));
            Self(_mm512_permutexvar_ps(idx.0, t))
        }
    }
    /// `vscalefps` of 1: the same exact power of two.
    #[inline(always)]
    fn pow2(n: Self) -> Self {
        unsafe { Self(_mm512_scalef_ps(_mm512_set1_ps(1.0), n.0)) }
    }
    /// `vscalefps`: one rounding, as the split gives for these inputs.
    #[inline(always)]
    fn ldexp_once(self, n: Self) -> Self {
        unsafe { Self(_mm512_scalef_ps(self.0, n.0)) }
    }
    /// `fma(b, -1, self)` on the FMA units ([`fma_rn`]).
    #[inline(always)]
    fn sub_fma_unit(self, b: Self) -> Self {
        fma_rn(b, Self::splat(-1.0), self)
    }
    /// `fma(self, 1, b)` on the FMA units ([`fma_rn`]).
    #[inline(always)]
    fn add_fma_unit(self, b: Self) -> Self {
        fma_rn(self, Self::splat(1.0), b)
    }
    /// `vscalefps`: exact here, as the exponent-field addition.
    #[inline(always)]
    fn scale_normal(self, n: Self, _t: Self) -> Self {
        unsafe { Self(_mm512_scalef_ps(self.0, n.0)) }
    }
    /// `vscalefps`: the correctly rounded product, as the multiplication.
    #[inline(always)]
    fn mul_pow2(self, n: Self) -> Self {
        unsafe { Self(_mm512_scalef_ps(self.0, n.0)) }
    }
    /// `vcvttps2dq`: exact for the integral values this takes.
    #[inline(always)]
    fn index(v: Self) -> Avx512Int {
        unsafe { Avx512Int(_mm512_cvttps_epi32(v.0)) }
    }
    #[inline(always)]
    fn floor_small(self) -> Self {
        unsafe {
            Self(_mm512_roundscale_ps::<
                { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
            >(self.0))
        }
    }
    #[inline(always)]
    fn gt_int(a: Avx512Int, b: Avx512Int) -> Avx512Mask {
        unsafe { Avx512Mask(_mm512_cmpgt_epi32_mask(a.0, b.0)) }
    }
}

/// `a * b + c` with the rounding mode (to nearest) in the instruction,
/// which keeps the compiler from folding `fma(b, -1, a)` or `fma(a, 1, b)`
/// back into a subtraction or an addition on the adders.
#[inline(always)]
fn fma_rn(a: Avx512, b: Avx512, c: Avx512) -> Avx512 {
    const RN: i32 = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    unsafe { Avx512(_mm512_fmadd_round_ps::<RN>(a.0, b.0, c.0)) }
}
