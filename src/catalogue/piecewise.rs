//! The piecewise-linear functions (math: `src/math/piecewise.rs`): exact for
//! every input.

use super::values::*;
use super::*;
use crate::constants::*;
use Domain::*;
use NanRule::*;
use Param::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 0,
        name: "relu",
        keras_names: &["relu"],
        formula: "y = x > 0 ? x : +0",
        notes: "relu(-0) = +0, relu(NaN) = NaN.",
        nan: Ready,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-0.0, Bits(0.0)),
            at(0.0, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(INF)),
            at(DEN, Bits(DEN)),
            at(-DEN, Bits(0.0)),
            at(1e-40, Bits(1e-40)),
            at(MAX, Bits(MAX)),
        ],
        ..BASE
    },
    OpInfo {
        id: 1,
        name: "relu6",
        keras_names: &["relu6"],
        formula: "y = min(max(x, 0), 6)",
        notes: "NaN stays NaN, -0 gives +0.",
        nan: Ready,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-0.0, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(INF, Bits(6.0)),
            at(-INF, Bits(0.0)),
            at(5.5, Bits(5.5)),
            at(DEN, Bits(DEN)),
        ],
        ..BASE
    },
    OpInfo {
        id: 2,
        name: "relu_ex",
        params: &[
            p(
                NegativeSlope,
                0.0,
                Finite,
                "slope below the threshold (negative too)",
            ),
            p(
                MaxValue,
                f32::INFINITY,
                NonNegativeOrInf,
                "upper cap, INFINITY for none",
            ),
            p(
                Threshold,
                0.0,
                Finite,
                "where the function switches (negative too)",
            ),
        ],
        formula: "y = x > threshold ? (max_value == INFINITY ? x : min(max(x, 0), max_value)) \
        : negative_slope * (x - threshold)",
        notes: "Keras's relu(x, negative_slope, max_value, threshold) function (keras/src/\
        activations/activations.py), whose domain is wider than the ReLU layer's: any finite \
        threshold and slope. With a cap, the upper branch is Keras's clip(x, 0, max_value): \
        x in (threshold, 0] gives +0 for a negative threshold (without a cap, x itself). \
        max_value < threshold gives max_value for every x above the threshold (a jump at \
        the threshold). With negative_slope = 0 the lower branch is +0. \
        negative_slope * (x - threshold) is rounded once. A negative max_value is refused: \
        Keras's function then adds max_value to the lower branch too.",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        test_params: &[
            &[(NegativeSlope, 0.1), (MaxValue, 6.0), (Threshold, 0.5)],
            &[
                (NegativeSlope, 0.2),
                (MaxValue, f32::INFINITY),
                (Threshold, 1.0),
            ],
            &[(NegativeSlope, 0.0), (MaxValue, 3.0), (Threshold, 5.0)],
            &[(NegativeSlope, 0.5), (MaxValue, 0.0), (Threshold, 0.0)],
            &[
                (NegativeSlope, 0.1),
                (MaxValue, f32::INFINITY),
                (Threshold, 0.0),
            ],
            &[(NegativeSlope, 0.0), (MaxValue, 6.0), (Threshold, 0.0)],
            &[(NegativeSlope, 0.5), (MaxValue, 5.0), (Threshold, 5.0)],
            &[
                (NegativeSlope, 0.0),
                (MaxValue, f32::INFINITY),
                (Threshold, 1.0),
            ],
            &[(NegativeSlope, 0.2), (MaxValue, 6.0), (Threshold, 1.0)],
            &[
                (NegativeSlope, -0.5),
                (MaxValue, f32::INFINITY),
                (Threshold, -1.0),
            ],
            &[(NegativeSlope, 0.25), (MaxValue, 6.0), (Threshold, -1.0)],
            &[(NegativeSlope, -3.0), (MaxValue, 2.0), (Threshold, 5.0)],
            &[
                (NegativeSlope, -1e30),
                (MaxValue, f32::INFINITY),
                (Threshold, -1e30),
            ],
            &[(NegativeSlope, 1e-30), (MaxValue, 0.0), (Threshold, -3e38)],
        ],
        specials: &[
            // Defaults: plain relu; the zero-slope lower branch is +0.
            at(-0.0, Bits(0.0)),
            at(-INF, Bits(0.0)),
            at(-1.0, Bits(0.0)),
            at(NAN, Bits(NAN)),
            at(INF, Bits(INF)),
            at(DEN, Bits(DEN)),
            at_with(0.0, SLOPE_02_AT_1, Bits(-0.2)),
            at_with(1.0, SLOPE_02_AT_1, Bits(0.0)),
            at_with(2.0, SLOPE_02_AT_1, Bits(2.0)),
            at_with(-INF, SLOPE_02_AT_1, Bits(-INF)),
            at_with(NAN, SLOPE_02_AT_1, Bits(NAN)),
            at_with(INF, SLOPE_02_AT_1, Bits(INF)),
            at_with(-10.0, CAPPED_AT_5, Bits(-7.5)),
            at_with(1e30, CAPPED_AT_5, Bits(5.0)),
            at_with(INF, CAPPED_AT_5, Bits(5.0)),
            at_with(10.0, CAP_BELOW_THRESHOLD, Bits(3.0)),
            at_with(4.0, CAP_BELOW_THRESHOLD, Bits(0.0)),
            at_with(-INF, CAP_BELOW_THRESHOLD, Bits(0.0)),
            at_with(NAN, CAP_BELOW_THRESHOLD, Bits(NAN)),
            at_with(-0.0, CAP_BELOW_THRESHOLD, Bits(0.0)),
            // Keras's function, relu(x, threshold=-1.0) and with a cap and
            // negative slopes.
            at_with(-0.5, T_MINUS_1, Bits(-0.5)),
            at_with(-1.0, T_MINUS_1, Bits(-0.0)),
            at_with(-3.0, T_MINUS_1, Bits(1.0)),
            at_with(-INF, T_MINUS_1, Bits(INF)),
            at_with(INF, T_MINUS_1, Bits(INF)),
            at_with(-0.0, T_MINUS_1, Bits(-0.0)),
            at_with(-0.5, T_MINUS_1_CAP_6, Bits(0.0)),
            at_with(-0.0, T_MINUS_1_CAP_6, Bits(0.0)),
            at_with(7.0, T_MINUS_1_CAP_6, Bits(6.0)),
            at_with(-5.0, T_MINUS_1_CAP_6, Bits(-1.0)),
            at_with(
                6.0,
                &[(NegativeSlope, -3.0), (MaxValue, 2.0), (Threshold, 5.0)],
                Bits(2.0),
            ),
            at_with(
                4.0,
                &[(NegativeSlope, -3.0), (MaxValue, 2.0), (Threshold, 5.0)],
                Bits(3.0),
            ),
            at_with(
                -INF,
                &[(NegativeSlope, -3.0), (MaxValue, 2.0), (Threshold, 5.0)],
                Bits(INF),
            ),
        ],
        ..BASE
    },
    OpInfo {
        id: 3,
        name: "leaky_relu",
        keras_names: &["leaky_relu"],
        params: &[p(
            NegativeSlope,
            ACTFN_LEAKY_RELU_SLOPE,
            Finite,
            "slope for x < 0 (Keras function: 0.2; LeakyReLU layer: 0.3)",
        )],
        formula: "y = x >= 0 ? x : negative_slope * x",
        notes: "-0 stays -0; -inf gives -inf for a positive slope.",
        nan: Ready,
        widths: SCALAR_ONE_AT_A_TIME,
        test_params: &[
            &[(NegativeSlope, 0.0)],
            &[(NegativeSlope, 0.01)],
            &[(NegativeSlope, 0.3)],
            &[(NegativeSlope, 1.0)],
            &[(NegativeSlope, -0.5)],
            &[(NegativeSlope, 2.0)],
        ],
        specials: &[
            at(-0.0, Bits(-0.0)),
            at(-INF, Bits(-INF)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at(-1e30, Bits(0.2f32 * -1e30f32)),
            at(-5.0, Bits(-1.0)),
        ],
        ..BASE
    },
    OpInfo {
        id: 7,
        name: "linear",
        keras_names: &["linear"],
        formula: "y = x",
        notes: "The identity: NaN payloads and signed zeros are copied.",
        nan: Copy,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-0.0, Bits(-0.0)),
            at(DEN, Bits(DEN)),
            at(-INF, Bits(-INF)),
            at(MAX, Bits(MAX)),
        ],
        ..BASE
    },
    OpInfo {
        id: 21,
        name: "hard_tanh",
        keras_names: &["hard_tanh"],
        formula: "y = clip(x, -1, 1)",
        notes: "-0 stays -0.",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-0.0, Bits(-0.0)),
            at(INF, Bits(1.0)),
            at(-INF, Bits(-1.0)),
            at(0.25, Bits(0.25)),
            at(NAN, Bits(NAN)),
        ],
        ..BASE
    },
    OpInfo {
        id: 24,
        name: "hard_shrink",
        keras_names: &["hard_shrink"],
        params: &[p(
            Threshold,
            ACTFN_SHRINK_THRESHOLD,
            FiniteNonNegative,
            "lambda",
        )],
        formula: "y = |x| > threshold ? x : +0",
        notes: "NaN gives NaN (Keras gives +0).",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        test_params: SHRINK_THRESHOLDS,
        specials: &[
            at(NAN, Bits(NAN)),
            at(0.5, Bits(0.0)),
            at(-0.5, Bits(0.0)),
            at(-0.25, Bits(0.0)),
            at(0.500_000_06, Bits(0.500_000_06)),
            at(-INF, Bits(-INF)),
        ],
        ..BASE
    },
    OpInfo {
        id: 25,
        name: "soft_shrink",
        keras_names: &["soft_shrink"],
        params: &[p(
            Threshold,
            ACTFN_SHRINK_THRESHOLD,
            FiniteNonNegative,
            "lambda",
        )],
        formula: "y = x > threshold ? x - threshold : x < -threshold ? x + threshold : +0",
        notes: "NaN gives NaN (Keras gives +0).",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        test_params: SHRINK_THRESHOLDS,
        specials: &[
            at(NAN, Bits(NAN)),
            at(1.0, Bits(0.5)),
            at(-1.0, Bits(-0.5)),
            at(0.3, Bits(0.0)),
            at(-0.25, Bits(0.0)),
            at(-INF, Bits(-INF)),
            at(INF, Bits(INF)),
        ],
        ..BASE
    },
    OpInfo {
        id: 26,
        name: "threshold",
        keras_names: &["threshold"],
        params: &[
            required(Threshold, 0.5, Finite, "theta; required, no default"),
            required(
                DefaultValue,
                -1.0,
                Finite,
                "value below the threshold; required, no default",
            ),
        ],
        formula: "y = x > threshold ? x : default_value",
        notes: "NaN gives NaN (Keras gives default_value).",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        test_params: &[
            &[(Threshold, 0.0), (DefaultValue, 0.0)],
            &[(Threshold, -0.5), (DefaultValue, 2.0)],
            &[(Threshold, 1.0), (DefaultValue, -1.0)],
            &[(Threshold, 0.0), (DefaultValue, f32::MAX)],
            &[(Threshold, 6.0), (DefaultValue, -0.0)],
        ],
        specials: &[
            at(NAN, Bits(NAN)),
            at(0.5, Bits(-1.0)),
            at(-INF, Bits(-1.0)),
            at(INF, Bits(INF)),
            at(0.75, Bits(0.75)),
        ],
        ..BASE
    },
];

const SLOPE_02_AT_1: &[(Param, f32)] = &[
    (NegativeSlope, 0.2),
    (MaxValue, f32::INFINITY),
    (Threshold, 1.0),
];
const CAPPED_AT_5: &[(Param, f32)] = &[(NegativeSlope, 0.5), (MaxValue, 5.0), (Threshold, 5.0)];
const CAP_BELOW_THRESHOLD: &[(Param, f32)] =
    &[(NegativeSlope, 0.0), (MaxValue, 3.0), (Threshold, 5.0)];
/// Keras's relu(x, negative_slope=-0.5, threshold=-1.0).
const T_MINUS_1: &[(Param, f32)] = &[
    (NegativeSlope, -0.5),
    (MaxValue, f32::INFINITY),
    (Threshold, -1.0),
];
const T_MINUS_1_CAP_6: &[(Param, f32)] =
    &[(NegativeSlope, 0.25), (MaxValue, 6.0), (Threshold, -1.0)];
const SHRINK_THRESHOLDS: &[&[(Param, f32)]] = &[
    &[(Threshold, 0.0)],
    &[(Threshold, 1.0)],
    &[(Threshold, 1e30)],
];
