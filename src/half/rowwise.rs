//! The row-wise functions on half buffers: whole rows (or `[axis, inner]`
//! slabs) are widened into the scratch buffer as many at a time as fit,
//! the ISA's f32 row kernel runs on them in place, and the results are
//! narrowed. A row longer than the stack buffer ([`super::CHUNK`] floats)
//! is widened into a heap buffer of one row instead, because softmax needs
//! the whole row before it writes anything: those calls allocate (and
//! return ACTFN_ERR_SIZE, with nothing written, if that fails).

use super::{Codec, Scratch, CHUNK};
use crate::capi::types::*;

/// Runs `units` independent units of `in_unit` inputs and `out_unit <=
/// in_unit` outputs: widens as many as fit, calls `run(buf, first, count)`
/// (which leaves `count * out_unit` results at the start of `buf`), and
/// narrows them into `y`. In place (`y == x`) works: the outputs of a batch
/// land at or before its inputs, which are already read.
///
/// # Safety
/// `x` valid for `units * in_unit` values, `y` for `units * out_unit`;
/// `in_unit > 0`.
pub(crate) unsafe fn batched(
    c: Codec,
    x: *const u16,
    y: *mut u16,
    units: usize,
    in_unit: usize,
    out_unit: usize,
    run: &mut dyn FnMut(*mut f32, usize, usize),
) -> Result<(), actfn_status> {
    let mut stack = Scratch::new();
    let mut heap: Vec<f32> = Vec::new();
    let (buf, per) = if in_unit <= CHUNK {
        (stack.ptr(), CHUNK / in_unit)
    } else {
        heap.try_reserve_exact(in_unit)
            .map_err(|_| ACTFN_ERR_SIZE)?;
        (heap.as_mut_ptr(), 1)
    };
    let mut u = 0;
    while u < units {
        let cnt = per.min(units - u);
        (c.widen)(x.add(u * in_unit), buf, cnt * in_unit);
        run(buf, u, cnt);
        (c.narrow)(buf, y.add(u * out_unit), cnt * out_unit);
        u += cnt;
    }
    Ok(())
}
