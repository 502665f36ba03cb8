//! The fused operators' C entry points: every status with nothing written
//! (NULLs, sizes that overflow, overlaps, shapes, unknown ops, bad
//! parameters, unknown flags and halves), empty calls, in place, and the
//! results of the active ISA equal to the per-ISA kernels.
#![allow(clippy::too_many_arguments)]

use crate::capi_support;
use crate::support;

use actfn::capi::fused::*;
use actfn::capi::isa::actfn_active_isa;
use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::fused::testing as fused;
use capi_support::*;
use support::*;

const NUL: *const f32 = std::ptr::null();

fn op(name: &str) -> u32 {
    OPS.iter().position(|o| o.name == name).unwrap() as u32
}

fn data(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| rng.uniform(-4.0, 4.0)).collect()
}

fn bias_act(
    o: u32,
    p: *const actfn_params,
    x: *const f32,
    b: *const f32,
    s: *const f32,
    y: *mut f32,
    d: [usize; 3],
) -> actfn_status {
    unsafe { actfn_bias_act_f32(o, p, x, b, s, y, d[0], d[1], d[2]) }
}

#[test]
fn bias_act_statuses() {
    let x = data(64, 1);
    let b = data(8, 2);
    let silu = op("silu");
    let xp = x.as_ptr();
    let bp = b.as_ptr();
    let d = [2, 8, 4];
    expect("ok", ACTFN_OK, |y| {
        bias_act(silu, std::ptr::null(), xp, bp, NUL, y, d)
    });
    expect("unknown op", ACTFN_ERR_UNKNOWN_OP, |y| {
        bias_act(OPS.len() as u32, std::ptr::null(), xp, bp, NUL, y, d)
    });
    let thr = op("threshold");
    expect("required param missing", ACTFN_ERR_PARAM, |y| {
        bias_act(thr, std::ptr::null(), xp, bp, NUL, y, d)
    });
    let mut bad = testing_params("elu");
    bad.alpha = f32::NAN;
    expect("bad param", ACTFN_ERR_PARAM, |y| {
        bias_act(op("elu"), &bad, xp, bp, NUL, y, d)
    });
    expect("x NULL", ACTFN_ERR_NULL, |y| {
        bias_act(silu, std::ptr::null(), NUL, bp, NUL, y, d)
    });
    expect("bias NULL", ACTFN_ERR_NULL, |y| {
        bias_act(silu, std::ptr::null(), xp, NUL, NUL, y, d)
    });
    expect("y NULL", ACTFN_ERR_NULL, |_| {
        bias_act(silu, std::ptr::null(), xp, bp, NUL, std::ptr::null_mut(), d)
    });
    expect("size overflow", ACTFN_ERR_SIZE, |y| {
        bias_act(
            silu,
            std::ptr::null(),
            xp,
            bp,
            NUL,
            y,
            [usize::MAX / 2, 8, 4],
        )
    });
    expect("bytes overflow", ACTFN_ERR_SIZE, |y| {
        bias_act(
            silu,
            std::ptr::null(),
            xp,
            bp,
            NUL,
            y,
            [1, 1, usize::MAX / 2],
        )
    });
    expect("x overlaps y", ACTFN_ERR_OVERLAP, |y| {
        bias_act(silu, std::ptr::null(), y.wrapping_add(1), bp, NUL, y, d)
    });
    expect("bias in y", ACTFN_ERR_OVERLAP, |y| {
        bias_act(silu, std::ptr::null(), xp, y.wrapping_add(3), NUL, y, d)
    });
    expect("scale in y", ACTFN_ERR_OVERLAP, |y| {
        bias_act(silu, std::ptr::null(), xp, bp, y.wrapping_add(60), y, d)
    });
    expect("empty", ACTFN_OK, |_| {
        bias_act(
            silu,
            std::ptr::null(),
            NUL,
            NUL,
            NUL,
            std::ptr::null_mut(),
            [0, 8, 4],
        )
    });
    expect("no channels", ACTFN_OK, |_| {
        bias_act(
            silu,
            std::ptr::null(),
            NUL,
            NUL,
            NUL,
            std::ptr::null_mut(),
            [5, 0, 4],
        )
    });
}

fn testing_params(name: &str) -> actfn_params {
    actfn::testing::base_params(op(name) as usize)
}

fn gated(o: u32, g: *const f32, u: *const f32, y: *mut f32, n: usize) -> actfn_status {
    unsafe { actfn_gated_f32(o, std::ptr::null(), g, u, y, n) }
}

fn gated_axis(o: u32, x: *const f32, y: *mut f32, d: [usize; 3], half: u32) -> actfn_status {
    unsafe { actfn_gated_axis_f32(o, std::ptr::null(), x, y, d[0], d[1], d[2], half) }
}

#[test]
fn gated_statuses() {
    let g = data(64, 3);
    let u = data(64, 4);
    let (gp, up) = (g.as_ptr(), u.as_ptr());
    let silu = op("silu");
    expect("ok", ACTFN_OK, |y| gated(silu, gp, up, y, 64));
    expect("unknown op", ACTFN_ERR_UNKNOWN_OP, |y| {
        gated(9999, gp, up, y, 64)
    });
    expect("gate NULL", ACTFN_ERR_NULL, |y| gated(silu, NUL, up, y, 64));
    expect("up NULL", ACTFN_ERR_NULL, |y| gated(silu, gp, NUL, y, 64));
    expect("size", ACTFN_ERR_SIZE, |y| {
        gated(silu, gp, up, y, usize::MAX / 2)
    });
    expect("gate overlaps", ACTFN_ERR_OVERLAP, |y| {
        gated(silu, y.wrapping_add(2), up, y, 60)
    });
    expect("up overlaps", ACTFN_ERR_OVERLAP, |y| {
        gated(silu, gp, y.wrapping_add(2), y, 60)
    });
    expect("empty", ACTFN_OK, |_| {
        gated(silu, NUL, NUL, std::ptr::null_mut(), 0)
    });
    let x = data(64, 5);
    let xp = x.as_ptr();
    expect("axis ok", ACTFN_OK, |y| {
        gated_axis(silu, xp, y, [2, 4, 8], ACTFN_GATE_FIRST)
    });
    expect("odd axis", ACTFN_ERR_SHAPE, |y| {
        gated_axis(silu, xp, y, [2, 3, 8], ACTFN_GATE_FIRST)
    });
    expect("bad half", ACTFN_ERR_PARAM, |y| {
        gated_axis(silu, xp, y, [2, 4, 8], 2)
    });
    expect("axis NULL", ACTFN_ERR_NULL, |y| {
        gated_axis(silu, NUL, y, [2, 4, 8], 1)
    });
    expect("axis size", ACTFN_ERR_SIZE, |y| {
        gated_axis(silu, xp, y, [usize::MAX / 4, 4, 8], 1)
    });
    expect("axis overlap", ACTFN_ERR_OVERLAP, |y| {
        gated_axis(silu, y.wrapping_add(1), y, [2, 4, 4], 1)
    });
    // In place: y == gate, y == up, y == x.
    let isa = actfn_active_isa();
    let p = testing_params("gelu");
    let mut want = vec![0.0; 64];
    fused::gated(isa, op("gelu") as usize, &p, &g, &u, &mut want);
    let mut g2 = g.clone();
    assert_eq!(
        gated(op("gelu"), g2.as_ptr(), up, g2.as_mut_ptr(), 64),
        ACTFN_OK
    );
    let mut u2 = u.clone();
    assert_eq!(
        gated(op("gelu"), gp, u2.as_ptr(), u2.as_mut_ptr(), 64),
        ACTFN_OK
    );
    assert!(g2
        .iter()
        .zip(&want)
        .all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(u2
        .iter()
        .zip(&want)
        .all(|(a, b)| a.to_bits() == b.to_bits()));
    let mut xy = x.clone();
    let mut w2 = vec![0.0; 32];
    fused::gated_axis(
        isa,
        silu as usize,
        &testing_params("silu"),
        &x,
        &mut w2,
        [2, 4, 8],
        true,
    );
    assert_eq!(
        gated_axis(
            silu,
            xy.as_ptr(),
            xy.as_mut_ptr(),
            [2, 4, 8],
            ACTFN_GATE_SECOND
        ),
        ACTFN_OK
    );
    assert!(xy[..32]
        .iter()
        .zip(&w2)
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}

fn attn(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    cols: usize,
    m: *const f32,
    mr: usize,
    flags: u32,
    period: usize,
    offset: i64,
    log: bool,
) -> actfn_status {
    unsafe {
        if log {
            actfn_attention_log_softmax_f32(x, y, rows, cols, 0.5, m, mr, flags, period, offset)
        } else {
            actfn_attention_softmax_f32(x, y, rows, cols, 0.5, m, mr, flags, period, offset)
        }
    }
}

#[test]
fn attention_statuses_and_values() {
    let x = data(64, 6);
    let m = data(16, 7);
    let (xp, mp) = (x.as_ptr(), m.as_ptr());
    for log in [false, true] {
        expect("ok", ACTFN_OK, |y| {
            attn(xp, y, 4, 16, mp, 1, ACTFN_ATTENTION_CAUSAL, 4, 0, log)
        });
        expect("unknown flag", ACTFN_ERR_PARAM, |y| {
            attn(xp, y, 4, 16, mp, 1, 2, 4, 0, log)
        });
        expect("cols 0", ACTFN_ERR_SHAPE, |y| {
            attn(xp, y, 4, 0, mp, 1, 0, 0, 0, log)
        });
        expect("mask without rows", ACTFN_ERR_SHAPE, |y| {
            attn(xp, y, 4, 16, mp, 0, 0, 0, 0, log)
        });
        expect("mask rows without mask", ACTFN_ERR_NULL, |y| {
            attn(xp, y, 4, 16, NUL, 1, 0, 0, 0, log)
        });
        expect("x NULL", ACTFN_ERR_NULL, |y| {
            attn(NUL, y, 4, 16, mp, 1, 0, 0, 0, log)
        });
        expect("size", ACTFN_ERR_SIZE, |y| {
            attn(xp, y, usize::MAX / 8, 16, mp, 1, 0, 0, 0, log)
        });
        expect("mask size", ACTFN_ERR_SIZE, |y| {
            attn(xp, y, 4, 16, mp, usize::MAX / 8, 0, 0, 0, log)
        });
        expect("x overlaps", ACTFN_ERR_OVERLAP, |y| {
            attn(y.wrapping_add(1), y, 4, 15, mp, 1, 0, 0, 0, log)
        });
        expect("mask in y", ACTFN_ERR_OVERLAP, |y| {
            attn(xp, y, 4, 16, y.wrapping_add(16), 1, 0, 0, 0, log)
        });
        expect("empty", ACTFN_OK, |_| {
            attn(NUL, std::ptr::null_mut(), 0, 0, NUL, 0, 0, 0, 0, log)
        });
        // Values: the active ISA's kernels, in place too.
        let isa = actfn_active_isa();
        let mut want = vec![0.0; 64];
        fused::attention(
            isa,
            &x,
            &mut want,
            4,
            16,
            0.5,
            Some((&m, 1)),
            Some((2, 1)),
            log,
        );
        let mut y = vec![0.0; 64];
        assert_eq!(
            attn(
                xp,
                y.as_mut_ptr(),
                4,
                16,
                mp,
                1,
                ACTFN_ATTENTION_CAUSAL,
                2,
                1,
                log
            ),
            ACTFN_OK
        );
        let mut xy = x.clone();
        assert_eq!(
            attn(
                xy.as_ptr(),
                xy.as_mut_ptr(),
                4,
                16,
                mp,
                1,
                ACTFN_ATTENTION_CAUSAL,
                2,
                1,
                log
            ),
            ACTFN_OK
        );
        for k in 0..64 {
            assert_eq!(y[k].to_bits(), want[k].to_bits(), "y[{k}]");
            assert_eq!(xy[k].to_bits(), want[k].to_bits(), "in place y[{k}]");
        }
        // Row 0 sees positions 0 and 1 only.
        if !log {
            assert!(y[2..16].iter().all(|&v| v == 0.0) && y[0] > 0.0 && y[1] > 0.0);
        }
    }
}

#[test]
fn bias_act_values_through_the_c_api() {
    let isa = actfn_active_isa();
    let x = data(3 * 37, 8);
    let b = data(37, 9);
    let s = data(37, 10);
    for name in ["relu", "gelu", "silu", "sigmoid", "tanh"] {
        let i = op(name);
        let p = testing_params(name);
        for scale in [false, true] {
            let sp = if scale { s.as_ptr() } else { NUL };
            let mut want = vec![0.0; x.len()];
            fused::bias_act(
                isa,
                i as usize,
                &p,
                &x,
                &b,
                scale.then_some(&s[..]),
                &mut want,
                [3, 37, 1],
            );
            let mut y = vec![0.0; x.len()];
            assert_eq!(
                bias_act(
                    i,
                    &p,
                    x.as_ptr(),
                    b.as_ptr(),
                    sp,
                    y.as_mut_ptr(),
                    [3, 37, 1]
                ),
                ACTFN_OK
            );
            let mut xy = x.clone();
            assert_eq!(
                bias_act(
                    i,
                    &p,
                    xy.as_ptr(),
                    b.as_ptr(),
                    sp,
                    xy.as_mut_ptr(),
                    [3, 37, 1]
                ),
                ACTFN_OK
            );
            // And as an unfused caller would: t = x + b, then actfn_apply_f32.
            let t: Vec<f32> = (0..x.len())
                .map(|k| {
                    if scale {
                        x[k].mul_add(s[k % 37], b[k % 37])
                    } else {
                        x[k] + b[k % 37]
                    }
                })
                .collect();
            let mut u = vec![0.0; x.len()];
            assert_eq!(
                apply(i, Some(&p), t.as_ptr(), u.as_mut_ptr(), t.len()),
                ACTFN_OK
            );
            for k in 0..x.len() {
                assert_eq!(y[k].to_bits(), want[k].to_bits(), "{name} y[{k}]");
                assert_eq!(xy[k].to_bits(), want[k].to_bits(), "{name} in place y[{k}]");
                assert_eq!(
                    y[k].to_bits(),
                    u[k].to_bits(),
                    "{name} vs actfn_apply_f32 y[{k}]"
                );
            }
        }
    }
}
