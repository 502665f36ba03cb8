//! Four lanes in a `float32x4_t`, for aarch64 Advanced SIMD (NEON, part of
//! the aarch64 baseline).
//!
//! Everything maps to one IEEE operation with the meaning `Simd` documents,
//! which on NEON takes some care:
//! - `min`/`max` are a compare and a bit select (`a < b ? a : b`), never
//!   `fmin`/`fmax`/`fminnm`, whose NaN and signed-zero rules differ from x86.
//! - `mul_add` is `fmla` (fused, rounded once); `neg_mul_add` is `fmls`.
//! - division and square root are the correctly rounded `fdiv`/`fsqrt`; the
//!   `frecpe`/`frsqrte` estimates are never used.
//! - tails go through a small lane buffer on the stack, copying only the `n`
//!   valid values, so no memory past `p[n - 1]` is read or written.

use super::{impl_int_ops, impl_mask_ops, impl_ops, Simd};
use core::arch::aarch64::*;

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Neon(pub float32x4_t);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct NeonMask(pub uint32x4_t);

#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct NeonInt(pub int32x4_t);

impl_ops!(Neon, vaddq_f32, vsubq_f32, vmulq_f32, vdivq_f32, |a| {
    vnegq_f32(a)
});
impl_int_ops!(NeonInt, vaddq_s32, vsubq_s32);
impl_mask_ops!(NeonMask, vandq_u32, vorrq_u32, veorq_u32, |a| vmvnq_u32(a));

const LANES: usize = 4;

unsafe impl Simd for Neon {
    type Mask = NeonMask;
    type Int = NeonInt;
    const LANES: usize = LANES;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        unsafe { Self(vdupq_n_f32(v)) }
    }
    #[inline(always)]
    fn splat_int(v: i32) -> NeonInt {
        unsafe { NeonInt(vdupq_n_s32(v)) }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Self(vld1q_f32(p))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        vst1q_f32(p, self.0)
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, n: usize, fill: f32) -> Self {
        debug_assert!(n < LANES);
        let mut buf = [fill; LANES];
        // Only the n valid values are read.
        for (t, b) in buf.iter_mut().enumerate().take(n) {
            *b = p.add(t).read_unaligned();
        }
        Self(vld1q_f32(buf.as_ptr()))
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, n: usize) {
        debug_assert!(n < LANES);
        let mut buf = [0.0f32; LANES];
        vst1q_f32(buf.as_mut_ptr(), self.0);
        // Only the n valid values are written.
        for (t, b) in buf.iter().enumerate().take(n) {
            p.add(t).write_unaligned(*b);
        }
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        // c + self * b, fused.
        unsafe { Self(vfmaq_f32(c.0, self.0, b.0)) }
    }
    #[inline(always)]
    fn neg_mul_add(self, b: Self, c: Self) -> Self {
        // c - self * b, fused.
        unsafe { Self(vfmsq_f32(c.0, self.0, b.0)) }
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        unsafe { Self(vsqrtq_f32(self.0)) }
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        // self < b ? self : b (b on NaN and on equal zeros), as x86's minps.
        unsafe { Self(vbslq_f32(vcltq_f32(self.0, b.0), self.0, b.0)) }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        // self > b ? self : b (b on NaN and on equal zeros), as x86's maxps.
        unsafe { Self(vbslq_f32(vcgtq_f32(self.0, b.0), self.0, b.0)) }
    }
    #[inline(always)]
    fn lt(self, b: Self) -> NeonMask {
        unsafe { NeonMask(vcltq_f32(self.0, b.0)) }
    }
    #[inline(always)]
    fn le(self, b: Self) -> NeonMask {
        unsafe { NeonMask(vcleq_f32(self.0, b.0)) }
    }
    #[inline(always)]
    fn gt(self, b: Self) -> NeonMask {
        unsafe { NeonMask(vcgtq_f32(self.0, b.0)) }
    }
    #[inline(always)]
    fn ge(self, b: Self) -> NeonMask {
        unsafe { NeonMask(vcgeq_f32(self.0, b.0)) }
    }
    #[inline(always)]
    fn eq(self, b: Self) -> NeonMask {
        unsafe { NeonMask(vceqq_f32(self.0, b.0)) }
    }
    #[inline(always)]
    fn is_nan(self) -> NeonMask {
        // x != x exactly for NaN.
        unsafe { NeonMask(vmvnq_u32(vceqq_f32(self.0, self.0))) }
    }
    #[inline(always)]
    fn select(m: NeonMask, a: Self, b: Self) -> Self {
        unsafe { Self(vbslq_f32(m.0, a.0, b.0)) }
    }
    #[inline(always)]
    fn any(m: NeonMask) -> bool {
        unsafe { vmaxvq_u32(m.0) != 0 }
    }
    #[inline(always)]
    fn to_bits(self) -> NeonInt {
        unsafe { NeonInt(vreinterpretq_s32_f32(self.0)) }
    }
    #[inline(always)]
    fn from_bits(i: NeonInt) -> Self {
        unsafe { Self(vreinterpretq_f32_s32(i.0)) }
    }
    #[inline(always)]
    fn shl<const N: i32>(i: NeonInt) -> NeonInt {
        unsafe { NeonInt(vshlq_n_s32::<N>(i.0)) }
    }
    #[inline(always)]
    fn sra<const N: i32>(i: NeonInt) -> NeonInt {
        // A left shift by -N is an arithmetic right shift by N; unlike
        // `vshrq_n_s32` it also takes N = 0. LLVM emits `sshr` for it.
        unsafe { NeonInt(vshlq_s32(i.0, vdupq_n_s32(-N))) }
    }
    #[inline(always)]
    fn and_int(a: NeonInt, b: NeonInt) -> NeonInt {
        unsafe { NeonInt(vandq_s32(a.0, b.0)) }
    }
    #[inline(always)]
    fn or_int(a: NeonInt, b: NeonInt) -> NeonInt {
        unsafe { NeonInt(vorrq_s32(a.0, b.0)) }
    }
    #[inline(always)]
    fn xor_int(a: NeonInt, b: NeonInt) -> NeonInt {
        unsafe { NeonInt(veorq_s32(a.0, b.0)) }
    }
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: NeonInt) -> Self {
        // One `tbl` over the 32 table bytes: lane index i becomes the byte
        // indices 4i..4i+3 (i * 0x04040404 + 0x03020100).
        unsafe {
            let i = vandq_u32(vreinterpretq_u32_s32(idx.0), vdupq_n_u32(7));
            let bytes = vmlaq_u32(vdupq_n_u32(0x0302_0100), i, vdupq_n_u32(0x0404_0404));
            let t = uint8x16x2_t(
                vreinterpretq_u8_f32(vld1q_f32(table.as_ptr())),
                vreinterpretq_u8_f32(vld1q_f32(table.as_ptr().add(4))),
            );
            Self(vreinterpretq_f32_u8(vqtbl2q_u8(
                t,
                vreinterpretq_u8_u32(bytes),
            )))
        }
    }
    #[inline(always)]
    fn gt_int(a: NeonInt, b: NeonInt) -> NeonMask {
        unsafe { NeonMask(vcgtq_s32(a.0, b.0)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes(v: Neon) -> [f32; LANES] {
        let mut out = [0.0; LANES];
        unsafe { v.store(out.as_mut_ptr()) };
        out
    }
    fn bits(v: Neon) -> [u32; LANES] {
        lanes(v).map(f32::to_bits)
    }
    fn from(a: [f32; LANES]) -> Neon {
        unsafe { Neon::load(a.as_ptr()) }
    }

    #[test]
    fn min_max_follow_x86() {
        let nan = f32::NAN;
        let a = from([nan, 1.0, 0.0, -0.0]);
        let b = from([2.0, nan, -0.0, 0.0]);
        // The second operand wins on NaN and on equal zeros.
        assert_eq!(
            bits(a.min(b)),
            [2.0f32.to_bits(), nan.to_bits(), (-0.0f32).to_bits(), 0]
        );
        assert_eq!(
            bits(a.max(b)),
            [2.0f32.to_bits(), nan.to_bits(), (-0.0f32).to_bits(), 0]
        );
        assert_eq!(
            lanes(from([1.0, 5.0, -3.0, 4.0]).min(from([2.0, 3.0, -4.0, 4.0]))),
            [1.0, 3.0, -4.0, 4.0]
        );
        assert_eq!(
            lanes(from([1.0, 5.0, -3.0, 4.0]).max(from([2.0, 3.0, -4.0, 4.0]))),
            [2.0, 5.0, -3.0, 4.0]
        );
    }

    #[test]
    fn fused_and_exact_ops() {
        // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the last term survives only if
        // the product is not rounded before the addition.
        let a = 1.0 + 2f32.powi(-12);
        let v = Neon::splat(a);
        let one = Neon::splat(1.0);
        assert_eq!(
            lanes(v.mul_add(v, -one))[0],
            2f32.powi(-11) + 2f32.powi(-24)
        );
        assert_eq!(
            lanes(v.neg_mul_add(v, one))[0],
            -(2f32.powi(-11) + 2f32.powi(-24))
        );
        assert_eq!(lanes(Neon::splat(2.0).sqrt())[0], 2.0f32.sqrt());
        assert_eq!(lanes(Neon::splat(1.0) / Neon::splat(3.0))[0], 1.0f32 / 3.0);
        assert_eq!(bits(-Neon::splat(0.0))[0], (-0.0f32).to_bits());
    }

    #[test]
    fn partial_loads_and_stores_touch_only_n() {
        let src = [1.0f32, 2.0, 3.0, 4.0];
        for n in 0..LANES {
            let v = unsafe { Neon::load_partial(src.as_ptr(), n, -7.0) };
            let got = lanes(v);
            for (t, (&g, &s)) in got.iter().zip(&src).enumerate() {
                assert_eq!(g, if t < n { s } else { -7.0 });
            }
            let mut dst = [9.0f32; LANES];
            unsafe { from([5.0, 6.0, 7.0, 8.0]).store_partial(dst.as_mut_ptr(), n) };
            for (t, &d) in dst.iter().enumerate() {
                assert_eq!(d, if t < n { 5.0 + t as f32 } else { 9.0 });
            }
        }
    }

    #[test]
    fn masks_and_integers() {
        let a = from([1.0, f32::NAN, -1.0, 0.0]);
        let m = a.is_nan();
        assert!(Neon::any(m));
        assert!(!Neon::any(a.gt(Neon::splat(10.0))));
        assert_eq!(
            lanes(Neon::select(m, Neon::splat(5.0), a)),
            [1.0, 5.0, -1.0, 0.0]
        );
        let i = Neon::splat_int(-8);
        assert_eq!(bits(Neon::from_bits(Neon::sra::<1>(i)))[0] as i32, -4);
        assert_eq!(bits(Neon::from_bits(Neon::sra::<0>(i)))[0] as i32, -8);
        assert_eq!(
            bits(Neon::from_bits(Neon::shl::<23>(Neon::splat_int(127))))[0],
            1.0f32.to_bits()
        );
        let g = Neon::gt_int(Neon::splat_int(3), Neon::splat_int(-2));
        assert!(Neon::any(g & !NeonMask(unsafe { vdupq_n_u32(0) })));
        let table = [0.5f32, -1.0, 2.0, f32::NAN, -0.0, 8.0, f32::INFINITY, 1e-40];
        for base in [0, 8, -8, 1 << 20] {
            let idx =
                NeonInt(unsafe { vaddq_s32(vdupq_n_s32(base), vld1q_s32([0, 3, 6, 7].as_ptr())) });
            let want = [0, 3, 6, 7].map(|k| table[k].to_bits());
            assert_eq!(bits(Neon::lookup8(&table, idx)), want);
            let idx =
                NeonInt(unsafe { vaddq_s32(vdupq_n_s32(base), vld1q_s32([5, 4, 2, 1].as_ptr())) });
            let want = [5, 4, 2, 1].map(|k| table[k].to_bits());
            assert_eq!(bits(Neon::lookup8(&table, idx)), want);
        }
        // The trait's ldexp: 1.5 * 2^-140 rounds once into the subnormals.
        let r = lanes(Neon::splat(1.5).ldexp(Neon::splat(-140.0)))[0];
        assert_eq!(r.to_bits(), 3 << 8); // 3 * 2^-141 = 768 * 2^-149
    }
}
