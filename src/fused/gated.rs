//! Gated units: `y = act(gate) * up` for any element-wise op as the gate
//! (GLU: sigmoid, SwiGLU: silu, GeGLU: gelu or gelu_tanh, ReGLU: relu, ...),
//! on two buffers or on the two halves of one axis of `[outer, axis, inner]`.
//!
//! Tile by tile: the op's element-wise kernel of the dispatch table writes
//! `act(gate)` into a stack tile, then [`gate_mul`] (per ISA) multiplies it
//! by `up` into `y`, rounded once: bit for bit the unfused calls.

use super::{nan_of, TILE};
use crate::capi::types::actfn_params;
use crate::kernels::Table;
use crate::simd::Simd;

/// `y[i] = a[i] * u[i]` for `i < n`, a NaN product being `a`'s NaN, else
/// `u`'s quieted, else the default NaN.
#[inline(always)]
pub(crate) unsafe fn gate_mul<V: Simd>(a: *const f32, u: *const f32, y: *mut f32, n: usize) {
    let mut i = 0;
    while i + 4 * V::LANES <= n {
        for k in 0..4 {
            let j = i + k * V::LANES;
            let (av, uv) = (V::load(a.add(j)), V::load(u.add(j)));
            nan_of([av, uv], av * uv).store(y.add(j));
        }
        i += 4 * V::LANES;
    }
    while i + V::LANES <= n {
        let (av, uv) = (V::load(a.add(i)), V::load(u.add(i)));
        nan_of([av, uv], av * uv).store(y.add(i));
        i += V::LANES;
    }
    if i < n {
        let k = n - i;
        let (av, uv) = (
            V::load_partial(a.add(i), k, 0.0),
            V::load_partial(u.add(i), k, 0.0),
        );
        nan_of([av, uv], av * uv).store_partial(y.add(i), k);
    }
}

/// `y = act(gate) * up` over `n` values with the kernels of `t`; op `op` a
/// catalogue index, arguments validated. `y` may be `gate` or `up`.
pub(crate) unsafe fn run(
    t: &Table,
    op: usize,
    p: &actfn_params,
    gate: *const f32,
    up: *const f32,
    y: *mut f32,
    n: usize,
) {
    let mut tile = [0.0f32; TILE];
    let mut i = 0;
    while i < n {
        let len = TILE.min(n - i);
        (t.op_kernel(op))(gate.add(i), tile.as_mut_ptr(), len, p);
        (t.fused_gate_mul)(tile.as_ptr(), up.add(i), y.add(i), len);
        i += len;
    }
}

/// The halves of the middle axis of `[outer, axis, inner]` (axis even):
/// `gate_second` picks the second half as the gate (Keras's and PyTorch's
/// glu), else the first. `y` is `[outer, axis / 2, inner]`, and may be `x`
/// (each output block lies in input that has been read).
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn run_axis(
    t: &Table,
    op: usize,
    p: &actfn_params,
    x: *const f32,
    y: *mut f32,
    [outer, axis, inner]: [usize; 3],
    gate_second: bool,
) {
    let block = axis / 2 * inner;
    for o in 0..outer {
        let a = x.add(o * 2 * block);
        let b = a.add(block);
        let (g, u) = if gate_second { (b, a) } else { (a, b) };
        run(t, op, p, g, u, y.add(o * block), block);
    }
}

pub mod testing {
    use super::*;
    use crate::capi::types::actfn_isa;

    fn table(isa: actfn_isa) -> &'static Table {
        crate::dispatch::table_for(isa).expect("an ISA this CPU has")
    }

    /// `y = act(gate) * up` on one ISA.
    pub fn gated(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        gate: &[f32],
        up: &[f32],
        y: &mut [f32],
    ) {
        assert!(gate.len() == y.len() && up.len() == y.len());
        unsafe {
            run(
                table(isa),
                op,
                p,
                gate.as_ptr(),
                up.as_ptr(),
                y.as_mut_ptr(),
                y.len(),
            )
        }
    }

    /// [`gated`] in place: the result replaces `gate` (`into_gate`) or `up`.
    pub fn gated_in_place(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        gate: &mut [f32],
        up: &mut [f32],
        into_gate: bool,
    ) {
        assert_eq!(gate.len(), up.len());
        let y = if into_gate {
            gate.as_mut_ptr()
        } else {
            up.as_mut_ptr()
        };
        unsafe { run(table(isa), op, p, gate.as_ptr(), up.as_ptr(), y, gate.len()) }
    }

    /// The axis form on one ISA; `y` of `outer * axis / 2 * inner`.
    pub fn gated_axis(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        x: &[f32],
        y: &mut [f32],
        dims: [usize; 3],
        gate_second: bool,
    ) {
        let n = dims.iter().product::<usize>();
        assert!(dims[1].is_multiple_of(2) && x.len() >= n && y.len() >= n / 2);
        unsafe {
            run_axis(
                table(isa),
                op,
                p,
                x.as_ptr(),
                y.as_mut_ptr(),
                dims,
                gate_second,
            )
        }
    }

    /// The axis form in place: the result is the first `n / 2` values.
    pub fn gated_axis_in_place(
        isa: actfn_isa,
        op: usize,
        p: &actfn_params,
        xy: &mut [f32],
        dims: [usize; 3],
        gate_second: bool,
    ) {
        let n = dims.iter().product::<usize>();
        assert!(dims[1].is_multiple_of(2) && xy.len() >= n);
        let ptr = xy.as_mut_ptr();
        unsafe { run_axis(table(isa), op, p, ptr, ptr, dims, gate_second) }
    }
}
