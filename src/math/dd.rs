//! Error-free transformations: values carried as `hi + lo` with |lo| at most
//! half an ulp of `hi`, so that a result is rounded once at the end.

use crate::simd::Simd;

/// `a + b = s + e` exactly, for |a| >= |b| (or a == 0). (Fast2Sum)
#[inline(always)]
pub(crate) fn fast_two_sum<V: Simd>(a: V, b: V) -> (V, V) {
    let s = a + b;
    (s, a.sub_fma_unit(s) + b)
}

/// `a + b = s + e` exactly, for any a, b. (Knuth's TwoSum)
#[inline(always)]
pub(crate) fn two_sum<V: Simd>(a: V, b: V) -> (V, V) {
    let s = a + b;
    let bb = s.sub_fma_unit(a);
    (s, a.sub_fma_unit(s - bb) + (b - bb))
}

/// `a * b = p + e` exactly (barring underflow). (TwoProd with FMA)
#[inline(always)]
pub(crate) fn two_prod<V: Simd>(a: V, b: V) -> (V, V) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// `(nh + nl) / (dh + dl)` as `(q, corr)` with the quotient ~ `q + corr`:
/// one division for `1 / dh`, then one remainder step. The caller adds
/// `corr` to `q` (or keeps it, to go on in double-f32). `nl` None is an
/// exact numerator (no addition of a zero low part).
#[inline(always)]
pub(crate) fn div_dd<V: Simd>(nh: V, nl: Option<V>, dh: V, dl: V) -> (V, V) {
    let inv = V::splat(1.0) / dh;
    let q = nh * inv;
    // nh - q * dh is exact (q is a faithful quotient); then the low parts.
    let r = q.neg_mul_add(dh, nh);
    let r = match nl {
        Some(nl) => r + nl,
        None => r,
    };
    (q, q.neg_mul_add(dl, r) * inv)
}
