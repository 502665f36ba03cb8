//! Eight lanes in a `__m256`, for CPUs with AVX2 and FMA. Tails use
//! `vmaskmovps`, which neither reads nor writes the masked-off lanes.

use super::{impl_int_ops, impl_mask_ops, impl_ops, Simd};
use core::arch::x86_64::*;

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx2(pub __m256);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx2Mask(pub __m256);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Avx2Int(pub __m256i);

impl_ops!(
    Avx2,
    _mm256_add_ps,
    _mm256_sub_ps,
    _mm256_mul_ps,
    _mm256_div_ps,
    |a| { _mm256_xor_ps(a, _mm256_set1_ps(-0.0)) }
);
impl_int_ops!(Avx2Int, _mm256_add_epi32, _mm256_sub_epi32);
impl_mask_ops!(Avx2Mask, _mm256_and_ps, _mm256_or_ps, _mm256_xor_ps, |a| {
    _mm256_xor_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(-1)))
});

/// Lanes `0..n` set, as a mask for `vmaskmovps`.
#[inline(always)]
unsafe fn first_lanes(n: usize) -> __m256i {
    let idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), idx)
}

unsafe impl Simd for Avx2 {
    type Mask = Avx2Mask;
    type Int = Avx2Int;
    const LANES: usize = 8;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        unsafe { Self(_mm256_set1_ps(v)) }
    }
    #[inline(always)]
    fn splat_int(v: i32) -> Avx2Int {
        unsafe { Avx2Int(_mm256_set1_epi32(v)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Self(_mm256_loadu_ps(p))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        _mm256_storeu_ps(p, self.0)
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, n: usize, fill: f32) -> Self {
        let m = first_lanes(n);
        let v = _mm256_maskload_ps(p, m);
        Self(_mm256_blendv_ps(
            _mm256_set1_ps(fill),
            v,
            _mm256_castsi256_ps(m),
        ))
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, n: usize) {
        _mm256_maskstore_ps(p, first_lanes(n), self.0)
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        unsafe { Self(_mm256_fmadd_ps(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn neg_mul_add(self, b: Self, c: Self) -> Self {
        unsafe { Self(_mm256_fnmadd_ps(self.0, b.0, c.0)) }
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        unsafe { Self(_mm256_sqrt_ps(self.0)) }
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        unsafe { Self(_mm256_min_ps(self.0, b.0)) }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        unsafe { Self(_mm256_max_ps(self.0, b.0)) }
    }
    #[inline(always)]
    fn lt(self, b: Self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_LT_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn le(self, b: Self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_LE_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn gt(self, b: Self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_GT_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn ge(self, b: Self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_GE_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn eq(self, b: Self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_EQ_OQ>(self.0, b.0)) }
    }
    #[inline(always)]
    fn is_nan(self) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_cmp_ps::<_CMP_UNORD_Q>(self.0, self.0)) }
    }
    #[inline(always)]
    fn select(m: Avx2Mask, a: Self, b: Self) -> Self {
        unsafe { Self(_mm256_blendv_ps(b.0, a.0, m.0)) }
    }
    #[inline(always)]
    fn any(m: Avx2Mask) -> bool {
        unsafe { _mm256_movemask_ps(m.0) != 0 }
    }
    #[inline(always)]
    fn to_bits(self) -> Avx2Int {
        unsafe { Avx2Int(_mm256_castps_si256(self.0)) }
    }
    #[inline(always)]
    fn from_bits(i: Avx2Int) -> Self {
        unsafe { Self(_mm256_castsi256_ps(i.0)) }
    }
    #[inline(always)]
    fn shl<const N: i32>(i: Avx2Int) -> Avx2Int {
        unsafe { Avx2Int(_mm256_slli_epi32::<N>(i.0)) }
    }
    #[inline(always)]
    fn sra<const N: i32>(i: Avx2Int) -> Avx2Int {
        unsafe { Avx2Int(_mm256_srai_epi32::<N>(i.0)) }
    }
    #[inline(always)]
    fn and_int(a: Avx2Int, b: Avx2Int) -> Avx2Int {
        unsafe { Avx2Int(_mm256_and_si256(a.0, b.0)) }
    }
    #[inline(always)]
    fn or_int(a: Avx2Int, b: Avx2Int) -> Avx2Int {
        unsafe { Avx2Int(_mm256_or_si256(a.0, b.0)) }
    }
    #[inline(always)]
    fn xor_int(a: Avx2Int, b: Avx2Int) -> Avx2Int {
        unsafe { Avx2Int(_mm256_xor_si256(a.0, b.0)) }
    }
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: Avx2Int) -> Self {
        // vpermps reads the low 3 bits of each index.
        unsafe {
            Self(_mm256_permutevar8x32_ps(
                _mm256_loadu_ps(table.as_ptr()),
                idx.0,
            ))
        }
    }
    /// `vcvttps2dq`: exact for the integral values this takes.
    #[inline(always)]
    fn index(v: Self) -> Avx2Int {
        unsafe { Avx2Int(_mm256_cvttps_epi32(v.0)) }
    }
    #[inline(always)]
    fn floor_small(self) -> Self {
        unsafe { Self(_mm256_floor_ps(self.0)) }
    }
    #[inline(always)]
    fn gt_int(a: Avx2Int, b: Avx2Int) -> Avx2Mask {
        unsafe { Avx2Mask(_mm256_castsi256_ps(_mm256_cmpgt_epi32(a.0, b.0))) }
    }
}
