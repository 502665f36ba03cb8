//! The one element-wise loop, generic over the op and the register type;
//! the generated `#[target_feature]` kernels instantiate it, and with
//! `#[inline(always)]` it is compiled inside them, with their features.

use crate::capi::types::actfn_params;
use crate::simd::wide::Wide;
use crate::simd::Simd;

/// An element-wise op: its parameters splatted into registers once per
/// call, and its math (with its NaN step) on one register of any `Simd`
/// type. The generator writes one per catalogue entry.
pub(crate) trait ElementOp {
    type Params<S: Simd>: Copy;
    fn params<S: Simd>(p: &actfn_params) -> Self::Params<S>;
    fn apply<S: Simd>(v: S, p: Self::Params<S>) -> S;
}

/// `y[i] = O(x[i])` for `i < n`: `N` registers at a time as one `Wide`
/// (each operation issued on all of them before the next, so their
/// dependency chains overlap), then single registers, then one masked
/// register for the tail. Every element goes through the same math, so
/// y[i] depends on x[i] alone.
///
/// # Safety
/// `x` and `y` valid for `n` floats (the same buffer, or not overlapping),
/// and the CPU has `V`'s features.
#[inline(always)]
pub(crate) unsafe fn map<O: ElementOp, V: Simd, const N: usize>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    p: &actfn_params,
) {
    let mut i = 0;
    if N > 1 {
        let pw = O::params::<Wide<V, N>>(p);
        while i + Wide::<V, N>::LANES <= n {
            O::apply(Wide::<V, N>::load(x.add(i)), pw).store(y.add(i));
            i += Wide::<V, N>::LANES;
        }
    }
    let pv = O::params::<V>(p);
    while i + V::LANES <= n {
        O::apply(V::load(x.add(i)), pv).store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        O::apply(V::load_partial(x.add(i), n - i, 0.0), pv).store_partial(y.add(i), n - i);
    }
}
