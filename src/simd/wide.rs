//! `Wide<V, N>`: N registers of an ISA treated as one, so that the math
//! issues each operation on all N before the next.
//!
//! An activation is one long chain of dependent operations per register
//! (a hundred cycles of latency for sigmoid). Written register after
//! register, N chains only overlap as far as the CPU's scheduler reaches
//! ahead: on this Zen 4 the AVX2 sigmoid took 33 cycles per register, three
//! times what its FMA units need. Issued operation by operation across N
//! registers, the chains run side by side from the start (1.34x there).
//!
//! Every method applies `V`'s own method to each register, so each lane
//! goes through exactly the operations it would alone and gets the same
//! bits. `any` covers all N registers: `fast_or!` then takes the full path
//! for the whole group when one lane needs it, which changes no lane's
//! result (the full path agrees with the fast one wherever both apply).

use super::Simd;
use core::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Neg, Not, Sub};

/// N registers of `V`, lane `k` of register `i` being lane `i * V::LANES + k`.
#[derive(Clone, Copy)]
pub struct Wide<V, const N: usize>(pub [V; N]);

/// The lane mask of a [`Wide`].
#[derive(Clone, Copy)]
pub struct WideMask<M, const N: usize>([M; N]);

/// The integer lanes of a [`Wide`].
#[derive(Clone, Copy)]
pub struct WideInt<I, const N: usize>([I; N]);

/// `$w([e(0), e(1), ..., e(N - 1)])`, written as a loop over the registers,
/// not with a closure: a closure is compiled out of line, without the
/// kernel's target features, and each intrinsic would become a call.
macro_rules! each {
    ($w:ident, |$i:ident| $e:expr) => {{
        let mut r = {
            let $i = 0;
            [$e; N]
        };
        for $i in 1..N {
            r[$i] = $e;
        }
        $w(r)
    }};
}

/// Implements a binary operator trait for a wrapper, register by register.
macro_rules! lanewise_op {
    ($wrapper:ident, $tr:ident, $f:ident) => {
        impl<T: Copy + $tr<Output = T>, const N: usize> $tr for $wrapper<T, N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, b: Self) -> Self {
                each!($wrapper, |i| self.0[i].$f(b.0[i]))
            }
        }
    };
}

/// Trait methods that apply V's method of the same name to each register:
/// `Wrapper fn name(args) -> Ret;` for a result wrapped in `Wrapper`.
macro_rules! per_register {
    ($($wrap:ident fn $name:ident($($arg:ident: $t:ty),*) -> $ret:ty;)*) => {$(
        #[inline(always)]
        fn $name($($arg: $t),*) -> $ret {
            each!($wrap, |i| V::$name($($arg.0[i]),*))
        }
    )*};
}

lanewise_op!(Wide, Add, add);
lanewise_op!(Wide, Sub, sub);
lanewise_op!(Wide, Mul, mul);
lanewise_op!(Wide, Div, div);
lanewise_op!(WideMask, BitAnd, bitand);
lanewise_op!(WideMask, BitOr, bitor);
lanewise_op!(WideMask, BitXor, bitxor);
lanewise_op!(WideInt, Add, add);
lanewise_op!(WideInt, Sub, sub);

impl<T: Copy + Neg<Output = T>, const N: usize> Neg for Wide<T, N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        each!(Wide, |i| -self.0[i])
    }
}

impl<M: Copy + Not<Output = M>, const N: usize> Not for WideMask<M, N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        each!(WideMask, |i| !self.0[i])
    }
}

// SAFETY: every method forwards to V's, under the same conditions.
unsafe impl<V: Simd, const N: usize> Simd for Wide<V, N> {
    type Mask = WideMask<V::Mask, N>;
    type Int = WideInt<V::Int, N>;

    const LANES: usize = V::LANES * N;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        each!(Wide, |_i| V::splat(v))
    }
    #[inline(always)]
    fn splat_int(v: i32) -> Self::Int {
        each!(WideInt, |_i| V::splat_int(v))
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        each!(Wide, |i| V::load(p.add(i * V::LANES)))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        for i in 0..N {
            self.0[i].store(p.add(i * V::LANES));
        }
    }
    #[inline(always)]
    unsafe fn load_partial(p: *const f32, n: usize, fill: f32) -> Self {
        each!(Wide, |i| {
            let start = i * V::LANES;
            if start + V::LANES <= n {
                V::load(p.add(start))
            } else if start < n {
                V::load_partial(p.add(start), n - start, fill)
            } else {
                V::splat(fill)
            }
        })
    }
    #[inline(always)]
    unsafe fn store_partial(self, p: *mut f32, n: usize) {
        for i in 0..N {
            let start = i * V::LANES;
            if start + V::LANES <= n {
                self.0[i].store(p.add(start));
            } else if start < n {
                self.0[i].store_partial(p.add(start), n - start);
            }
        }
    }

    per_register! {
        Wide fn mul_add(self: Self, b: Self, c: Self) -> Self;
        Wide fn neg_mul_add(self: Self, b: Self, c: Self) -> Self;
        Wide fn sqrt(self: Self) -> Self;
        Wide fn min(self: Self, b: Self) -> Self;
        Wide fn max(self: Self, b: Self) -> Self;
        WideMask fn lt(self: Self, b: Self) -> Self::Mask;
        WideMask fn le(self: Self, b: Self) -> Self::Mask;
        WideMask fn gt(self: Self, b: Self) -> Self::Mask;
        WideMask fn ge(self: Self, b: Self) -> Self::Mask;
        WideMask fn eq(self: Self, b: Self) -> Self::Mask;
        WideMask fn is_nan(self: Self) -> Self::Mask;
        Wide fn select(m: Self::Mask, a: Self, b: Self) -> Self;
        WideInt fn to_bits(self: Self) -> Self::Int;
        Wide fn from_bits(v: Self::Int) -> Self;
        WideInt fn and_int(a: Self::Int, b: Self::Int) -> Self::Int;
        WideInt fn or_int(a: Self::Int, b: Self::Int) -> Self::Int;
        WideInt fn xor_int(a: Self::Int, b: Self::Int) -> Self::Int;
        WideMask fn gt_int(a: Self::Int, b: Self::Int) -> Self::Mask;
        // The provided methods too, so that V's overrides (single
        // instructions on some ISAs) are the ones used.
        WideInt fn index(v: Self) -> Self::Int;
        Wide fn ldexp(self: Self, n: Self) -> Self;
        Wide fn ldexp_once(self: Self, n: Self) -> Self;
        Wide fn mul_pow2(self: Self, n: Self) -> Self;
        Wide fn scale_normal(self: Self, n: Self, t: Self) -> Self;
        Wide fn sub_fma_unit(self: Self, b: Self) -> Self;
        Wide fn add_fma_unit(self: Self, b: Self) -> Self;
        Wide fn pow2(n: Self) -> Self;
        Wide fn abs(self: Self) -> Self;
        Wide fn sign_bit(self: Self) -> Self;
        Wide fn copysign(self: Self, s: Self) -> Self;
        Wide fn xor_sign(self: Self, s: Self) -> Self;
        Wide fn round_small(self: Self) -> Self;
        Wide fn floor_small(self: Self) -> Self;
    }

    #[inline(always)]
    fn any(m: Self::Mask) -> bool {
        // One test of the registers' union, not N branches.
        let mut u = m.0[0];
        for i in 1..N {
            u = u | m.0[i];
        }
        V::any(u)
    }

    #[inline(always)]
    fn shl<const K: i32>(v: Self::Int) -> Self::Int {
        each!(WideInt, |i| V::shl::<K>(v.0[i]))
    }
    #[inline(always)]
    fn sra<const K: i32>(v: Self::Int) -> Self::Int {
        each!(WideInt, |i| V::sra::<K>(v.0[i]))
    }
    #[inline(always)]
    fn lookup8(table: &[f32; 8], idx: Self::Int) -> Self {
        each!(Wide, |i| V::lookup8(table, idx.0[i]))
    }
}
