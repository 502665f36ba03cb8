//! The C ABI: validation first, then one call through the dispatch table.
//! Nothing here may panic across the boundary: every entry point validates
//! its arguments before touching memory and runs the kernel inside
//! [`guard`].
//!
//! The entry points are `unsafe extern "C"`: their contract is the C one in
//! each doc comment (pointers valid for the sizes given), which cbindgen
//! copies into the header, so clippy's `# Safety` sections would only repeat
//! it there.
#![allow(clippy::missing_safety_doc)]

pub(crate) mod elementwise;
pub mod fused;
pub mod half;
pub mod isa;
pub mod names;
pub mod onnx_rowwise;
pub mod params;
pub mod rowwise;
pub mod rowwise_fast;
pub mod types;

/// By name, for Rust callers too (the generated per-function entry points
/// are C-only).
pub use elementwise::actfn_apply_f32;

use crate::catalogue::OPS;
use types::*;

/// The op's index in the catalogue, if `op` names one.
pub(crate) fn op_index(op: actfn_op) -> Option<usize> {
    let i = (op & !ACTFN_FAST) as usize;
    (i < OPS.len()).then_some(i)
}

/// Whether `op` chooses the fast tier (`ACTFN_FAST`).
pub(crate) fn is_fast(op: actfn_op) -> bool {
    op & ACTFN_FAST != 0
}

/// Checks a buffer of `count` floats: NULL only when empty, and a byte size
/// that fits in the address space from `p` on.
pub(crate) fn check_buffer<T>(p: *const T, count: usize) -> Result<(), actfn_status> {
    if count == 0 {
        return Ok(());
    }
    if p.is_null() {
        return Err(ACTFN_ERR_NULL);
    }
    let bytes = count
        .checked_mul(core::mem::size_of::<T>())
        .ok_or(ACTFN_ERR_SIZE)?;
    if bytes > isize::MAX as usize || (p as usize).checked_add(bytes).is_none() {
        return Err(ACTFN_ERR_SIZE);
    }
    Ok(())
}

/// `x[0..nx]` and `y[0..ny]` either do not overlap, or (when `in_place_ok`)
/// are the very same buffer.
pub(crate) fn check_overlap(
    x: *const f32,
    nx: usize,
    y: *const f32,
    ny: usize,
    in_place_ok: bool,
) -> Result<(), actfn_status> {
    if nx == 0 || ny == 0 {
        return Ok(());
    }
    let (xs, ys) = (x as usize, y as usize);
    let (xe, ye) = (xs + nx * 4, ys + ny * 4);
    let disjoint = xe <= ys || ye <= xs;
    if disjoint || (in_place_ok && xs == ys && nx == ny) {
        Ok(())
    } else {
        Err(ACTFN_ERR_OVERLAP)
    }
}

/// `a * b` as a count of elements, or ACTFN_ERR_SIZE.
pub(crate) fn product(dims: &[usize]) -> Result<usize, actfn_status> {
    dims.iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or(ACTFN_ERR_SIZE)
}

/// Runs `f` and turns a panic (a bug) into ACTFN_ERR_INTERNAL instead of
/// unwinding into C.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), actfn_status>) -> actfn_status {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(())) => ACTFN_OK,
        Ok(Err(s)) => s,
        Err(_) => ACTFN_ERR_INTERNAL,
    }
}

include!(concat!(env!("OUT_DIR"), "/capi_ops.rs"));
