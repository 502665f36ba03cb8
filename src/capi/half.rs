//! The bfloat16 and float16 entry points: `actfn_apply_bf16` and
//! `actfn_apply_f16` by op, the row-wise functions, and the buffer
//! conversions. The per-function `actfn_<name>_bf16` and `actfn_<name>_f16`
//! are generated from the catalogue (`codegen/half.rs`) and included at
//! the end. How they compute: `src/half/mod.rs`.

#![allow(non_camel_case_types)]

use super::types::*;
use super::{check_buffer, guard, is_fast, op_index, params, product};
use crate::dispatch;
use crate::half::fused::fused_for;
use crate::half::rowwise::batched;
use crate::half::{codecs_for, map_half, Codec, Half, Scratch, CHUNK};
use crate::kernels::Table;

/// A bfloat16 value, as its bits: the top 16 bits of an IEEE float (sign,
/// 8 exponent bits, 7 fraction bits). The same range as float, 3 decimal
/// digits or fewer.
pub type actfn_bf16 = u16;

/// An IEEE 754 binary16 value (`_Float16`, `__fp16`), as its bits: sign, 5
/// exponent bits, 10 fraction bits; the largest finite value is 65504, the
/// smallest subnormal 2^-24.
pub type actfn_f16 = u16;

/// `a[0..abytes)` and `b[0..bbytes)` do not overlap, or (`same_ok`) are
/// the same buffer with the same size.
fn check_bytes(
    a: *const u8,
    abytes: usize,
    b: *const u8,
    bbytes: usize,
    same_ok: bool,
) -> Result<(), actfn_status> {
    if abytes == 0 || bbytes == 0 {
        return Ok(());
    }
    let (a, b) = (a as usize, b as usize);
    if a + abytes <= b || b + bbytes <= a || (same_ok && a == b && abytes == bbytes) {
        Ok(())
    } else {
        Err(ACTFN_ERR_OVERLAP)
    }
}

/// `x` and `y` of `n` half values each, `y == x` allowed.
fn check_xy(x: *const u16, y: *const u16, n: usize) -> Result<(), actfn_status> {
    check_buffer(x, n)?;
    check_buffer(y, n)?;
    check_bytes(x as _, n * 2, y as _, n * 2, true)
}

/// The f32 kernels of `isa` (None: the active ISA) and the conversions
/// that go with them.
fn resolve(t: Half, isa: Option<actfn_isa>) -> Result<(&'static Table, Codec), actfn_status> {
    let set = match isa {
        None => dispatch::active_set()?,
        Some(i) => dispatch::set_of(i)?,
    };
    Ok((set.table, codecs_for(set).of(t)))
}

/// Validates and runs element-wise op `op` on half buffers.
pub(crate) unsafe fn call_half(
    t: Half,
    isa: Option<actfn_isa>,
    op: actfn_op,
    x: *const u16,
    y: *mut u16,
    n: usize,
    p: &actfn_params,
) -> actfn_status {
    guard(|| {
        let i = op_index(op).ok_or(ACTFN_ERR_UNKNOWN_OP)?;
        if !params::valid(i, p) {
            return Err(ACTFN_ERR_PARAM);
        }
        check_xy(x, y, n)?;
        let set = match isa {
            None => dispatch::active_set()?,
            Some(v) => dispatch::set_of(v)?,
        };
        if n > 0 {
            let kernel = set.table.kernel(i, is_fast(op));
            match fused_for(set, t, i).filter(|_| !is_fast(op)) {
                Some(k) => k(x, y, n, p),
                None => map_half(codecs_for(set).of(t), kernel, x, y, n, p),
            }
        }
        Ok(())
    })
}

unsafe fn apply(
    t: Half,
    op: actfn_op,
    params: *const actfn_params,
    x: *const u16,
    y: *mut u16,
    n: usize,
) -> actfn_status {
    let Some(i) = op_index(op) else {
        return ACTFN_ERR_UNKNOWN_OP;
    };
    let p = if params.is_null() {
        params::defaults(i)
    } else {
        params.read()
    };
    call_half(t, None, op, x, y, n, &p)
}

/// `actfn_apply_f32` on bfloat16 buffers: `y[i] = f(x[i])` for `i < n`,
/// parameters in float as there. Each element is widened exactly to float,
/// computed by the float kernel and rounded once to bfloat16 (nearest
/// even), so the result is the `actfn_<name>_f32` result rounded: within
/// half a bfloat16 ULP plus that function's float bound of the exact value.
/// The same bits on every ISA; `y == x` (in place) is allowed.
///
/// Returns ACTFN_OK, or ACTFN_ERR_UNKNOWN_OP, ACTFN_ERR_PARAM,
/// ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_apply_bf16(
    op: actfn_op,
    params: *const actfn_params,
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    n: usize,
) -> actfn_status {
    apply(Half::Bf16, op, params, x, y, n)
}

/// `actfn_apply_f32` on float16 buffers; as `actfn_apply_bf16`, rounding
/// to float16 (overflow to +-INFINITY from 65520 on, subnormals kept).
#[no_mangle]
pub unsafe extern "C" fn actfn_apply_f16(
    op: actfn_op,
    params: *const actfn_params,
    x: *const actfn_f16,
    y: *mut actfn_f16,
    n: usize,
) -> actfn_status {
    apply(Half::F16, op, params, x, y, n)
}

// ---------------------------------------------------------------- conversions

pub(crate) unsafe fn narrow_buffer(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const f32,
    y: *mut u16,
    n: usize,
) -> actfn_status {
    guard(|| {
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_bytes(x as _, n * 4, y as _, n * 2, false)?;
        let (_, codec) = resolve(t, isa)?;
        if n > 0 {
            (codec.narrow)(x, y, n);
        }
        Ok(())
    })
}

pub(crate) unsafe fn widen_buffer(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    guard(|| {
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_bytes(x as _, n * 2, y as _, n * 4, false)?;
        let (_, codec) = resolve(t, isa)?;
        if n > 0 {
            (codec.widen)(x, y, n);
        }
        Ok(())
    })
}

/// Rounds `n` floats to bfloat16, to nearest even: values past the
/// rounding of FLT_MAX become +-INFINITY, subnormals are kept, a NaN stays
/// NaN (quieted, sign kept). The same bits on every ISA.
///
/// `x` and `y` must not overlap. Returns ACTFN_OK, or ACTFN_ERR_NULL,
/// ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_f32_to_bf16(
    x: *const f32,
    y: *mut actfn_bf16,
    n: usize,
) -> actfn_status {
    narrow_buffer(Half::Bf16, None, x, y, n)
}

/// Widens `n` bfloat16 values to float, exactly (a NaN keeps its bits).
/// `x` and `y` must not overlap. Returns as `actfn_f32_to_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_bf16_to_f32(
    x: *const actfn_bf16,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    widen_buffer(Half::Bf16, None, x, y, n)
}

/// Rounds `n` floats to float16, to nearest even: +-INFINITY from 65520
/// on, subnormals kept (down to 2^-24), a NaN stays NaN (quieted, sign and
/// the top payload bits kept). The same bits as F16C's `vcvtps2ph` and on
/// every ISA. `x` and `y` must not overlap. Returns as `actfn_f32_to_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_f32_to_f16(
    x: *const f32,
    y: *mut actfn_f16,
    n: usize,
) -> actfn_status {
    narrow_buffer(Half::F16, None, x, y, n)
}

/// Widens `n` float16 values to float, exactly; a NaN comes back quieted
/// (sign and payload kept). `x` and `y` must not overlap. Returns as
/// `actfn_f32_to_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_f16_to_f32(
    x: *const actfn_f16,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    widen_buffer(Half::F16, None, x, y, n)
}

// ---------------------------------------------------------------- row-wise

pub(crate) type RowsKernel = unsafe fn(*const f32, *mut f32, usize, usize);
pub(crate) type AxisKernel = unsafe fn(*const f32, *mut f32, usize, usize, usize);

/// `[groups, len]`: the element count, or a status for an empty axis with
/// groups to fill, or an overflow.
fn groups_of(groups: usize, len: usize) -> Result<usize, actfn_status> {
    let n = product(&[groups, len])?;
    if len == 0 && groups > 0 {
        return Err(ACTFN_ERR_SHAPE);
    }
    Ok(n)
}

pub(crate) unsafe fn rows_half(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    y: *mut u16,
    rows: usize,
    cols: usize,
    pick: fn(&Table) -> RowsKernel,
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, cols)?;
        check_xy(x, y, n)?;
        let (table, codec) = resolve(t, isa)?;
        if n > 0 {
            let k = pick(table);
            batched(codec, x, y, rows, cols, cols, &mut |b, _, cnt| {
                k(b, b, cnt, cols)
            })?;
        }
        Ok(())
    })
}

pub(crate) unsafe fn axis_half(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    y: *mut u16,
    [outer, axis, inner]: [usize; 3],
    pick: fn(&Table) -> AxisKernel,
) -> actfn_status {
    guard(|| {
        let groups = product(&[outer, inner])?;
        let n = groups_of(groups, axis)?;
        check_xy(x, y, n)?;
        let (table, codec) = resolve(t, isa)?;
        if n > 0 {
            let k = pick(table);
            let slab = axis * inner;
            batched(codec, x, y, outer, slab, slab, &mut |b, _, cnt| {
                k(b, b, cnt, axis, inner)
            })?;
        }
        Ok(())
    })
}

pub(crate) unsafe fn masked_half(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    mask: *const u8,
    y: *mut u16,
    [rows, cols, mask_rows]: [usize; 3],
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, cols)?;
        if n > 0 && mask_rows != 1 && mask_rows != rows {
            return Err(ACTFN_ERR_SHAPE);
        }
        check_xy(x, y, n)?;
        let mask_len = product(&[mask_rows.min(rows), cols])?;
        check_buffer(mask, mask_len)?;
        check_bytes(mask, mask_len, y as _, n * 2, false)?;
        let (table, codec) = resolve(t, isa)?;
        if n > 0 {
            let stride = if mask_rows == 1 { 0 } else { cols };
            let k = table.softmax_masked;
            batched(codec, x, y, rows, cols, cols, &mut |b, first, cnt| {
                k(b, mask.add(first * stride), b, cnt, cols, stride)
            })?;
        }
        Ok(())
    })
}

pub(crate) unsafe fn glu_half(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    y: *mut u16,
    [outer, axis, inner]: [usize; 3],
) -> actfn_status {
    guard(|| {
        if !axis.is_multiple_of(2) {
            return Err(ACTFN_ERR_SHAPE);
        }
        let n = product(&[outer, axis, inner])?;
        let half = n / 2;
        check_buffer(x, n)?;
        check_buffer(y, half)?;
        if !core::ptr::eq(x, y) {
            check_bytes(x as _, n * 2, y as _, half * 2, false)?;
        }
        let (table, codec) = resolve(t, isa)?;
        if half > 0 {
            let k = table.glu;
            batched(
                codec,
                x,
                y,
                outer,
                axis * inner,
                axis / 2 * inner,
                &mut |b, _, cnt| k(b, b, cnt, axis, inner),
            )?;
        }
        Ok(())
    })
}

pub(crate) unsafe fn prelu_half(
    t: Half,
    isa: Option<actfn_isa>,
    x: *const u16,
    y: *mut u16,
    rows: usize,
    channels: usize,
    alpha: *const f32,
) -> actfn_status {
    guard(|| {
        let n = groups_of(rows, channels)?;
        check_xy(x, y, n)?;
        if n > 0 {
            check_buffer(alpha, channels)?;
            check_bytes(alpha as _, channels * 4, y as _, n * 2, false)?;
        }
        let (table, codec) = resolve(t, isa)?;
        if n == 0 {
            return Ok(());
        }
        let k = table.prelu;
        if channels <= CHUNK {
            return batched(codec, x, y, rows, channels, channels, &mut |b, _, cnt| {
                k(b, b, cnt, channels, alpha)
            });
        }
        // Long rows: pieces of a row, each with its slice of alpha.
        let mut s = Scratch::new();
        let b = s.ptr();
        for r in 0..rows {
            let mut c = 0;
            while c < channels {
                let m = CHUNK.min(channels - c);
                let at = r * channels + c;
                (codec.widen)(x.add(at), b, m);
                k(b, b, 1, m, alpha.add(c));
                (codec.narrow)(b, y.add(at), m);
                c += m;
            }
        }
        Ok(())
    })
}

/// `actfn_softmax_f32` on bfloat16 buffers (`rows x cols`, last axis): the
/// rows are widened exactly to float, computed by the float kernel (sums in
/// float, in the same fixed order on every ISA) and rounded once to
/// bfloat16. Special values, in place and statuses as `actfn_softmax_f32`.
/// Rows longer than 2048 elements are widened into a heap buffer of one
/// row (ACTFN_ERR_SIZE, nothing written, if it cannot be allocated).
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_half(Half::Bf16, None, x, y, rows, cols, |t| t.softmax_rows)
}

/// `actfn_softmax_f32` on float16 buffers; as `actfn_softmax_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_half(Half::F16, None, x, y, rows, cols, |t| t.softmax_rows)
}

/// `actfn_log_softmax_f32` on bfloat16 buffers; as `actfn_softmax_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_half(Half::Bf16, None, x, y, rows, cols, |t| t.log_softmax_rows)
}

/// `actfn_log_softmax_f32` on float16 buffers; as `actfn_softmax_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    rows: usize,
    cols: usize,
) -> actfn_status {
    rows_half(Half::F16, None, x, y, rows, cols, |t| t.log_softmax_rows)
}

/// `actfn_softmax_axis_f32` on bfloat16 buffers (`[outer, axis, inner]`):
/// as `actfn_softmax_bf16`, a heap buffer of one `axis * inner` slab when
/// it holds more than 2048 elements.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_axis_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_half(Half::Bf16, None, x, y, [outer, axis, inner], |t| {
        t.softmax_axis
    })
}

/// `actfn_softmax_axis_f32` on float16 buffers; as `actfn_softmax_axis_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_axis_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_half(Half::F16, None, x, y, [outer, axis, inner], |t| {
        t.softmax_axis
    })
}

/// `actfn_log_softmax_axis_f32` on bfloat16 buffers; as
/// `actfn_softmax_axis_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_axis_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_half(Half::Bf16, None, x, y, [outer, axis, inner], |t| {
        t.log_softmax_axis
    })
}

/// `actfn_log_softmax_axis_f32` on float16 buffers; as
/// `actfn_softmax_axis_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_log_softmax_axis_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    axis_half(Half::F16, None, x, y, [outer, axis, inner], |t| {
        t.log_softmax_axis
    })
}

/// `actfn_softmax_masked_f32` on bfloat16 buffers (the mask in bytes as
/// there); as `actfn_softmax_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_masked_bf16(
    x: *const actfn_bf16,
    mask: *const u8,
    y: *mut actfn_bf16,
    rows: usize,
    cols: usize,
    mask_rows: usize,
) -> actfn_status {
    masked_half(Half::Bf16, None, x, mask, y, [rows, cols, mask_rows])
}

/// `actfn_softmax_masked_f32` on float16 buffers; as
/// `actfn_softmax_masked_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_softmax_masked_f16(
    x: *const actfn_f16,
    mask: *const u8,
    y: *mut actfn_f16,
    rows: usize,
    cols: usize,
    mask_rows: usize,
) -> actfn_status {
    masked_half(Half::F16, None, x, mask, y, [rows, cols, mask_rows])
}

/// `actfn_glu_f32` on bfloat16 buffers: the float result rounded once to
/// bfloat16. In place and statuses as `actfn_glu_f32`; a heap buffer of
/// one `axis * inner` slab when it holds more than 2048 elements.
#[no_mangle]
pub unsafe extern "C" fn actfn_glu_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    glu_half(Half::Bf16, None, x, y, [outer, axis, inner])
}

/// `actfn_glu_f32` on float16 buffers; as `actfn_glu_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_glu_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    outer: usize,
    axis: usize,
    inner: usize,
) -> actfn_status {
    glu_half(Half::F16, None, x, y, [outer, axis, inner])
}

/// `actfn_prelu_f32` on bfloat16 buffers, the slopes `alpha` in float:
/// the float result rounded once to bfloat16. Never allocates. Statuses as
/// `actfn_prelu_f32`.
#[no_mangle]
pub unsafe extern "C" fn actfn_prelu_bf16(
    x: *const actfn_bf16,
    y: *mut actfn_bf16,
    rows: usize,
    channels: usize,
    alpha: *const f32,
) -> actfn_status {
    prelu_half(Half::Bf16, None, x, y, rows, channels, alpha)
}

/// `actfn_prelu_f32` on float16 buffers; as `actfn_prelu_bf16`.
#[no_mangle]
pub unsafe extern "C" fn actfn_prelu_f16(
    x: *const actfn_f16,
    y: *mut actfn_f16,
    rows: usize,
    channels: usize,
    alpha: *const f32,
) -> actfn_status {
    prelu_half(Half::F16, None, x, y, rows, channels, alpha)
}

include!(concat!(env!("OUT_DIR"), "/capi_half_ops.rs"));
