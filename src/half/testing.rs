//! The half-type functions on one given ISA, for the tests and benchmarks
//! (the C entry points run on the active ISA). Each validates its
//! arguments as the C function does and returns its status. Not part of
//! the C API.

use super::Half;
use crate::capi::half as c;
use crate::capi::types::*;

/// Element-wise op `op` on `x` into `y` (`x.len()` values).
pub fn elementwise(
    isa: actfn_isa,
    t: Half,
    op: usize,
    x: &[u16],
    y: &mut [u16],
    p: &actfn_params,
) -> actfn_status {
    assert_eq!(x.len(), y.len());
    unsafe {
        c::call_half(
            t,
            Some(isa),
            op as actfn_op,
            x.as_ptr(),
            y.as_mut_ptr(),
            x.len(),
            p,
        )
    }
}

/// As [`elementwise`], in place.
pub fn elementwise_in_place(
    isa: actfn_isa,
    t: Half,
    op: usize,
    xy: &mut [u16],
    p: &actfn_params,
) -> actfn_status {
    unsafe {
        c::call_half(
            t,
            Some(isa),
            op as actfn_op,
            xy.as_ptr(),
            xy.as_mut_ptr(),
            xy.len(),
            p,
        )
    }
}

/// `actfn_f32_to_bf16` / `actfn_f32_to_f16` on `isa`.
pub fn narrow(isa: actfn_isa, t: Half, x: &[f32], y: &mut [u16]) -> actfn_status {
    assert_eq!(x.len(), y.len());
    unsafe { c::narrow_buffer(t, Some(isa), x.as_ptr(), y.as_mut_ptr(), x.len()) }
}

/// `actfn_bf16_to_f32` / `actfn_f16_to_f32` on `isa`.
pub fn widen(isa: actfn_isa, t: Half, x: &[u16], y: &mut [f32]) -> actfn_status {
    assert_eq!(x.len(), y.len());
    unsafe { c::widen_buffer(t, Some(isa), x.as_ptr(), y.as_mut_ptr(), x.len()) }
}

/// softmax or log_softmax over the last axis of `rows x cols`.
pub fn softmax_rows(
    isa: actfn_isa,
    t: Half,
    x: &[u16],
    y: &mut [u16],
    [rows, cols]: [usize; 2],
    log: bool,
) -> actfn_status {
    assert!(x.len() >= rows * cols && y.len() >= rows * cols);
    let pick: fn(&crate::kernels::Table) -> c::RowsKernel = if log {
        |t| t.log_softmax_rows
    } else {
        |t| t.softmax_rows
    };
    unsafe { c::rows_half(t, Some(isa), x.as_ptr(), y.as_mut_ptr(), rows, cols, pick) }
}

/// softmax or log_softmax over the middle axis of `[outer, axis, inner]`.
pub fn softmax_axis(
    isa: actfn_isa,
    t: Half,
    x: &[u16],
    y: &mut [u16],
    dims: [usize; 3],
    log: bool,
) -> actfn_status {
    assert!(x.len() >= dims.iter().product() && y.len() >= dims.iter().product());
    let pick: fn(&crate::kernels::Table) -> c::AxisKernel = if log {
        |t| t.log_softmax_axis
    } else {
        |t| t.softmax_axis
    };
    unsafe { c::axis_half(t, Some(isa), x.as_ptr(), y.as_mut_ptr(), dims, pick) }
}

/// The masked softmax, `mask_rows` (1 or rows) mask rows of `cols` bytes.
pub fn softmax_masked(
    isa: actfn_isa,
    t: Half,
    x: &[u16],
    mask: &[u8],
    y: &mut [u16],
    [rows, cols, mask_rows]: [usize; 3],
) -> actfn_status {
    assert!(x.len() >= rows * cols && y.len() >= rows * cols);
    assert!(mask.len() >= mask_rows * cols);
    unsafe {
        c::masked_half(
            t,
            Some(isa),
            x.as_ptr(),
            mask.as_ptr(),
            y.as_mut_ptr(),
            [rows, cols, mask_rows],
        )
    }
}

/// glu of `[outer, axis, inner]` into `[outer, axis / 2, inner]`.
pub fn glu(isa: actfn_isa, t: Half, x: &[u16], y: &mut [u16], dims: [usize; 3]) -> actfn_status {
    let n: usize = dims.iter().product();
    assert!(x.len() >= n && y.len() >= n / 2);
    unsafe { c::glu_half(t, Some(isa), x.as_ptr(), y.as_mut_ptr(), dims) }
}

/// prelu over `rows x alpha.len()`.
pub fn prelu(isa: actfn_isa, t: Half, x: &[u16], y: &mut [u16], alpha: &[f32]) -> actfn_status {
    let ch = alpha.len();
    assert!(ch > 0 && x.len().is_multiple_of(ch) && y.len() == x.len());
    unsafe {
        c::prelu_half(
            t,
            Some(isa),
            x.as_ptr(),
            y.as_mut_ptr(),
            x.len() / ch,
            ch,
            alpha.as_ptr(),
        )
    }
}
