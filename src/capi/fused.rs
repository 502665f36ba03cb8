//! The fused operators' entry points: bias + activation, gated units and
//! attention softmax (`src/fused/`).

use super::types::*;
use super::{check_buffer, check_overlap, guard, op_index, params, product};
use crate::dispatch;
use crate::fused::attention::AttnSpec;
use crate::fused::bias::AffineSpec;

/// `actfn_gated_axis_f32`: the first half of the axis is the gate.
pub const ACTFN_GATE_FIRST: u32 = 0;
/// `actfn_gated_axis_f32`: the second half of the axis is the gate (the
/// layout of Keras's and PyTorch's glu and of `actfn_glu_f32`).
pub const ACTFN_GATE_SECOND: u32 = 1;
/// `actfn_attention_softmax_f32` flag: apply the causal rule.
pub const ACTFN_ATTENTION_CAUSAL: u32 = 1;

/// The catalogue index of `op` (with `ACTFN_FAST` kept, for
/// `Table::op_kernel`) and its parameters (`params` NULL: the defaults),
/// validated.
unsafe fn op_and_params(
    op: actfn_op,
    params: *const actfn_params,
) -> Result<(usize, actfn_params), actfn_status> {
    let i = op_index(op).ok_or(ACTFN_ERR_UNKNOWN_OP)?;
    let p = if params.is_null() {
        params::defaults(i)
    } else {
        params.read()
    };
    if !params::valid(i, &p) {
        return Err(ACTFN_ERR_PARAM);
    }
    Ok((i | (op & ACTFN_FAST) as usize, p))
}

/// Bias (and optionally scale) + activation over a `[outer, channels,
/// inner]` tensor: `y = act(x + bias[c])`, or with `scale` not NULL
/// `y = act(fmaf(x, scale[c], bias[c]))` (a folded batch norm), c the
/// channel index. Channels last (a Dense layer's `[rows, channels]`):
/// `inner == 1`; channels first (NCHW): `outer` = batch, `inner` = H * W.
///
/// `op` and `params` as in `actfn_apply_f32` (`params` NULL: the
/// defaults). The result is bit for bit `actfn_apply_f32(op, params, t, y,
/// n)` applied to `t = x + bias[c]` (or `fmaf(x, scale[c], bias[c])`,
/// rounded once), on every ISA; the pre-activation never leaves the cache
/// (one pass over memory instead of two). A NaN pre-activation is the
/// first NaN of x, bias, scale, quieted, else the default NaN.
///
/// `bias` and `scale` hold `channels` floats and must not overlap `y`;
/// `y == x` is allowed. Returns ACTFN_OK, or ACTFN_ERR_UNKNOWN_OP,
/// ACTFN_ERR_PARAM, ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, with
/// nothing written.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn actfn_bias_act_f32(
    op: actfn_op,
    params: *const actfn_params,
    x: *const f32,
    bias: *const f32,
    scale: *const f32,
    y: *mut f32,
    outer: usize,
    channels: usize,
    inner: usize,
) -> actfn_status {
    guard(|| {
        let (i, p) = op_and_params(op, params)?;
        let n = product(&[outer, channels, inner])?;
        if n == 0 {
            return Ok(());
        }
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_buffer(bias, channels)?;
        if !scale.is_null() {
            check_buffer(scale, channels)?;
            check_overlap(scale, channels, y, n, false)?;
        }
        check_overlap(x, n, y, n, true)?;
        check_overlap(bias, channels, y, n, false)?;
        let t = dispatch::table()?;
        let spec = AffineSpec {
            bias,
            scale,
            channels,
            inner,
        };
        crate::fused::bias::run(t, i, &p, x, &spec, y, n);
        Ok(())
    })
}

/// Gated unit on two buffers: `y[i] = act(gate[i]) * up[i]` for `i < n`,
/// with any element-wise op as the gate: GLU (ACTFN_OP_SIGMOID), SwiGLU
/// (ACTFN_OP_SILU), GeGLU (ACTFN_OP_GELU or ACTFN_OP_GELU_TANH), ReGLU
/// (ACTFN_OP_RELU), ...; `op` and `params` as in `actfn_apply_f32`.
///
/// The result is bit for bit `actfn_apply_f32(op, params, gate, a, n)`
/// followed by `a[i] * up[i]` (one rounding), on every ISA, in one pass. A
/// NaN result is act(gate)'s NaN, else up's quieted, else the default NaN.
///
/// `y == gate` and `y == up` are allowed; other overlaps with `y` are an
/// error. Returns ACTFN_OK, or ACTFN_ERR_UNKNOWN_OP, ACTFN_ERR_PARAM,
/// ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, with nothing written.
#[no_mangle]
pub unsafe extern "C" fn actfn_gated_f32(
    op: actfn_op,
    params: *const actfn_params,
    gate: *const f32,
    up: *const f32,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    guard(|| {
        let (i, p) = op_and_params(op, params)?;
        check_buffer(gate, n)?;
        check_buffer(up, n)?;
        check_buffer(y, n)?;
        check_overlap(gate, n, y, n, true)?;
        check_overlap(up, n, y, n, true)?;
        if n > 0 {
            let t = dispatch::table()?;
            crate::fused::gated::run(t, i, &p, gate, up, y, n);
        }
        Ok(())
    })
}

/// Gated unit on the two halves of the middle axis of a `[outer, axis,
/// inner]` tensor (`axis` even): with a = the first half and b = the second,
/// `y = act(b) * a` for `gate_half == ACTFN_GATE_SECOND` (the layout of
/// `actfn_glu_f32`, Keras and PyTorch) or `y = act(a) * b` for
/// ACTFN_GATE_FIRST; `y` is `[outer, axis / 2, inner]`. Values as
/// `actfn_gated_f32`, bit for bit.
///
/// `y == x` is allowed (the output is written behind the input); other
/// overlaps are an error. Returns ACTFN_OK, or ACTFN_ERR_UNKNOWN_OP,
/// ACTFN_ERR_PARAM (also an unknown `gate_half`), ACTFN_ERR_NULL,
/// ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE (odd `axis`), with
/// nothing written.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn actfn_gated_axis_f32(
    op: actfn_op,
    params: *const actfn_params,
    x: *const f32,
    y: *mut f32,
    outer: usize,
    axis: usize,
    inner: usize,
    gate_half: u32,
) -> actfn_status {
    guard(|| {
        let (i, p) = op_and_params(op, params)?;
        if gate_half != ACTFN_GATE_FIRST && gate_half != ACTFN_GATE_SECOND {
            return Err(ACTFN_ERR_PARAM);
        }
        if !axis.is_multiple_of(2) {
            return Err(ACTFN_ERR_SHAPE);
        }
        let n = product(&[outer, axis, inner])?;
        let half = n / 2;
        check_buffer(x, n)?;
        check_buffer(y, half)?;
        if !core::ptr::eq(x, y) {
            check_overlap(x, n, y, half, false)?;
        }
        if n > 0 {
            let t = dispatch::table()?;
            let gate_second = gate_half == ACTFN_GATE_SECOND;
            crate::fused::gated::run_axis(t, i, &p, x, y, [outer, axis, inner], gate_second);
        }
        Ok(())
    })
}

/// Validates and runs an attention softmax (see actfn_attention_softmax_f32).
#[allow(clippy::too_many_arguments)]
unsafe fn attention(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
    scale: f32,
    mask: *const f32,
    mask_rows: usize,
    flags: u32,
    causal_period: usize,
    causal_offset: i64,
    log: bool,
) -> actfn_status {
    guard(|| {
        if flags & !ACTFN_ATTENTION_CAUSAL != 0 {
            return Err(ACTFN_ERR_PARAM);
        }
        let n = product(&[rows, cols])?;
        if rows > 0 && cols == 0 {
            return Err(ACTFN_ERR_SHAPE);
        }
        if !mask.is_null() && mask_rows == 0 {
            return Err(ACTFN_ERR_SHAPE);
        }
        check_buffer(x, n)?;
        check_buffer(y, n)?;
        check_overlap(x, n, y, n, true)?;
        let mask_n = if n > 0 {
            product(&[mask_rows, cols])?
        } else {
            0
        };
        if mask.is_null() && mask_rows > 0 && n > 0 {
            return Err(ACTFN_ERR_NULL);
        }
        check_buffer(mask, mask_n)?;
        check_overlap(mask, mask_n, y, n, false)?;
        if n > 0 {
            let t = dispatch::table()?;
            let spec = AttnSpec {
                cols,
                scale,
                mask,
                mask_rows,
                causal: flags & ACTFN_ATTENTION_CAUSAL != 0,
                period: causal_period,
                offset: causal_offset,
                log,
            };
            (t.fused_attention)(x, y, rows, &spec);
        }
        Ok(())
    })
}

/// Attention softmax over the last axis of a row-major `rows x cols`
/// matrix of scores: `y[r] = softmax(z)` with `z[j] = fmaf(scale, x[r][j],
/// m[j])`, m = row `r % mask_rows` of the additive `mask` (`mask_rows x
/// cols` floats, e.g. one row per head or per query; NULL with
/// `mask_rows == 0` for none: `z = scale * x`).
///
/// With `flags & ACTFN_ATTENTION_CAUSAL`, position j is hidden from row r
/// (its z is -inf, whatever x and the mask hold) when
/// `j > (r % causal_period) + causal_offset` (`causal_period == 0`: r
/// itself): `causal_period` = the queries per head when rows stacks heads,
/// `causal_offset` = the number of cached positions before the first query.
///
/// Each row is bit for bit `actfn_softmax_f32` of its z (so within 2 ULP,
/// the same bits on every ISA), except a row with every z = -inf (fully
/// hidden, by the rule or by -inf mask values) and no NaN, which gives all
/// zeros instead of NaN. One pass over memory.
///
/// `y == x` is allowed; `mask` must not overlap `y`. Returns ACTFN_OK, or
/// ACTFN_ERR_NULL, ACTFN_ERR_SIZE, ACTFN_ERR_OVERLAP, ACTFN_ERR_SHAPE
/// (`cols == 0` with `rows > 0`, a mask with `mask_rows == 0`),
/// ACTFN_ERR_PARAM (an unknown flag), with nothing written.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn actfn_attention_softmax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
    scale: f32,
    mask: *const f32,
    mask_rows: usize,
    flags: u32,
    causal_period: usize,
    causal_offset: i64,
) -> actfn_status {
    attention(
        x,
        y,
        rows,
        cols,
        scale,
        mask,
        mask_rows,
        flags,
        causal_period,
        causal_offset,
        false,
    )
}

/// log_softmax form of `actfn_attention_softmax_f32`: each row bit for bit
/// `actfn_log_softmax_f32` of its z, except a fully hidden row, which gives
/// all -inf (the log of the zeros the softmax gives). Arguments and
/// statuses as `actfn_attention_softmax_f32`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn actfn_attention_log_softmax_f32(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
    scale: f32,
    mask: *const f32,
    mask_rows: usize,
    flags: u32,
    causal_period: usize,
    causal_offset: i64,
) -> actfn_status {
    attention(
        x,
        y,
        rows,
        cols,
        scale,
        mask,
        mask_rows,
        flags,
        causal_period,
        causal_offset,
        true,
    )
}
