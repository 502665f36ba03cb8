//! The catalogue of element-wise activations: names, Keras aliases,
//! parameters, formulas and documented accuracy. It is the one list that
//! the kernel generator (`build.rs`), the C API, `actfn_op_from_name`, the
//! tests and the benchmarks all read, so adding a function starts here.
//!
//! This file is also compiled into the build script, so it may use only
//! `core` and `crate::constants`.

use crate::constants::*;

/// A parameter of an element-wise activation: a field of `actfn_params`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    NegativeSlope,
    MaxValue,
    Threshold,
    Alpha,
    DefaultValue,
    B,
}

/// The values a parameter may take; anything else is `ACTFN_ERR_PARAM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// Any finite value.
    Finite,
    /// Finite and >= 0.
    FiniteNonNegative,
    /// >= 0, +INFINITY allowed (meaning "none").
    NonNegativeOrInf,
    /// Finite and not zero.
    FiniteNonZero,
}

impl Domain {
    pub fn contains(self, v: f32) -> bool {
        match self {
            Domain::Finite => v.is_finite(),
            Domain::FiniteNonNegative => v.is_finite() && v >= 0.0,
            Domain::NonNegativeOrInf => v >= 0.0,
            Domain::FiniteNonZero => v.is_finite() && v != 0.0,
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Domain::Finite => "finite",
            Domain::FiniteNonNegative => "finite and >= 0",
            Domain::NonNegativeOrInf => ">= 0, or INFINITY for none",
            Domain::FiniteNonZero => "finite and non-zero",
        }
    }
}

impl Param {
    pub const ALL: [Param; 6] = [
        Param::NegativeSlope,
        Param::MaxValue,
        Param::Threshold,
        Param::Alpha,
        Param::DefaultValue,
        Param::B,
    ];
    /// The field name in `actfn_params` and the C argument name.
    pub fn field(self) -> &'static str {
        match self {
            Param::NegativeSlope => "negative_slope",
            Param::MaxValue => "max_value",
            Param::Threshold => "threshold",
            Param::Alpha => "alpha",
            Param::DefaultValue => "default_value",
            Param::B => "b",
        }
    }
}

/// One parameter of one activation.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub param: Param,
    /// Keras's default, or None where Keras requires the argument.
    pub default: Option<f32>,
    pub domain: Domain,
    pub doc: &'static str,
}

/// Accuracy class of a function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Accuracy {
    /// Correctly rounded, 0 ULP: piecewise-linear functions.
    Exact,
    /// At most this many ULP from the exact value, on every ISA, over every
    /// f32 input. The tests enforce this bound.
    Ulp(f32),
}

/// One element-wise activation.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// Canonical name: `actfn_<name>_f32`, `ACTFN_OP_<NAME>`, `math::<name>`.
    pub name: &'static str,
    /// Every Keras name that resolves to this function with these defaults.
    pub keras_names: &'static [&'static str],
    pub params: &'static [ParamSpec],
    /// The formula, as C documentation.
    pub formula: &'static str,
    /// Limits and special values worth knowing, as C documentation.
    pub notes: &'static str,
    pub accuracy: Accuracy,
}

const fn p(param: Param, default: Option<f32>, domain: Domain, doc: &'static str) -> ParamSpec {
    ParamSpec {
        param,
        default,
        domain,
        doc,
    }
}

const fn op(
    name: &'static str,
    keras_names: &'static [&'static str],
    params: &'static [ParamSpec],
    formula: &'static str,
    notes: &'static str,
    accuracy: Accuracy,
) -> OpInfo {
    OpInfo {
        name,
        keras_names,
        params,
        formula,
        notes,
        accuracy,
    }
}

use Accuracy::{Exact, Ulp};
use Domain::*;
use Param::*;

/// Every element-wise activation, in `actfn_op` order.
pub const OPS: &[OpInfo] = &[
    op(
        "relu",
        &["relu"],
        &[],
        "y = x > 0 ? x : +0",
        "relu(-0) = +0, relu(NaN) = NaN.",
        Exact,
    ),
    op(
        "relu6",
        &["relu6"],
        &[],
        "y = min(max(x, 0), 6)",
        "NaN stays NaN, -0 gives +0.",
        Exact,
    ),
    op(
        "relu_ex",
        &[],
        &[
            p(
                NegativeSlope,
                Some(0.0),
                FiniteNonNegative,
                "slope below the threshold",
            ),
            p(
                MaxValue,
                Some(f32::INFINITY),
                NonNegativeOrInf,
                "upper cap, INFINITY for none",
            ),
            p(
                Threshold,
                Some(0.0),
                FiniteNonNegative,
                "where the function switches",
            ),
        ],
        "y = x > threshold ? min(x, max_value) : negative_slope * (x - threshold)",
        "Keras's relu(x, negative_slope, max_value, threshold) and the ReLU layer, on the \
        layer's domain. With negative_slope = 0 the lower branch is +0. \
        negative_slope * (x - threshold) is rounded once.",
        Exact,
    ),
    op(
        "leaky_relu",
        &["leaky_relu"],
        &[p(
            NegativeSlope,
            Some(ACTFN_LEAKY_RELU_SLOPE),
            Finite,
            "slope for x < 0 (Keras function: 0.2; LeakyReLU layer: 0.3)",
        )],
        "y = x >= 0 ? x : negative_slope * x",
        "-0 stays -0; -inf gives -inf for a positive slope.",
        Exact,
    ),
    op(
        "sigmoid",
        &["sigmoid"],
        &[],
        "y = 1 / (1 + exp(-x))",
        "Computed from exp(-|x|), so the negative tail keeps full relative accuracy \
        down to the subnormals (non-zero down to x = -103.97).",
        Ulp(1.0),
    ),
    op(
        "tanh",
        &["tanh"],
        &[],
        "y = tanh(x)",
        "Odd; y = x for |x| < 2^-12, +-1 for |x| >= 9.0109.",
        Ulp(1.0),
    ),
    op(
        "exponential",
        &["exponential"],
        &[],
        "y = exp(x)",
        "Overflows to +inf above 88.7228, subnormal below -87.3365, +0 below -103.972.",
        Ulp(1.0),
    ),
    op(
        "linear",
        &["linear"],
        &[],
        "y = x",
        "The identity: NaN payloads and signed zeros are copied.",
        Exact,
    ),
    op(
        "softplus",
        &["softplus"],
        &[],
        "y = log(1 + exp(x))",
        "Computed as max(x, 0) + log1p(exp(-|x|)): y = x for x >= 14.556, ~exp(x) in the \
        negative tail.",
        Ulp(1.0),
    ),
    op(
        "softsign",
        &["softsign"],
        &[],
        "y = x / (1 + |x|)",
        "softsign(+-inf) = +-1 (the limit).",
        Ulp(1.0),
    ),
    op(
        "silu",
        &["silu", "swish"],
        &[],
        "y = x * sigmoid(x)",
        "silu(-inf) = -0 (the limit, not NaN).",
        Ulp(1.0),
    ),
    op(
        "selu",
        &["selu"],
        &[],
        "y = x > 0 ? scale * x : scale * alpha * (exp(x) - 1)",
        "ACTFN_SELU_SCALE and ACTFN_SELU_ALPHA; the negative branch uses expm1.",
        Ulp(1.0),
    ),
    op(
        "gelu",
        &["gelu"],
        &[],
        "y = x * Phi(x) = x / 2 * erfc(-x / sqrt(2))",
        "The exact (erf) form, Keras's default. The negative tail is kept down to \
        x = -14.356; gelu(-inf) = -0.",
        Ulp(1.0),
    ),
    op(
        "gelu_tanh",
        &[],
        &[],
        "y = x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))",
        "gelu(approximate=True), computed as x * sigmoid(2z) without cancellation; \
        gelu_tanh(-inf) = -0.",
        Ulp(1.0),
    ),
    op(
        "hard_sigmoid",
        &["hard_sigmoid"],
        &[],
        "y = clip((x + 3) / 6, 0, 1)",
        "Keras 3's form (tf.keras 2 used 0.2x + 0.5). (x + 3) / 6 is rounded once.",
        Exact,
    ),
    op(
        "hard_silu",
        &["hard_silu", "hard_swish"],
        &[],
        "y = x * clip((x + 3) / 6, 0, 1)",
        "hard_silu(-inf) = -0.",
        Ulp(1.0),
    ),
    op(
        "mish",
        &["mish"],
        &[],
        "y = x * tanh(softplus(x))",
        "mish(-inf) = -0.",
        Ulp(1.0),
    ),
    op(
        "log_sigmoid",
        &["log_sigmoid"],
        &[],
        "y = -log(1 + exp(-x))",
        "= -softplus(-x); y = x for x < -14.556.",
        Ulp(1.0),
    ),
    op(
        "tanh_shrink",
        &["tanh_shrink"],
        &[],
        "y = x - tanh(x)",
        "Accurate near 0 (~x^3/3), where the literal formula cancels.",
        Ulp(1.0),
    ),
    op(
        "sparse_plus",
        &["sparse_plus"],
        &[],
        "y = x <= -1 ? 0 : x >= 1 ? x : (x + 1)^2 / 4",
        "",
        Ulp(1.0),
    ),
    op(
        "sparse_sigmoid",
        &["sparse_sigmoid"],
        &[],
        "y = clip((x + 1) / 2, 0, 1)",
        "",
        Exact,
    ),
    op(
        "hard_tanh",
        &["hard_tanh"],
        &[],
        "y = clip(x, -1, 1)",
        "-0 stays -0.",
        Exact,
    ),
    op(
        "elu",
        &["elu"],
        &[p(
            Alpha,
            Some(ACTFN_ELU_ALPHA),
            Finite,
            "scale of the negative branch",
        )],
        "y = x > 0 ? x : alpha * (exp(x) - 1)",
        "The negative branch uses expm1; it takes zeros too: elu(-0) = -0 and elu(+0) = +0 \
         for alpha > 0 (the signs flip for alpha < 0, alpha * +-0), elu(-inf) = -alpha.",
        Ulp(1.0),
    ),
    op(
        "celu",
        &["celu"],
        &[p(
            Alpha,
            Some(ACTFN_ELU_ALPHA),
            FiniteNonZero,
            "scale and temperature of the negative branch",
        )],
        "y = x >= 0 ? x : alpha * (exp(x / alpha) - 1)",
        "celu(-inf) = -alpha.",
        Ulp(1.0),
    ),
    op(
        "hard_shrink",
        &["hard_shrink"],
        &[p(
            Threshold,
            Some(ACTFN_SHRINK_THRESHOLD),
            FiniteNonNegative,
            "lambda",
        )],
        "y = |x| > threshold ? x : +0",
        "NaN gives NaN (Keras gives +0).",
        Exact,
    ),
    op(
        "soft_shrink",
        &["soft_shrink"],
        &[p(
            Threshold,
            Some(ACTFN_SHRINK_THRESHOLD),
            FiniteNonNegative,
            "lambda",
        )],
        "y = x > threshold ? x - threshold : x < -threshold ? x + threshold : +0",
        "NaN gives NaN (Keras gives +0).",
        Exact,
    ),
    op(
        "threshold",
        &["threshold"],
        &[
            p(Threshold, None, Finite, "theta; required, no default"),
            p(
                DefaultValue,
                None,
                Finite,
                "value below the threshold; required, no default",
            ),
        ],
        "y = x > threshold ? x : default_value",
        "NaN gives NaN (Keras gives default_value).",
        Exact,
    ),
    op(
        "squareplus",
        &["squareplus"],
        &[p(B, Some(ACTFN_SQUAREPLUS_B), FiniteNonNegative, "b >= 0")],
        "y = (x + sqrt(x^2 + b)) / 2",
        "Computed without cancellation or overflow: squareplus(-inf) = +0, y ~ x for huge x.",
        Ulp(1.0),
    ),
];

/// The catalogue entry called `name` (canonical names only).
pub fn find(name: &str) -> Option<usize> {
    OPS.iter()
        .position(|o| o.name.as_bytes() == name.as_bytes())
}
