//! One lane in a plain `f32`: the portable kernel and the reference for the
//! others' bit patterns. It performs exactly the vector math's IEEE
//! operations, one lane at a time, and calls nothing from libm.

use super::Simd;

/// One f32 lane. `HW_FMA` says how `mul_add` is computed: with the FMA
/// instruction (only inside kernels compiled for it, see `ScalarFma`) or
/// exactly in software; both give the same, correctly rounded, bits.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Scalar<const HW_FMA: bool = false>(pub f32);

/// The scalar lane for x86_64 CPUs with FMA: same results, a hardware FMA
/// instead of the software one (the dispatch uses it when the CPU has FMA).
pub type ScalarFma = Scalar<true>;

#[derive(Clone, Copy)]
pub struct ScalarMask(pub bool);

#[derive(Clone, Copy)]
pub struct ScalarInt(pub i32);

impl<const F: bool> core::ops::Add for Scalar<F> {
    type Output = Self;
    #[inline(always)]
    fn add(self, b: Self) -> Self {
        Self(self.0 + b.0)
    }
}
impl<const F: bool> core::ops::Sub for Scalar<F> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        Self(self.0 - b.0)
    }
}
impl<const F: bool> core::ops::Mul for Scalar<F> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, b: Self) -> Self {
        Self(self.0 * b.0)
    }
}
impl<const F: bool> core::ops::Div for Scalar<F> {
    type Output = Self;
    #[inline(always)]
    fn div(self, b: Self) -> Self {
        Self(self.0 / b.0)
    }
}
impl<const F: bool> core::ops::Neg for Scalar<F> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Self(-self.0)
    }
}
impl core::ops::Add for ScalarInt {
    type Output = Self;
    #[inline(always)]
    fn add(self, b: Self) -> Self {
        Self(self.0.wrapping_add(b.0))
    }
}
impl core::ops::Sub for ScalarInt {
    type Output = Self;
    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        Self(self.0.wrapping_sub(b.0))
    }
}
impl core::ops::BitAnd for ScalarMask {
    type Output = Self;
    #[inline(always)]
    fn bitand(self, b: Self) -> Self {
        Self(self.0 & b.0)
    }
}
impl core::ops::BitOr for ScalarMask {
    type Output = Self;
    #[inline(always)]
    fn bitor(self, b: Self) -> Self {
        Self(self.0 | b.0)
    }
}
impl core::ops::BitXor for ScalarMask {
    type Output = Self;
    #[inline(always)]
    fn bitxor(self, b: Self) -> Self {
        Self(self.0 ^ b.0)
    }
}
impl core::ops::Not for ScalarMask {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Self(!self.0)
    }
}

/// Fused multiply-add, rounded once.
///
/// Where the target has a hardware FMA in its baseline (aarch64, or x86_64
/// built with `+fma`) this is one instruction. Otherwise it is computed
/// exactly: the product of two f32 is exact in f64, the sum is rounded to f64
/// with its error recovered by TwoSum, and the f64 is rounded to odd before the
/// final rounding to f32, which makes that double rounding correct.
#[inline(always)]
pub fn fma_f32(a: f32, b: f32, c: f32) -> f32 {
    #[cfg(any(target_arch = "aarch64", target_feature = "fma"))]
    {
        a.mul_add(b, c)
    }
    #[cfg(not(any(target_arch = "aarch64", target_feature = "fma")))]
    {
        let p = a as f64 * b as f64;
        let c = c as f64;
        let s = p + c;
        if !s.is_finite() || s == 0.0 {
            return s as f32;
        }
        let bb = s - p;
        let err = (p - (s - bb)) + (c - bb);
        let mut bits = s.to_bits();
        if err != 0.0 && bits & 1 == 0 {
            // Step one ulp towards the exact value s + err.
            if (err > 0.0) == (s > 0.0) {
                bits += 1;
            } else {
                bits -= 1;
            }
        }
        f64::from_bits(bits) as f32
    }
}

unsafe impl<const F: bool> Simd for Scalar<F> {
    type Mask = ScalarMask;
    type Int = ScalarInt;
    const LANES: usize = 1;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        Self(v)
    }
    #[inline(always)]
    fn splat_int(v: i32) -> ScalarInt {
        ScalarInt(v)
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Self(p.read_unaligned())
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        p.write_unaligned(self.0)
    }
    #[inline(always)]
    unsafe fn load_partial(_p: *const f32, _n: usize, fill: f32) -> Self {
        // With one lane, a partial load is an empty one.
        Self(fill)
    }
    #[inline(always)]
    unsafe fn store_partial(self, _p: *mut f32, _n: usize) {}

    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        if F {
            // llvm.fma: one vfmadd in a kernel compiled with +fma.
            Self(self.0.mul_add(b.0, c.0))
        } else {
            Self(fma_f32(self.0, b.0, c.0))
        }
    }
    #[inline(always)]
    fn neg_mul_add(self, b: Self, c: Self) -> Self {
        (-self).mul_add(b, c)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Self(self.0.sqrt())
    }
    #[inline(always)]
    fn min(self, b: Self) -> Self {
        if self.0 < b.0 {
            self
        } else {
            b
        }
    }
    #[inline(always)]
    fn max(self, b: Self) -> Self {
        if self.0 > b.0 {
            self
        } else {
            b
        }
    }
    #[inline(always)]
    fn lt(self, b: Self) -> ScalarMask {
        ScalarMask(self.0 < b.0)
    }
    #[inline(always)]
    fn le(self, b: Self) -> ScalarMask {
        ScalarMask(self.0 <= b.0)
    }
    #[inline(always)]
    fn gt(self, b: Self) -> ScalarMask {
        ScalarMask(self.0 > b.0)
    }
    #[inline(always)]
    fn ge(self, b: Self) -> ScalarMask {
        ScalarMask(self.0 >= b.0)
    }
    #[inline(always)]
    fn eq(self, b: Self) -> ScalarMask {
        ScalarMask(self.0 == b.0)
    }
    #[inline(always)]
    fn is_nan(self) -> ScalarMask {
        ScalarMask(self.0.is_nan())
    }
    #[inline(always)]
    fn select(m: ScalarMask, a: Self, b: Self) -> Self {
        if m.0 {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn any(m: ScalarMask) -> bool {
        m.0
    }
    #[inline(always)]
    fn to_bits(self) -> ScalarInt {
        ScalarInt(self.0.to_bits() as i32)
    }
    #[inline(always)]
    fn from_bits(i: ScalarInt) -> Self {
        Self(f32::from_bits(i.0 as u32))
    }
    #[inline(always)]
    fn shl<const N: i32>(i: ScalarInt) -> ScalarInt {
        ScalarInt(((i.0 as u32) << N) as i32)
    }
    #[inline(always)]
    fn sra<const N: i32>(i: ScalarInt) -> ScalarInt {
        ScalarInt(i.0 >> N)
    }
    #[inline(always)]
    fn and_int(a: ScalarInt, b: ScalarInt) -> ScalarInt {
        ScalarInt(a.0 & b.0)
    }
    #[inline(always)]
    fn or_int(a: ScalarInt, b: ScalarInt) -> ScalarInt {
        ScalarInt(a.0 | b.0)
    }
    #[inline(always)]
    fn xor_int(a: ScalarInt, b: ScalarInt) -> ScalarInt {
        ScalarInt(a.0 ^ b.0)
    }
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: ScalarInt) -> Self {
        Self(table[(idx.0 & 7) as usize])
    }
    #[inline(always)]
    fn gt_int(a: ScalarInt, b: ScalarInt) -> ScalarMask {
        ScalarMask(a.0 > b.0)
    }
}

#[cfg(test)]
mod tests {
    use super::fma_f32;

    #[test]
    fn fma_is_rounded_once() {
        // (1 + 2^-23)^2 - 1 = 2^-22 + 2^-46: a tie at f32 precision, to even.
        let a = 1.0 + f32::EPSILON;
        assert_eq!(fma_f32(a, a, -1.0), f32::EPSILON * 2.0);
        // Unfused, a * a rounds to 1 + 2^-22 first; fused keeps 2^-46 of it.
        let b = 1.0 + 3.0 * f32::EPSILON;
        let exact = (b as f64) * (b as f64) - 1.0;
        assert_eq!(fma_f32(b, b, -1.0), exact as f32);
        assert_ne!(fma_f32(b, b, -1.0), b * b - 1.0);
        // A product whose double rounding through f64 would go wrong.
        let (x, y) = (1.000_000_1_f32, 0.999_999_9_f32);
        let r = fma_f32(x, y, -1.0);
        let e = (x as f64) * (y as f64) - 1.0;
        assert!(((r as f64) - e).abs() <= (r.abs() as f64) * f32::EPSILON as f64 / 2.0);
        assert!(fma_f32(f32::INFINITY, 0.0, 1.0).is_nan());
        assert_eq!(fma_f32(-0.0, 1.0, -0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(fma_f32(1e-30, 1e-30, 0.0), 0.0);
        assert_eq!(fma_f32(1e-23, 1e-23, 0.0), 1e-46_f64 as f32);
    }
}
