//! Bias + activation: `y = act(x + bias[c])`, or with a per-channel scale
//! `y = act(fma(x, scale[c], bias[c]))` (a folded batch norm), over
//! `[outer, channels, inner]` (channels last: `inner == 1`).
//!
//! Tile by tile: [`affine`] (per ISA) writes the pre-activation into `y`,
//! then the op's element-wise kernel of the same table runs on it in place
//! while it is in L1. The result is the op's kernel applied to
//! `fl(x + bias)` (or `fma(x, scale, bias)`, rounded once on every ISA), so
//! it is bit for bit the unfused pair of calls.

use super::{nan_of, TILE};
use crate::capi::types::actfn_params;
use crate::kernels::Table;
use crate::simd::Simd;

/// The per-channel operands and the shape.
pub(crate) struct AffineSpec {
    /// `channels` biases.
    pub bias: *const f32,
    /// `channels` scales, or NULL for none.
    pub scale: *const f32,
    pub channels: usize,
    pub inner: usize,
}

/// One register of pre-activation: `x + b` or `fma(x, s, b)`, its NaN the
/// first NaN of x, b (then s) quieted, else the default NaN.
#[inline(always)]
fn pre<V: Simd, const SCALE: bool>(x: V, b: V, s: V) -> V {
    if SCALE {
        nan_of([x, b, s], x.mul_add(s, b))
    } else {
        nan_of([x, b], x + b)
    }
}

/// `y[i] = pre(x[i], b[i], s[i])` for `i < n` (per-element operands).
#[inline(always)]
unsafe fn seg_vec<V: Simd, const SCALE: bool>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    b: *const f32,
    s: *const f32,
) {
    let mut i = 0;
    while i + V::LANES <= n {
        let sv = if SCALE {
            V::load(s.add(i))
        } else {
            V::splat(1.0)
        };
        pre::<V, SCALE>(V::load(x.add(i)), V::load(b.add(i)), sv).store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        let k = n - i;
        let sv = if SCALE {
            V::load_partial(s.add(i), k, 1.0)
        } else {
            V::splat(1.0)
        };
        let bv = V::load_partial(b.add(i), k, 0.0);
        pre::<V, SCALE>(V::load_partial(x.add(i), k, 0.0), bv, sv).store_partial(y.add(i), k);
    }
}

/// `y[i] = pre(x[i], b, s)` for `i < n` (one channel's operands).
#[inline(always)]
unsafe fn seg_splat<V: Simd, const SCALE: bool>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    b: f32,
    s: f32,
) {
    let (bv, sv) = (V::splat(b), V::splat(s));
    let mut i = 0;
    while i + V::LANES <= n {
        pre::<V, SCALE>(V::load(x.add(i)), bv, sv).store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        let k = n - i;
        pre::<V, SCALE>(V::load_partial(x.add(i), k, 0.0), bv, sv).store_partial(y.add(i), k);
    }
}

#[inline(always)]
unsafe fn affine_impl<V: Simd, const SCALE: bool>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    start: usize,
    spec: &AffineSpec,
) {
    let (ch, inner) = (spec.channels, spec.inner);
    let mut done = 0;
    if inner == 1 {
        let mut c = start % ch;
        while done < n {
            let len = (ch - c).min(n - done);
            let s = if SCALE { spec.scale.add(c) } else { spec.scale };
            seg_vec::<V, SCALE>(x.add(done), y.add(done), len, spec.bias.add(c), s);
            done += len;
            c = 0;
        }
    } else {
        let mut c = (start / inner) % ch;
        let mut pos = start % inner;
        while done < n {
            let len = (inner - pos).min(n - done);
            let s = if SCALE { *spec.scale.add(c) } else { 1.0 };
            seg_splat::<V, SCALE>(x.add(done), y.add(done), len, *spec.bias.add(c), s);
            done += len;
            pos = 0;
            c = if c + 1 == ch { 0 } else { c + 1 };
        }
    }
}

/// The pre-activation of elements `[start, start + n)` of the
/// `[outer, channels, inner]` tensor: `x` and `y` point at element `start`.
#[inline(always)]
pub(crate) unsafe fn affine<V: Simd>(
    x: *const f32,
    y: *mut f32,
    n: usize,
    start: usize,
    spec: &AffineSpec,
) {
    if spec.scale.is_null() {
        affine_impl::<V, false>(x, y, n, start, spec)
    } else {
        affine_impl::<V, true>(x, y, n, start, spec)
    }
}

/// Bias (+ scale) + op `op` (a catalogue index) over `[outer, channels,
/// inner]` with the kernels of `t`; arguments already validated
/// (`channels > 0` and `inner > 0` when there are elements).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn run(
    t: &Table,
    op: usize,
    p: &actfn_params,
    x: *const f32,
    spec: &AffineSpec,
    y: *mut f32,
    total: usize,
) {
    let mut start = 0;
    while start < total {
        let len = TILE.min(total - start);
        (t.fused_affine)(x.add(start), y.add(start), len, start, spec);
        (t.op_kernel(op))(y.add(start), y.add(start), len, p);
        start += len;
    }
}

pub mod testing {
    use super::*;
    use crate::capi::types::actfn_isa;

    /// Bias (+ scale) + op on one ISA, `dims = [outer, channels, inner]`.
    /// `y` may be `x` itself through [`bias_act_in_place`].
    #[allow(clippy::too_many_arguments)]
    pub fn bias_act(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        x: &[f32],
        bias: &[f32],
        scale: Option<&[f32]>,
        y: &mut [f32],
        dims: [usize; 3],
    ) {
        let total = dims.iter().product::<usize>();
        assert!(x.len() >= total && y.len() >= total);
        assert!(bias.len() >= dims[1] && scale.is_none_or(|s| s.len() >= dims[1]));
        let t = crate::dispatch::table_for(isa).expect("an ISA this CPU has");
        let spec = AffineSpec {
            bias: bias.as_ptr(),
            scale: scale.map_or(core::ptr::null(), |s| s.as_ptr()),
            channels: dims[1],
            inner: dims[2],
        };
        unsafe { run(t, op, p, x.as_ptr(), &spec, y.as_mut_ptr(), total) }
    }

    /// [`bias_act`] with `y == x`.
    pub fn bias_act_in_place(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        xy: &mut [f32],
        bias: &[f32],
        scale: Option<&[f32]>,
        dims: [usize; 3],
    ) {
        let total = dims.iter().product::<usize>();
        assert!(xy.len() >= total && bias.len() >= dims[1]);
        assert!(scale.is_none_or(|s| s.len() >= dims[1]));
        let t = crate::dispatch::table_for(isa).expect("an ISA this CPU has");
        let spec = AffineSpec {
            bias: bias.as_ptr(),
            scale: scale.map_or(core::ptr::null(), |s| s.as_ptr()),
            channels: dims[1],
            inner: dims[2],
        };
        let p0 = xy.as_mut_ptr();
        unsafe { run(t, op, p, p0, &spec, p0, total) }
    }
}
