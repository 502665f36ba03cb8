//! The x86_64 buffer conversions: F16C (`vcvtph2ps`, `vcvtps2ph` with
//! round-to-nearest-even) for f16, and integer sequences for bf16 (a shift
//! to widen; add 0x7fff plus the kept lowest bit, shift, and quiet NaNs to
//! narrow), in AVX2 and AVX-512 widths. Tails go through the portable
//! conversions (`convert.rs`), which give the same bits: the tests compare
//! them on every 16-bit input and on every high half of the f32 inputs.
//!
//! AVX-512 BF16's `vcvtneps2bf16` is not used: it flushes subnormal inputs
//! and outputs to zero (Intel SDM, "VCVTNEPS2BF16": DAZ and FTZ are
//! implied), so its bits differ from the portable sequence on every
//! subnormal, and the shift-and-round sequence here is already at memory
//! speed.

use super::convert::{bf16_to_f32, f16_to_f32, f32_to_bf16, f32_to_f16};
use core::arch::x86_64::*;

// ---- AVX2 + F16C ----

#[target_feature(enable = "avx2,fma,f16c")]
pub(crate) unsafe fn widen_f16_avx2(src: *const u16, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 16 <= n {
        let a = _mm_loadu_si128(src.add(i) as *const __m128i);
        let b = _mm_loadu_si128(src.add(i + 8) as *const __m128i);
        _mm256_storeu_ps(dst.add(i), _mm256_cvtph_ps(a));
        _mm256_storeu_ps(dst.add(i + 8), _mm256_cvtph_ps(b));
        i += 16;
    }
    while i < n {
        *dst.add(i) = f16_to_f32(*src.add(i));
        i += 1;
    }
}

#[target_feature(enable = "avx2,fma,f16c")]
pub(crate) unsafe fn narrow_f16_avx2(src: *const f32, dst: *mut u16, n: usize) {
    let mut i = 0;
    while i + 16 <= n {
        let a = _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm256_loadu_ps(src.add(i)));
        let b = _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm256_loadu_ps(src.add(i + 8)));
        _mm_storeu_si128(dst.add(i) as *mut __m128i, a);
        _mm_storeu_si128(dst.add(i + 8) as *mut __m128i, b);
        i += 16;
    }
    while i < n {
        *dst.add(i) = f32_to_f16(*src.add(i));
        i += 1;
    }
}

#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn widen_bf16_avx2(src: *const u16, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 16 <= n {
        let a = _mm_loadu_si128(src.add(i) as *const __m128i);
        let b = _mm_loadu_si128(src.add(i + 8) as *const __m128i);
        let wa = _mm256_slli_epi32::<16>(_mm256_cvtepu16_epi32(a));
        let wb = _mm256_slli_epi32::<16>(_mm256_cvtepu16_epi32(b));
        _mm256_storeu_si256(dst.add(i) as *mut __m256i, wa);
        _mm256_storeu_si256(dst.add(i + 8) as *mut __m256i, wb);
        i += 16;
    }
    while i < n {
        *dst.add(i) = bf16_to_f32(*src.add(i));
        i += 1;
    }
}

/// Eight f32 to bf16 bits in the low half of each 32-bit lane.
#[inline(always)]
unsafe fn bf16_lanes_avx2(v: __m256) -> __m256i {
    let b = _mm256_castps_si256(v);
    let lsb = _mm256_and_si256(_mm256_srli_epi32::<16>(b), _mm256_set1_epi32(1));
    let bias = _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff));
    let rounded = _mm256_srli_epi32::<16>(_mm256_add_epi32(b, bias));
    let quiet = _mm256_or_si256(_mm256_srli_epi32::<16>(b), _mm256_set1_epi32(0x40));
    let abs = _mm256_and_si256(b, _mm256_set1_epi32(0x7fff_ffff));
    let nan = _mm256_cmpgt_epi32(abs, _mm256_set1_epi32(0x7f80_0000));
    _mm256_blendv_epi8(rounded, quiet, nan)
}

#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn narrow_bf16_avx2(src: *const f32, dst: *mut u16, n: usize) {
    let mut i = 0;
    while i + 16 <= n {
        let a = bf16_lanes_avx2(_mm256_loadu_ps(src.add(i)));
        let b = bf16_lanes_avx2(_mm256_loadu_ps(src.add(i + 8)));
        // packus works per 128-bit half: a0 b0 a1 b1 -> a0 a1 b0 b1.
        let packed = _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_packus_epi32(a, b));
        _mm256_storeu_si256(dst.add(i) as *mut __m256i, packed);
        i += 16;
    }
    while i < n {
        *dst.add(i) = f32_to_bf16(*src.add(i));
        i += 1;
    }
}

// ---- AVX-512 (F; the kernel set also has BW, DQ, VL) ----

#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c")]
pub(crate) unsafe fn widen_f16_avx512(src: *const u16, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 32 <= n {
        let a = _mm256_loadu_si256(src.add(i) as *const __m256i);
        let b = _mm256_loadu_si256(src.add(i + 16) as *const __m256i);
        _mm512_storeu_ps(dst.add(i), _mm512_cvtph_ps(a));
        _mm512_storeu_ps(dst.add(i + 16), _mm512_cvtph_ps(b));
        i += 32;
    }
    widen_f16_avx2(src.add(i), dst.add(i), n - i)
}

#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma,f16c")]
pub(crate) unsafe fn narrow_f16_avx512(src: *const f32, dst: *mut u16, n: usize) {
    let mut i = 0;
    while i + 32 <= n {
        let a = _mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm512_loadu_ps(src.add(i)));
        let b = _mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm512_loadu_ps(src.add(i + 16)));
        _mm256_storeu_si256(dst.add(i) as *mut __m256i, a);
        _mm256_storeu_si256(dst.add(i + 16) as *mut __m256i, b);
        i += 32;
    }
    narrow_f16_avx2(src.add(i), dst.add(i), n - i)
}

#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
pub(crate) unsafe fn widen_bf16_avx512(src: *const u16, dst: *mut f32, n: usize) {
    let mut i = 0;
    while i + 32 <= n {
        let a = _mm256_loadu_si256(src.add(i) as *const __m256i);
        let b = _mm256_loadu_si256(src.add(i + 16) as *const __m256i);
        let wa = _mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(a));
        let wb = _mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(b));
        _mm512_storeu_si512(dst.add(i) as *mut __m512i, wa);
        _mm512_storeu_si512(dst.add(i + 16) as *mut __m512i, wb);
        i += 32;
    }
    widen_bf16_avx2(src.add(i), dst.add(i), n - i)
}

/// Sixteen f32 to bf16: round at bit 16 (add 0x7fff and the kept lowest
/// bit, shift), and for NaN lanes (one unordered compare) the top half
/// with the quiet bit instead, merged under the mask.
#[inline(always)]
pub(crate) unsafe fn bf16_lanes_avx512(v: __m512) -> __m256i {
    let b = _mm512_castps_si512(v);
    let top = _mm512_srli_epi32::<16>(b);
    let lsb = _mm512_and_si512(top, _mm512_set1_epi32(1));
    let biased = _mm512_add_epi32(_mm512_add_epi32(b, lsb), _mm512_set1_epi32(0x7fff));
    let rounded = _mm512_srli_epi32::<16>(biased);
    let nan = _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v);
    let out = _mm512_mask_or_epi32(rounded, nan, top, _mm512_set1_epi32(0x40));
    _mm512_cvtepi32_epi16(out)
}

#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
pub(crate) unsafe fn narrow_bf16_avx512(src: *const f32, dst: *mut u16, n: usize) {
    let mut i = 0;
    while i + 32 <= n {
        let a = bf16_lanes_avx512(_mm512_loadu_ps(src.add(i)));
        let b = bf16_lanes_avx512(_mm512_loadu_ps(src.add(i + 16)));
        _mm256_storeu_si256(dst.add(i) as *mut __m256i, a);
        _mm256_storeu_si256(dst.add(i + 16) as *mut __m256i, b);
        i += 32;
    }
    narrow_bf16_avx2(src.add(i), dst.add(i), n - i)
}

// ---- direct half loads and stores for the one-pass kernels (fused.rs) ----

use super::fused::HalfIo;
use crate::simd::avx2::Avx2;
use crate::simd::avx512::Avx512;

impl HalfIo for Avx512 {
    #[inline(always)]
    unsafe fn load_bf16(p: *const u16) -> Self {
        let h = _mm256_loadu_si256(p as *const __m256i);
        Avx512(_mm512_castsi512_ps(_mm512_slli_epi32::<16>(
            _mm512_cvtepu16_epi32(h),
        )))
    }
    #[inline(always)]
    unsafe fn store_bf16(self, p: *mut u16) {
        _mm256_storeu_si256(p as *mut __m256i, bf16_lanes_avx512(self.0))
    }
    #[inline(always)]
    unsafe fn load_f16(p: *const u16) -> Self {
        Avx512(_mm512_cvtph_ps(_mm256_loadu_si256(p as *const __m256i)))
    }
    #[inline(always)]
    unsafe fn store_f16(self, p: *mut u16) {
        let h = _mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(self.0);
        _mm256_storeu_si256(p as *mut __m256i, h)
    }
}

impl HalfIo for Avx2 {
    #[inline(always)]
    unsafe fn load_bf16(p: *const u16) -> Self {
        let h = _mm_loadu_si128(p as *const __m128i);
        Avx2(_mm256_castsi256_ps(_mm256_slli_epi32::<16>(
            _mm256_cvtepu16_epi32(h),
        )))
    }
    #[inline(always)]
    unsafe fn store_bf16(self, p: *mut u16) {
        let l = bf16_lanes_avx2(self.0);
        // [a0..a3 a0..a3 | a4..a7 a4..a7]: quadwords 0 and 2 in order.
        let packed = _mm256_permute4x64_epi64::<0b00_00_10_00>(_mm256_packus_epi32(l, l));
        _mm_storeu_si128(p as *mut __m128i, _mm256_castsi256_si128(packed))
    }
    #[inline(always)]
    unsafe fn load_f16(p: *const u16) -> Self {
        Avx2(_mm256_cvtph_ps(_mm_loadu_si128(p as *const __m128i)))
    }
    #[inline(always)]
    unsafe fn store_f16(self, p: *mut u16) {
        let h = _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(self.0);
        _mm_storeu_si128(p as *mut __m128i, h)
    }
}
