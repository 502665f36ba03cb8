//! The clipped low-degree polynomials: hard_sigmoid, hard_silu,
//! sparse_sigmoid, sparse_plus (math: `src/math/piecewise.rs`).

use super::values::*;
use super::*;
use NanRule::*;
use Want::*;

pub(super) const OPS: &[OpInfo] = &[
    OpInfo {
        id: 14,
        name: "hard_sigmoid",
        keras_names: &["hard_sigmoid"],
        formula: "y = clip((x + 3) / 6, 0, 1)",
        notes: "Keras 3's form (tf.keras 2 used 0.2x + 0.5). (x + 3) / 6 is rounded once.",
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-3.0, Bits(0.0)),
            at(3.0, Bits(1.0)),
            at(0.0, Bits(0.5)),
            at(NAN, Bits(NAN)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(1.0)),
        ],
        fast: fast(
            2.0,
            1.333,
            1.0000007,
            "(x + 3) * RN(1/6), clamped to [0, 1] by min and max: no division.",
        ),
        ..BASE
    },
    OpInfo {
        id: 15,
        name: "hard_silu",
        keras_names: &["hard_silu", "hard_swish"],
        formula: "y = x * clip((x + 3) / 6, 0, 1)",
        notes: "hard_silu(-inf) = -0.",
        accuracy: Accuracy::Ulp(1.0),
        measured: measured(0.500, -9.089472e-05),
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-INF, Bits(-0.0)),
            at(-3.0, Bits(-0.0)),
            at(INF, Bits(INF)),
            at(-1.5, Bits(-0.375)),
            at(3.0, Bits(3.0)),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(
            3.0,
            2.483,
            1.9451381e-3,
            "max(x, -3) times the fast hard_sigmoid ((x + 3) * RN(1/6) clamped): no division.",
        ),
        ..BASE
    },
    OpInfo {
        id: 19,
        name: "sparse_plus",
        keras_names: &["sparse_plus"],
        formula: "y = x <= -1 ? 0 : x >= 1 ? x : (x + 1)^2 / 4",
        accuracy: Accuracy::Ulp(1.0),
        measured: measured(0.500, -4.470348e-08),
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(-INF, Bits(0.0)),
            at(INF, Bits(INF)),
            at(0.0, Bits(0.25)),
            at(-1.0, Bits(0.0)),
            at(1.0, Bits(1.0)),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(
            2.0,
            1.914,
            0.41397625,
            "s = max(x + 1, 0) rounded once, then s * s / 4; x itself from 1 on.",
        ),
        ..BASE
    },
    OpInfo {
        id: 20,
        name: "sparse_sigmoid",
        keras_names: &["sparse_sigmoid"],
        formula: "y = clip((x + 1) / 2, 0, 1)",
        nan: Ready,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(0.0, Bits(0.5)),
            at(-0.0, Bits(0.5)),
            at(-INF, Bits(0.0)),
            at(INF, Bits(1.0)),
            at(NAN, Bits(NAN)),
        ],
        ..BASE
    },
];
