//! The algebraic functions: softsign and squareplus (math:
//! `src/math/rational.rs`).

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
        id: 9,
        name: "softsign",
        keras_names: &["softsign"],
        formula: "y = x / (1 + |x|)",
        notes: "softsign(+-inf) = +-1 (the limit).",
        accuracy: Ulp(1.0),
        measured: measured(0.500, 0.01376277),
        nan: FromX,
        widths: SCALAR_ONE_AT_A_TIME,
        specials: &[
            at(INF, Bits(1.0)),
            at(-INF, Bits(-1.0)),
            at(-0.0, Bits(-0.0)),
            // 2^24 / (1 + 2^24) rounds to 1 - 2^-24, not to 1 (the literal
            // formula gives 1 there); from 2^25 up the exact value rounds to 1.
            at(16_777_216.0, Bits(f32::from_bits(0x3f7f_ffff))),
            at(33_554_432.0, Bits(1.0)),
            at(1.0, Bits(0.5)),
            at(NAN, Bits(NAN)),
        ],
        fast: fast(2.0, 1.499, 2047.3749, "|x| / (1 + |x|) with 1 + |x| rounded, one correctly rounded division, the sign of x; |x| >= 2^24 as the exact tier."),
        ..BASE
    },
    OpInfo {
        id: 27,
        name: "squareplus",
        keras_names: &["squareplus"],
        params: &[p(B, ACTFN_SQUAREPLUS_B, FiniteNonNegative, "b >= 0")],
        formula: "y = (x + sqrt(x^2 + b)) / 2",
        notes:
            "Computed without cancellation or overflow: squareplus(-inf) = +0, y ~ x for huge x.",
        accuracy: Ulp(1.0),
        measured: measured(0.750, -1.290955e+38),
        nan: From,
        // 2^-60 and 2^100: the ends of the b range of the short path.
        test_params: &[
            &[(B, 0.0)],
            &[(B, 1.0)],
            &[(B, 0.25)],
            &[(B, 1e30)],
            &[(B, f32::from_bits(0x2180_0000))],
            &[(B, f32::from_bits(0x7180_0000))],
        ],
        specials: &[
            at(-INF, Bits(0.0)),
            at(0.0, Bits(1.0)),
            at(INF, Bits(INF)),
            at(NAN, Bits(NAN)),
            at(MAX, Bits(MAX)),
            at(-MAX, Reference),
            at(-1e20, Reference),
            at(-100.0, Reference),
        ],
        fast: fast(3.0, 2.748, -7.723569e-4, "d = sqrt(fma(x, x, b)) + |x| (no cancellation), then d / 2 for x >= 0 and b / (2 d) for x < 0 (one division); |x| > 2^62, b outside [2^-60, 2^100], infinities and NaN as the exact tier."),
        ..BASE
    },
];
