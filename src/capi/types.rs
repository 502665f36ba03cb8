//! The C types and status codes. Integer typedefs rather than Rust enums,
//! so that any value a C caller passes in is defined behaviour and gets a
//! status back.
#![allow(non_camel_case_types)]

/// Result of every libactfn call. `ACTFN_OK` is 0; errors are positive.
/// `actfn_status_str` gives a message for each.
///
/// What the library cannot detect is the caller's to avoid, and its
/// behaviour is then undefined (as for memcpy): a length or shape larger
/// than the memory really behind a pointer, a pointer to freed or unmapped
/// memory, a misaligned `float *` (each must be aligned as a float), a
/// buffer written by another thread during the call, and an `actfn_params`
/// pointer to fewer bytes than `sizeof(actfn_params)`. Everything that can
/// be checked from the arguments alone (NULL, sizes that overflow, overlap,
/// parameters, shapes, op and ISA values) is, and returns its status with
/// nothing written.
pub type actfn_status = i32;

/// Success.
pub const ACTFN_OK: actfn_status = 0;
/// A NULL pointer where `n > 0` (or a NULL output argument).
pub const ACTFN_ERR_NULL: actfn_status = 1;
/// A length or shape whose byte size overflows the address space.
pub const ACTFN_ERR_SIZE: actfn_status = 2;
/// `x` and `y` overlap without being the same buffer.
pub const ACTFN_ERR_OVERLAP: actfn_status = 3;
/// A parameter outside its domain (NaN, negative where it must not be, ...).
pub const ACTFN_ERR_PARAM: actfn_status = 4;
/// A shape that the function cannot take (`cols == 0` with `rows > 0`, an
/// odd glu axis, ...).
pub const ACTFN_ERR_SHAPE: actfn_status = 5;
/// `actfn_op_from_name`: not a Keras activation name.
pub const ACTFN_ERR_UNKNOWN_NAME: actfn_status = 6;
/// An `actfn_op` value that is not an element-wise op (< ACTFN_OP_COUNT).
pub const ACTFN_ERR_UNKNOWN_OP: actfn_status = 7;
/// An ISA this CPU lacks or this build does not have, or an unknown one
/// (also returned by every kernel call when `ACTFN_ISA` names one).
pub const ACTFN_ERR_ISA: actfn_status = 8;
/// A bug: a Rust panic caught at the C boundary. Please report it.
pub const ACTFN_ERR_INTERNAL: actfn_status = 9;
/// `actfn_op_from_name`: a Keras activation that works on rows (softmax,
/// log_softmax, glu, sparsemax); call its own function instead.
pub const ACTFN_ERR_ROWWISE: actfn_status = 10;

/// An element-wise activation, for `actfn_apply_f32`: one of the
/// `ACTFN_OP_*` values, from 0 to `ACTFN_OP_COUNT - 1`, optionally with
/// `ACTFN_FAST` OR-ed in to choose the fast tier.
pub type actfn_op = u32;

/// OR-ed into an `actfn_op` (`ACTFN_OP_SIGMOID | ACTFN_FAST`), chooses the
/// fast tier of that function for this call: the kernel of
/// `actfn_<name>_fast_f32`, within its documented bound (at most 4 ULP, see
/// the README's accuracy table) instead of 1 ULP, with the same special
/// values, NaN rule and bits on every ISA. Accepted wherever an `actfn_op`
/// is: `actfn_apply_f32`, the bf16/f16 apply functions, the fused
/// functions, `actfn_op_name` and the parameter functions. The tier is part
/// of the op value, not global state, so threads and models sharing the
/// library choose per call. `actfn_op_from_name` returns it for names
/// ending in "_fast".
pub const ACTFN_FAST: actfn_op = 0x1_0000;

/// An instruction set: one of the `ACTFN_ISA_*` values.
pub type actfn_isa = u32;

/// No usable ISA (only from `actfn_active_isa` when `ACTFN_ISA` names one
/// that is unknown or missing).
pub const ACTFN_ISA_NONE: actfn_isa = 0;
// ACTFN_ISA_SCALAR, _AVX2, ...: one per ISA descriptor (codegen/isas.rs).
include!(concat!(env!("OUT_DIR"), "/capi_isas.rs"));

/// Parameters of the element-wise activations, for `actfn_apply_f32`.
/// Each function reads only its own fields; `actfn_params_default` fills
/// in Keras's defaults for one op.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct actfn_params {
    /// relu_ex, leaky_relu: the slope below the threshold (below 0).
    pub negative_slope: f32,
    /// relu_ex: the upper cap, INFINITY for none; clip: the upper bound.
    pub max_value: f32,
    /// relu_ex, hard_shrink, soft_shrink, threshold: the threshold;
    /// shrink: lambd.
    pub threshold: f32,
    /// elu, celu, selu_ex, hard_sigmoid_ex: alpha.
    pub alpha: f32,
    /// threshold: the value at and below the threshold.
    pub default_value: f32,
    /// squareplus: b.
    pub b: f32,
    /// clip: the lower bound (ONNX Clip's `min`). Appended to the struct by issue 19.
    pub min_value: f32,
    /// hard_sigmoid_ex: beta (the offset); silu_ex: beta (ONNX Swish's
    /// `alpha`), the factor inside the sigmoid. Appended to the struct by issue 19.
    pub beta: f32,
    /// shrink: bias. Appended to the struct by issue 19.
    pub bias: f32,
    /// selu_ex: gamma (the scale). Appended to the struct by issue 19.
    pub gamma: f32,
}
