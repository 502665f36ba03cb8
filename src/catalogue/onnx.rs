//! The parametrised forms of ONNX's and PyTorch's activation operators
//! that Keras's fixed forms cannot carry (issue 19; math:
//! `src/math/onnx.rs`). Their defaults are ONNX's; `actfn_params_from_name`
//! gives each framework's own defaults by the name the engine reads.

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
        id: 29,
        name: "hard_sigmoid_ex",
        params: &[
            p(Alpha, 0.2, Finite, "the slope alpha"),
            p(Beta, 0.5, Finite, "the offset beta"),
        ],
        formula: "y = max(0, min(1, alpha * x + beta))",
        notes: "ONNX HardSigmoid (opset 6 to 22) with its attributes alpha and beta \
        (ONNX defaults 0.2 and 0.5; Keras's hard_sigmoid and PyTorch's hardsigmoid are \
        alpha = 1/6, beta = 1/2, which ACTFN_OP_HARD_SIGMOID computes exactly). \
        alpha * x + beta is rounded once (a fused multiply-add), so the result is exact. \
        alpha = 0 gives clip(beta, 0, 1) for every x, infinities included. \
        A zero result is +0.",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        defaults_from: "ONNX",
        test_params: &[
            &[(Alpha, 1.0 / 6.0), (Beta, 0.5)],
            &[(Alpha, -0.2), (Beta, 0.5)],
            &[(Alpha, 0.0), (Beta, 0.25)],
            &[(Alpha, 0.0), (Beta, 7.0)],
            &[(Alpha, 1e30), (Beta, -1e-30)],
            &[(Alpha, f32::MAX), (Beta, f32::MAX)],
            &[(Alpha, 1e-40), (Beta, 0.999_999_94)],
        ],
        specials: &[
            // The ONNX specification's example: x = [-1, 0, 1] with alpha =
            // 0.5, beta = 0.6 gives [0.1, 0.6, 1].
            at_with(-1.0, ONNX_HS, Bits(0.6 - 0.5)),
            at_with(0.0, ONNX_HS, Bits(0.6)),
            at_with(1.0, ONNX_HS, Bits(1.0)),
            at(0.0, Bits(0.5)),
            at(-0.0, Bits(0.5)),
            at(-2.5, Bits(0.0)),
            at(2.5, Bits(1.0)),
            at(1.0, Bits(0.7)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(1.0)),
            at(NAN, Bits(NAN)),
            at(DEN, Bits(0.5)),
            at_with(-INF, &[(Alpha, -0.2), (Beta, 0.5)], Bits(1.0)),
            at_with(INF, &[(Alpha, 0.0), (Beta, 0.25)], Bits(0.25)),
            at_with(-INF, &[(Alpha, 0.0), (Beta, 0.25)], Bits(0.25)),
            at_with(NAN, &[(Alpha, 0.0), (Beta, 0.25)], Bits(NAN)),
        ],
        ..BASE
    },
    OpInfo {
        id: 30,
        name: "clip",
        params: &[
            p(MinValue, -f32::MAX, NotNan, "the lower bound"),
            p(MaxValue, f32::MAX, NotNan, "the upper bound"),
        ],
        formula: "y = min(max(x, min_value), max_value)",
        notes: "ONNX Clip (opset 6 to 22; min and max are inputs from opset 11, \
        numeric_limits<float>::lowest() and max() when absent, the defaults here) and \
        PyTorch's clamp and hardtanh(min_val, max_val). Infinite bounds are allowed; \
        min_value > max_value gives max_value everywhere, as ONNX specifies. \
        Selects, not arithmetic: x comes back as it is between the bounds, so -0 \
        stays -0. relu6 and hard_tanh are clip(0, 6) and clip(-1, 1) (except that \
        relu6 gives +0 for -0).",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        defaults_from: "ONNX",
        test_params: &[
            &[(MinValue, -1.0), (MaxValue, 1.0)],
            &[(MinValue, 0.0), (MaxValue, 6.0)],
            &[(MinValue, -INF), (MaxValue, INF)],
            &[(MinValue, 2.0), (MaxValue, 1.0)],
            &[(MinValue, -INF), (MaxValue, -INF)],
            &[(MinValue, INF), (MaxValue, INF)],
            &[(MinValue, 0.0), (MaxValue, 0.0)],
            &[(MinValue, -0.0), (MaxValue, 1e-40)],
        ],
        specials: &[
            // The ONNX specification's examples: min = -1, max = 1 on
            // [-2, 0, 2] gives [-1, 0, 1]; min = 2, max = 1: always 1.
            at_with(-2.0, ONNX_CLIP, Bits(-1.0)),
            at_with(0.0, ONNX_CLIP, Bits(0.0)),
            at_with(2.0, ONNX_CLIP, Bits(1.0)),
            at_with(-0.0, ONNX_CLIP, Bits(-0.0)),
            at_with(0.5, ONNX_CLIP, Bits(0.5)),
            at_with(-5.0, MIN_ABOVE_MAX, Bits(1.0)),
            at_with(1.5, MIN_ABOVE_MAX, Bits(1.0)),
            at_with(5.0, MIN_ABOVE_MAX, Bits(1.0)),
            at_with(INF, MIN_ABOVE_MAX, Bits(1.0)),
            at_with(NAN, MIN_ABOVE_MAX, Bits(NAN)),
            at(INF, Bits(MAX)),
            at(-INF, Bits(-MAX)),
            at(-0.0, Bits(-0.0)),
            at(DEN, Bits(DEN)),
            at(NAN, Bits(NAN)),
            at_with(INF, &[(MinValue, -INF), (MaxValue, INF)], Bits(INF)),
            at_with(-INF, &[(MinValue, -INF), (MaxValue, INF)], Bits(-INF)),
            at_with(3.0, &[(MinValue, -INF), (MaxValue, -INF)], Bits(-INF)),
            at_with(-0.0, &[(MinValue, 0.0), (MaxValue, 6.0)], Bits(-0.0)),
        ],
        ..BASE
    },
    OpInfo {
        id: 31,
        name: "shrink",
        params: &[
            p(Threshold, 0.5, Finite, "lambd"),
            p(Bias, 0.0, Finite, "bias"),
        ],
        formula: "y = x < -threshold ? x + bias : x > threshold ? x - bias : +0",
        notes: "ONNX Shrink (opset 9) with its attributes lambd (the threshold) and \
        bias; ONNX defaults 0.5 and 0. x + bias and x - bias are rounded once, so the \
        result is exact. hard_shrink(l) is shrink(l, 0) and soft_shrink(l) is \
        shrink(l, l) (PyTorch's hardshrink and softshrink).",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        defaults_from: "ONNX",
        test_params: &[
            &[(Threshold, 1.5), (Bias, 1.5)],
            &[(Threshold, 0.0), (Bias, 0.0)],
            &[(Threshold, -1.0), (Bias, 2.0)],
            &[(Threshold, 1e30), (Bias, -3.0)],
            &[(Threshold, 0.25), (Bias, f32::MAX)],
        ],
        specials: &[
            // The ONNX specification's examples on [-2, -1, 0, 1, 2]:
            // lambd = 1.5 gives [-2, 0, 0, 0, 2] (hard shrink); lambd = 1.5,
            // bias = 1.5 gives [-0.5, 0, 0, 0, 0.5] (soft shrink).
            at_with(-2.0, ONNX_HARD, Bits(-2.0)),
            at_with(-1.0, ONNX_HARD, Bits(0.0)),
            at_with(0.0, ONNX_HARD, Bits(0.0)),
            at_with(1.0, ONNX_HARD, Bits(0.0)),
            at_with(2.0, ONNX_HARD, Bits(2.0)),
            at_with(-2.0, ONNX_SOFT, Bits(-0.5)),
            at_with(-1.0, ONNX_SOFT, Bits(0.0)),
            at_with(0.0, ONNX_SOFT, Bits(0.0)),
            at_with(1.0, ONNX_SOFT, Bits(0.0)),
            at_with(2.0, ONNX_SOFT, Bits(0.5)),
            at(0.5, Bits(0.0)),
            at(-0.5, Bits(0.0)),
            at(-0.0, Bits(0.0)),
            at(0.75, Bits(0.75)),
            at(-INF, Bits(-INF)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at_with(INF, &[(Threshold, 0.25), (Bias, f32::MAX)], Bits(INF)),
            at_with(1.0, &[(Threshold, 0.25), (Bias, f32::MAX)], Bits(-MAX)),
            at_with(-MAX, &[(Threshold, 0.25), (Bias, f32::MAX)], Bits(0.0)),
        ],
        ..BASE
    },
    OpInfo {
        id: 32,
        name: "silu_ex",
        params: &[p(
            Beta,
            1.0,
            Finite,
            "beta, the factor inside the sigmoid (ONNX Swish's alpha)",
        )],
        formula: "y = x * sigmoid(beta * x)",
        notes: "ONNX Swish (opset 24) with its attribute alpha (default 1), the \
        swish of Ramachandran et al. with beta; beta = 1 is silu, beta = 1.702 \
        ONNX Runtime's QuickGelu. beta * x is carried exactly (as hi + lo), so the \
        bound holds for every finite beta, negative and zero included. At x = +-inf \
        the limits: x where beta * x > 0, x / 2 = x for beta = 0, a zero with x's sign \
        where beta * x < 0.",
        accuracy: Ulp(1.0),
        measured: measured(0.779, -91.86595),
        nan: FromX,
        defaults_from: "ONNX",
        test_params: &[
            &[(Beta, 1.702)],
            &[(Beta, 0.0)],
            &[(Beta, -1.0)],
            &[(Beta, 1e-30)],
            &[(Beta, 1e30)],
            &[(Beta, 100.0)],
            &[(Beta, 0.01)],
        ],
        specials: &[
            at(-INF, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(MAX, Bits(MAX)),
            at(-0.0, Bits(-0.0)),
            at(0.0, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(-100.0, Reference),
            at(-1.0, Reference),
            at(DEN, Reference),
            at_with(-INF, &[(Beta, 0.0)], Bits(-INF)),
            at_with(3.0, &[(Beta, 0.0)], Bits(1.5)),
            at_with(-INF, &[(Beta, -1.0)], Bits(-INF)),
            at_with(INF, &[(Beta, -1.0)], Bits(0.0)),
            at_with(-10.0, &[(Beta, 1.702)], Reference),
            at_with(-1e20, &[(Beta, 1e-30)], Reference),
            at_with(-1e-20, &[(Beta, 1e30)], Reference),
        ],
        fast: fast(
            4.0,
            3.139,
            -16.689_575,
            "e = exp(-beta x) in plain f32 (beta x folded into the Cody-Waite reduction to eighths of ln 2, never rounded alone; an 8-entry table of 2^(j/8), a degree-3 polynomial), then one division: x/(1+e). Lanes with |beta x| > 86.6 (and NaN) take the exact kernel.",
        ),
        ..BASE
    },
    OpInfo {
        id: 33,
        name: "selu_ex",
        params: &[
            p(Alpha, ACTFN_SELU_ALPHA, Finite, "alpha"),
            p(Gamma, ACTFN_SELU_SCALE, Finite, "gamma, the scale"),
        ],
        formula: "y = x > 0 ? gamma * x : gamma * alpha * (exp(x) - 1)",
        notes: "ONNX Selu (opset 6 to 22) with its attributes alpha and gamma; the \
        defaults are ONNX's, the f32 values of the constants (as Keras's selu), with \
        which the results equal ACTFN_OP_SELU's. gamma * alpha is carried exactly \
        (as hi + lo), so the negative branch is rounded once.",
        accuracy: Ulp(1.0),
        measured: measured(0.797, -0.3333311),
        nan: FromX,
        defaults_from: "ONNX",
        test_params: &[
            &[(Alpha, 1.0), (Gamma, 1.0)],
            &[(Alpha, 2.0), (Gamma, 3.0)],
            &[(Alpha, -1.5), (Gamma, 0.5)],
            &[(Alpha, 0.0), (Gamma, 1.0)],
            &[(Alpha, 1e30), (Gamma, 1e20)],
            &[(Alpha, 1e-30), (Gamma, 1e-10)],
        ],
        specials: &[
            // The ONNX specification's example: x = [-1, 0, 1], alpha = 2,
            // gamma = 3 gives [-3.79272318, 0, 3].
            at_with(-1.0, ONNX_SELU, Reference),
            at_with(0.0, ONNX_SELU, Bits(0.0)),
            at_with(1.0, ONNX_SELU, Bits(3.0)),
            at(0.0, Bits(0.0)),
            at(-0.0, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at(-1.0, Reference),
            at(-20.0, Reference),
            at(DEN, Reference),
            at(-DEN, Reference),
            at(-INF, Reference),
            at_with(-INF, &[(Alpha, 1e30), (Gamma, 1e20)], Bits(-INF)),
            at_with(-1e-30, &[(Alpha, 1e30), (Gamma, 1e20)], Reference),
            at_with(-0.0, &[(Alpha, -1.5), (Gamma, 0.5)], Bits(0.0)),
            at_with(0.0, &[(Alpha, -1.5), (Gamma, 0.5)], Bits(-0.0)),
        ],
        fast: fast(3.0, 2.536, -0.152_745_2, "gamma * alpha rounded to f32, times exp(x) - 1 in plain f32 (one-constant Cody-Waite reduction, degree-6 polynomial for e^r - 1, 2^n from the exponent bits; x clamped at -87). gamma * alpha zero, subnormal or overflowing: the exact kernel."),
        ..BASE
    },
];

const ONNX_HS: &[(Param, f32)] = &[(Alpha, 0.5), (Beta, 0.6)];
const ONNX_CLIP: &[(Param, f32)] = &[(MinValue, -1.0), (MaxValue, 1.0)];
const MIN_ABOVE_MAX: &[(Param, f32)] = &[(MinValue, 2.0), (MaxValue, 1.0)];
const ONNX_HARD: &[(Param, f32)] = &[(Threshold, 1.5), (Bias, 0.0)];
const ONNX_SOFT: &[(Param, f32)] = &[(Threshold, 1.5), (Bias, 1.5)];
const ONNX_SELU: &[(Param, f32)] = &[(Alpha, 2.0), (Gamma, 3.0)];
