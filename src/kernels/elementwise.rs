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

/// `y[i] = O(x[i])` for `i < n`: first, when `x` and `y` are off the
/// register alignment by the same amount, one masked register up to the
/// first aligned element (see [`head_to_align`]); then `N` registers at a
/// time as one `Wide` (each operation issued on all of them before the
/// next, so their dependency chains overlap), then single registers, then
/// one masked register for the tail. Every element goes through the same math, so
/// y[i] depends on x[i] alone, whichever register or lane it lands in.
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
    let head = head_to_align::<V>(x, y, n);
    if head > 0 {
        let pv = O::params::<V>(p);
        O::apply(V::load_partial(x, head, 0.0), pv).store_partial(y, head);
        i = head;
    }
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

/// How many elements to run as one masked register before the main loop so
/// that its loads and stores are aligned to the register size: when `x`
/// and `y` are off alignment by the same number of f32s (slices at the
/// same offset into aligned tensors, or in place), the elements up to the
/// first aligned one; else 0 (aligned already, a one-lane ISA, different
/// offsets, or a head that would be all of `n`: the tail register does
/// that).
///
/// Measured on Zen 4, AVX-512, relu at 16K elements (L2-resident): both
/// buffers 32 bytes off alignment ran at 19-20 elements/ns, with the head
/// at 23-24, the speed of aligned buffers: every register access crossed a
/// cache line. With different offsets, aligning one side only measured
/// mixed (up to 20% faster, or 20% slower where y's offset within the 4 KiB
/// page is just below x's: false store-to-load aliasing), so it is left as
/// it comes.
#[inline(always)]
fn head_to_align<V: Simd>(x: *const f32, y: *mut f32, n: usize) -> usize {
    const F: usize = core::mem::size_of::<f32>();
    if V::LANES == 1 {
        return 0;
    }
    let bytes = V::LANES * F;
    let mis = y as usize % bytes;
    if mis == 0 || !mis.is_multiple_of(F) || x as usize % bytes != mis {
        return 0;
    }
    let head = (bytes - mis) / F;
    if head < n {
        head
    } else {
        0
    }
}
