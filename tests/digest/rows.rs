//! The row-wise cases of the digest: each kernel on a few shapes with
//! special rows (`rowwise_cases`), and the softmax family on many row
//! lengths and hostile distributions (`stress_cases`), which pin the exact
//! bits of every path of the row kernels (fast blocks, mixed chunks, the
//! general exp, the log_softmax re-sum, the strided axis, masks).

use super::Case;
use actfn::capi::types::*;
use actfn::testing;
use actfn::testing::Rng;

/// Rows of logits: seeded random rows of assorted scales, then rows with
/// special values.
fn logits(rng: &mut Rng, rows: usize, cols: usize) -> Vec<f32> {
    let mut v = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        let scale = [1.0f32, 10.0, 100.0, 1e-3][r % 4];
        v.extend((0..cols).map(|_| rng.uniform(-scale as f64, scale as f64)));
    }
    v
}

fn special_rows(cols: usize) -> Vec<Vec<f32>> {
    let mut rows = vec![
        vec![0.0; cols],
        vec![1e30; cols],
        (0..cols)
            .map(|j| if j % 2 == 0 { 1e30 } else { -1e30 })
            .collect::<Vec<_>>(),
        (0..cols)
            .map(|j| {
                if j % 3 == 0 {
                    f32::NEG_INFINITY
                } else {
                    j as f32
                }
            })
            .collect(),
        vec![f32::NEG_INFINITY; cols],
        (0..cols)
            .map(|j| if j == cols / 2 { f32::INFINITY } else { 0.0 })
            .collect(),
        (0..cols)
            .map(|j| if j == cols - 1 { f32::NAN } else { 1.0 })
            .collect(),
        (0..cols).map(|j| f32::from_bits(1 + j as u32)).collect(),
        (0..cols).map(|j| 80.0 + j as f32 * 0.37).collect(),
        (0..cols).map(|j| -100.0 - j as f32).collect(),
    ];
    if cols == 1 {
        rows.truncate(5);
    }
    rows
}

const ROW_COLS: &[usize] = &[
    1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 100, 257, 1000, 4099,
];

/// The softmax, log_softmax, masked softmax and glu cases of one tier.
fn tier_cases(isa: actfn_isa, fast: bool) -> Vec<Case> {
    let mut cases = Vec::new();
    let suffix = if fast { "_fast" } else { "" };
    let masked = if fast {
        testing::softmax_masked_fast
    } else {
        testing::softmax_masked
    };
    for log in [false, true] {
        let mut rng = Rng::new(0x50f7_3a11);
        let mut out = Vec::new();
        for &cols in ROW_COLS {
            let mut x = logits(&mut rng, 4, cols);
            for r in special_rows(cols) {
                x.extend(r);
            }
            let rows = x.len() / cols;
            let mut y = vec![0.0; x.len()];
            if fast {
                testing::softmax_rows_fast(isa, &x, &mut y, rows, cols, log);
            } else {
                testing::softmax_rows(isa, &x, &mut y, rows, cols, log);
            }
            out.extend(y);
        }
        let name = if log {
            "log_softmax_rows"
        } else {
            "softmax_rows"
        };
        cases.push(Case {
            name: format!("{name}{suffix}"),
            out,
            inputs: None,
        });
    }
    for log in [false, true] {
        let mut rng = Rng::new(0xa815_0001);
        let mut out = Vec::new();
        for dims in [
            [2, 7, 3],
            [3, 33, 5],
            [1, 5, 17],
            [2, 1, 9],
            [4, 19, 1],
            [1, 300, 4],
            [2, 3, 64],
        ] {
            let n = dims.iter().product();
            let mut x: Vec<f32> = (0..n).map(|_| rng.uniform(-30.0, 30.0)).collect();
            x[n / 3] = f32::NEG_INFINITY;
            x[n / 2] = 1e30;
            let mut y = vec![0.0; n];
            if fast {
                testing::softmax_axis_fast(isa, &x, &mut y, dims, log);
            } else {
                testing::softmax_axis(isa, &x, &mut y, dims, log);
            }
            out.extend(y);
        }
        let name = if log {
            "log_softmax_axis"
        } else {
            "softmax_axis"
        };
        cases.push(Case {
            name: format!("{name}{suffix}"),
            out,
            inputs: None,
        });
    }
    {
        let mut rng = Rng::new(0x3a5c_0002);
        let mut out = Vec::new();
        for &(rows, cols) in &[(4usize, 37usize), (3, 1), (5, 16), (2, 100)] {
            let x = logits(&mut rng, rows, cols);
            let mut mask: Vec<u8> = (0..rows * cols)
                .map(|_| (rng.next_u64() % 3).min(1) as u8)
                .collect();
            mask[..cols].fill(0); // a fully masked row
            let mut y = vec![0.0; rows * cols];
            masked(isa, &x, &mask, &mut y, rows, cols, cols);
            out.extend(&y);
            masked(isa, &x, &mask[cols..], &mut y, rows, cols, 0);
            out.extend(&y);
        }
        cases.push(Case {
            name: format!("softmax_masked{suffix}"),
            out,
            inputs: None,
        });
    }
    {
        let mut rng = Rng::new(0x6a00_0003);
        let mut out = Vec::new();
        for dims in [[3, 10, 7], [2, 34, 1], [1, 2, 33], [5, 6, 4]] {
            let n: usize = dims.iter().product();
            let mut x: Vec<f32> = (0..n).map(|_| rng.uniform(-12.0, 12.0)).collect();
            x[1] = f32::INFINITY;
            x[n - 2] = f32::NEG_INFINITY;
            let mut y = vec![0.0; n / 2];
            if fast {
                testing::glu_fast(isa, &x, &mut y, dims);
            } else {
                testing::glu(isa, &x, &mut y, dims);
            }
            out.extend(y);
        }
        cases.push(Case {
            name: format!("glu{suffix}"),
            out,
            inputs: None,
        });
    }
    cases
}

pub(super) fn rowwise_cases(isa: actfn_isa) -> Vec<Case> {
    let mut cases = tier_cases(isa, false);
    cases.extend(tier_cases(isa, true));
    {
        let mut rng = Rng::new(0x5a55_0004);
        let mut out = Vec::new();
        for &cols in ROW_COLS {
            let mut x = Vec::new();
            for scale in [0.1f32, 1.0, 3.0, 50.0] {
                x.extend((0..cols).map(|_| rng.uniform(-scale as f64, scale as f64)));
            }
            x.extend(vec![0.25; cols]);
            let rows = x.len() / cols;
            let mut y = vec![0.0; x.len()];
            testing::sparsemax_rows(isa, &x, &mut y, rows, cols);
            out.extend(y);
        }
        cases.push(Case {
            name: "sparsemax_rows".into(),
            out,
            inputs: None,
        });
    }
    {
        let mut rng = Rng::new(0x9e1e_0005);
        let mut out = Vec::new();
        for ch in 1..=19 {
            let alpha: Vec<f32> = (0..ch)
                .map(|c| {
                    if c % 5 == 0 {
                        0.0
                    } else {
                        rng.uniform(-2.0, 2.0)
                    }
                })
                .collect();
            let mut x: Vec<f32> = (0..13 * ch).map(|_| rng.uniform(-10.0, 10.0)).collect();
            x[0] = -0.0;
            x[ch / 2] = f32::NEG_INFINITY;
            let mut y = vec![0.0; x.len()];
            testing::prelu(isa, &x, &mut y, &alpha);
            out.extend(y);
        }
        cases.push(Case {
            name: "prelu".into(),
            out,
            inputs: None,
        });
    }
    cases
}

/// Row lengths of the stress cases: every length to 40 (every tail of a
/// 16-value chunk and of a fast block), then around the block and chunk
/// sizes up to 3000.
fn stress_lengths() -> Vec<usize> {
    let mut v: Vec<usize> = (1..=40).collect();
    v.extend([
        47, 48, 63, 64, 65, 95, 127, 128, 129, 255, 256, 257, 511, 513, 1000, 1023, 1025, 2047,
        2049, 2999, 3000,
    ]);
    v
}

/// The number of row kinds of [`stress_row`].
const KINDS: usize = 12;

/// A row of `cols` logits of distribution `kind`.
fn stress_row(rng: &mut Rng, cols: usize, kind: usize) -> Vec<f32> {
    let mut v: Vec<f32> = (0..cols)
        .map(|_| match kind {
            0 => rng.uniform(-1.0, 1.0),
            // Huge spread: magnitudes log-uniform over the whole f32 range.
            2 => {
                let m = 10f64.powf(rng.uniform(-45.0, 38.5) as f64) as f32;
                if rng.next_u32() & 1 == 0 {
                    m
                } else {
                    -m
                }
            }
            3 if rng.below(4) == 0 => f32::NEG_INFINITY,
            // Ties: a few distinct values, the maximum many times.
            4 => rng.below(3) as f32 * 1.5,
            5 => rng.uniform(-1.0, 1.0),
            // Subnormals of both signs.
            6 => {
                let b = rng.next_u32() & 0x807f_ffff;
                f32::from_bits(b)
            }
            7 if rng.below(4) == 0 => f32::MAX,
            7 => rng.uniform(-1e38, 1e38),
            8 if rng.below(3) == 0 => -f32::MAX,
            8 => rng.uniform(-3.0, 3.0),
            // Around the fast exp's range limit (x - max = -86).
            9 => rng.uniform(-88.0, -84.0),
            10 => 1e30,
            _ => rng.uniform(-30.0, 30.0),
        })
        .collect();
    let at = rng.below(cols);
    match kind {
        // A dominant entry: the rest sums to e^-60 next to its 1.
        5 => v[at] = if cols.is_multiple_of(2) { 60.0 } else { 20.0 },
        9 => v[at] = 0.0,
        11 if cols.is_multiple_of(3) => v[at] = f32::NAN,
        11 if cols % 3 == 1 => v[at] = f32::INFINITY,
        _ => {}
    }
    v
}

/// softmax / log_softmax rows, any axis, masked softmax and sparsemax over
/// [`stress_lengths`] x [`KINDS`] rows.
pub(super) fn stress_cases(isa: actfn_isa) -> Vec<Case> {
    let mut cases = Vec::new();
    for log in [false, true] {
        let mut rng = Rng::new(0x5f3e_55a1);
        let mut out = Vec::new();
        for cols in stress_lengths() {
            let x: Vec<f32> = (0..KINDS)
                .flat_map(|k| stress_row(&mut rng, cols, k))
                .collect();
            let mut y = vec![0.0; x.len()];
            testing::softmax_rows(isa, &x, &mut y, KINDS, cols, log);
            out.extend(y);
        }
        let name = ["softmax_rows_stress", "log_softmax_rows_stress"][log as usize];
        cases.push(Case {
            name: name.into(),
            out,
            inputs: None,
        });
    }
    for log in [false, true] {
        let mut rng = Rng::new(0x5f3e_55a2);
        let mut out = Vec::new();
        for axis in [1usize, 2, 3, 5, 16, 17, 33, 100, 1000] {
            for inner in [2usize, 3, 7, 8, 16, 17, 33] {
                let outer = 2;
                let mut x = vec![0.0f32; outer * axis * inner];
                for o in 0..outer {
                    for i in 0..inner {
                        let g = stress_row(&mut rng, axis, (o * inner + i) % KINDS);
                        for (a, v) in g.into_iter().enumerate() {
                            x[(o * axis + a) * inner + i] = v;
                        }
                    }
                }
                let mut y = vec![0.0; x.len()];
                testing::softmax_axis(isa, &x, &mut y, [outer, axis, inner], log);
                out.extend(y);
            }
        }
        let name = ["softmax_axis_stress", "log_softmax_axis_stress"][log as usize];
        cases.push(Case {
            name: name.into(),
            out,
            inputs: None,
        });
    }
    {
        let mut rng = Rng::new(0x5f3e_55a3);
        let mut out = Vec::new();
        for cols in stress_lengths().into_iter().step_by(3) {
            let x: Vec<f32> = (0..KINDS)
                .flat_map(|k| stress_row(&mut rng, cols, k))
                .collect();
            // Per row: all kept, half, mostly masked, one kept, none kept.
            let mask: Vec<u8> = (0..KINDS)
                .flat_map(|r| {
                    let one = r % cols;
                    (0..cols)
                        .map(|j| match r % 5 {
                            0 => 1,
                            1 => (rng.below(2) == 0) as u8,
                            2 => (rng.below(8) == 0) as u8,
                            3 => (j == one) as u8,
                            _ => 0,
                        })
                        .collect::<Vec<u8>>()
                })
                .collect();
            let mut y = vec![0.0; x.len()];
            testing::softmax_masked(isa, &x, &mask, &mut y, KINDS, cols, cols);
            out.extend(&y);
            let r = rng.below(KINDS) * cols;
            testing::softmax_masked(isa, &x, &mask[r..], &mut y, KINDS, cols, 0);
            out.extend(&y);
        }
        cases.push(Case {
            name: "softmax_masked_stress".into(),
            out,
            inputs: None,
        });
    }
    {
        let mut rng = Rng::new(0x5f3e_55a4);
        let mut out = Vec::new();
        for cols in stress_lengths().into_iter().step_by(2) {
            let x: Vec<f32> = (0..KINDS)
                .flat_map(|k| stress_row(&mut rng, cols, k))
                .collect();
            let mut y = vec![0.0; x.len()];
            testing::sparsemax_rows(isa, &x, &mut y, KINDS, cols);
            out.extend(y);
        }
        cases.push(Case {
            name: "sparsemax_rows_stress".into(),
            out,
            inputs: None,
        });
    }
    cases
}
