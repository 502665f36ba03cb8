//! The exponential family: exponential, elu, selu, celu (math:
//! `src/math/exp.rs`).

use super::values::*;
use super::*;
use crate::constants::*;
use Accuracy::Ulp;
use Domain::*;
use NanRule::*;
use Param::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 6,
        name: "exponential",
        keras_names: &["exponential"],
        formula: "y = exp(x)",
        notes: "Overflows to +inf above 88.7228, subnormal below -87.3365, +0 below -103.972.",
        accuracy: Ulp(1.0),
        measured: measured(0.909, 5.1997986),
        nan: FromX,
        specials: &[
            at(0.0, Bits(1.0)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(INF)),
            at(88.722_84, Bits(INF)),
            at(-105.0, Bits(0.0)),
            at(-100.0, Reference),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(2.0, 1.306, -20.935_875, "exp(-(-x)) by the fast sigmoid's table exponential: m/8 = round(x log2 e) to eighths, a two-constant reduction to |r| <= ln2/16, 2^(m/8) from an 8-entry table of 2^(j/8) plus an exponent add, a degree-3 polynomial, one FMA. |x| above 86.6 and NaN: the exact kernel."),
        ..BASE
    },
    OpInfo {
        id: 11,
        name: "selu",
        keras_names: &["selu"],
        formula: "y = x > 0 ? scale * x : scale * alpha * (exp(x) - 1)",
        notes: "ACTFN_SELU_SCALE and ACTFN_SELU_ALPHA; the negative branch uses expm1.",
        accuracy: Ulp(1.0),
        measured: measured(0.797, -0.3333311),
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(MAX, Bits(INF)),
            // -scale * alpha rounded: the limit at -inf.
            at(-INF, Bits(f32::from_bits(0xBFE1_0966))),
            at(-0.0, Bits(-0.0)),
            at(NAN, Bits(NAN)),
            at(INF, Bits(INF)),
            at(-100.0, Bits(f32::from_bits(0xBFE1_0966))),
            at(0.0, Bits(0.0)),
        ],
        fast: fast(3.0, 2.041, -0.148_192_26, "1 - exp(x) in plain f32 (one-constant Cody-Waite reduction, degree-6 polynomial for e^r - 1, 2^n from the exponent bits; x clamped at -87), times -(scale * alpha) rounded to f32."),
        ..BASE
    },
    OpInfo {
        id: 22,
        name: "elu",
        keras_names: &["elu"],
        params: &[p(
            Alpha,
            ACTFN_ELU_ALPHA,
            Finite,
            "scale of the negative branch",
        )],
        formula: "y = x > 0 ? x : alpha * (exp(x) - 1)",
        notes: "The negative branch uses expm1; it takes zeros too: elu(-0) = -0 and elu(+0) = +0 \
         for alpha > 0 (the signs flip for alpha < 0, alpha * +-0), elu(-inf) = -alpha.",
        accuracy: Ulp(1.0),
        measured: measured(0.820, -0.2727522),
        nan: From,
        rare_params: Some("math::tiny_alpha(p.alpha)"),
        widths: SCALAR_ONE_AT_A_TIME,
        // Negative alphas flip zero signs; below 2^-100 (tiny_alpha) the
        // product is formed apart (1e-40 is subnormal).
        test_params: &[
            &[(Alpha, 0.5)],
            &[(Alpha, 2.0)],
            &[(Alpha, 0.0)],
            &[(Alpha, -1.0)],
            &[(Alpha, -0.3)],
            &[(Alpha, 7.0)],
            &[(Alpha, -1e-35)],
            &[(Alpha, 1e-35)],
            &[(Alpha, -1e-40)],
            &[(Alpha, 1e-40)],
        ],
        specials: &[
            at(-INF, Bits(-1.0)),
            at(-0.0, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at(-1e-7, Reference),
            at_with(-INF, &[(Alpha, 2.0)], Bits(-2.0)),
            at(0.0, Bits(0.0)),
            at_with(0.0, &[(Alpha, -1.0)], Bits(-0.0)),
            at_with(-0.0, &[(Alpha, -1.0)], Bits(0.0)),
            at(-100.0, Bits(-1.0)),
        ],
        fast: fast(3.0, 1.345, -0.133_461_43, "exp(x) - 1 in plain f32 (one-constant Cody-Waite reduction, degree-6 polynomial for e^r - 1, 2^n from the exponent bits; x clamped at -87), times alpha. |alpha| < 2^-100: the exact kernel."),
        ..BASE
    },
    OpInfo {
        id: 23,
        name: "celu",
        keras_names: &["celu"],
        params: &[p(
            Alpha,
            ACTFN_ELU_ALPHA,
            FiniteNonZero,
            "scale and temperature of the negative branch",
        )],
        formula: "y = x >= 0 ? x : alpha * (exp(x / alpha) - 1)",
        notes: "celu(-inf) = -alpha.",
        accuracy: Ulp(1.0),
        measured: measured(0.820, -0.2727522),
        nan: From,
        rare_params: Some("math::tiny_alpha(p.alpha)"),
        // A negative alpha makes e^(x/alpha) large; below 2^-100
        // (tiny_alpha) the remainder of x / alpha and the product are
        // formed apart.
        test_params: &[
            &[(Alpha, 0.5)],
            &[(Alpha, 2.0)],
            &[(Alpha, 3.0)],
            &[(Alpha, -1.0)],
            &[(Alpha, 1e-3)],
            &[(Alpha, -0.3)],
            &[(Alpha, 7.0)],
            &[(Alpha, -1e-35)],
            &[(Alpha, 1e-35)],
            &[(Alpha, -1e-40)],
            &[(Alpha, 1e-40)],
        ],
        specials: &[
            at(-INF, Bits(-1.0)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at_with(-INF, &[(Alpha, 0.5)], Bits(-0.5)),
            at_with(-1.0, &[(Alpha, 0.5)], Reference),
            at(0.0, Bits(0.0)),
            at(-0.0, Bits(-0.0)),
            at(-1e-40, Bits(-1e-40)),
            at_with(-1e-37, &[(Alpha, 7.0)], Reference),
        ],
        fast: fast(4.0, 1.345, -0.133_461_43, "t = x / alpha (one division), then exp(t) - 1 in plain f32 as the fast elu, times alpha; x >= -2^-30 alpha gives x. A negative alpha, or |alpha| < 2^-100: the exact kernel."),
        ..BASE
    },
];
