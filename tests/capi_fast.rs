//! The fast tier through the C API: `actfn_<name>_fast_f32` equal to
//! `actfn_apply_f32(op | ACTFN_FAST)` and to the dispatched fast kernel
//! (the exact kernel where an op has no fast one), the tier bit in the
//! name functions, values with other high bits refused, and the tier bit
//! accepted by the fused and the bf16/f16 functions. Statuses on bad input
//! are in `tests/capi_elementwise.rs` (every path, both tiers). The values
//! against the f64 reference are in `tests/accuracy.rs` and
//! `tests/specials.rs`.

#![allow(clippy::needless_range_loop)]

use crate::capi_support;
use crate::support;

use actfn::capi::fused::*;
use actfn::capi::half::*;
use actfn::capi::isa::*;
use actfn::capi::names::*;
use actfn::capi::params::*;
use actfn::capi::types::*;
use actfn::capi::*;
use actfn::catalogue::OPS;
use actfn::testing;
use capi_support::*;
use std::ffi::{CStr, CString};
use support::*;

fn op_from_name(name: &str) -> Result<actfn_op, actfn_status> {
    let c = CString::new(name).unwrap();
    let mut op = 12345;
    let s = unsafe { actfn_op_from_name(c.as_ptr(), &mut op) };
    if s == ACTFN_OK {
        Ok(op)
    } else {
        assert_eq!(op, 12345, "{name}: *op written on error");
        Err(s)
    }
}

fn op_name(op: actfn_op) -> Option<String> {
    let p = actfn_op_name(op);
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

#[test]
fn fast_names_run_the_fast_kernel_and_equal_apply_with_the_tier_bit() {
    let x = inputs();
    let isa = actfn_active_isa();
    let mut own = 0;
    for i in 0..OPS.len() {
        let p = base_params(i);
        let op = i as actfn_op;
        let mut named = vec![sentinel(); x.len()];
        let mut applied = vec![sentinel(); x.len()];
        let mut kernel = vec![sentinel(); x.len()];
        assert_eq!(
            direct_fast(i, x.as_ptr(), named.as_mut_ptr(), x.len(), &p),
            ACTFN_OK
        );
        assert_eq!(
            apply(
                op | ACTFN_FAST,
                Some(&p),
                x.as_ptr(),
                applied.as_mut_ptr(),
                x.len()
            ),
            ACTFN_OK
        );
        testing::elementwise(isa, i | testing::FAST, &x, &mut kernel, &p);
        let fast_kernel = testing::elementwise_kernel(isa, i | testing::FAST) as usize;
        let exact_kernel = testing::elementwise_kernel(isa, i) as usize;
        match OPS[i].fast {
            // An op with a fast kernel runs it, not the exact one.
            Some(_) => {
                own += 1;
                assert_ne!(
                    fast_kernel, exact_kernel,
                    "{}: no own fast kernel",
                    OPS[i].name
                );
            }
            None => assert_eq!(fast_kernel, exact_kernel, "{}", OPS[i].name),
        }
        for k in 0..x.len() {
            let what = format!("{}_fast at x = {}", OPS[i].name, show(x[k]));
            assert!(same(named[k], applied[k]), "{what}: named vs apply");
            assert!(
                same(named[k], kernel[k]),
                "{what}: named vs the fast kernel"
            );
        }
    }
    assert!(own > 0, "no op has a fast kernel");
}

#[test]
fn names_carry_the_tier() {
    let sigmoid = actfn::catalogue::find("sigmoid").unwrap() as actfn_op;
    let silu = actfn::catalogue::find("silu").unwrap() as actfn_op;
    assert_eq!(op_from_name("sigmoid_fast"), Ok(sigmoid | ACTFN_FAST));
    assert_eq!(op_from_name("swish_fast"), Ok(silu | ACTFN_FAST));
    assert_eq!(op_from_name("sigmoid"), Ok(sigmoid));
    for bad in [
        "_fast",
        "fast",
        "sigmoid_fast_fast",
        "sigmoid_FAST",
        "nonsense_fast",
    ] {
        assert_eq!(op_from_name(bad), Err(ACTFN_ERR_UNKNOWN_NAME), "{bad}");
    }
    for rowwise in ["softmax_fast", "glu_fast", "Softmax_fast"] {
        assert_eq!(op_from_name(rowwise), Err(ACTFN_ERR_ROWWISE), "{rowwise}");
    }
    for i in 0..OPS.len() {
        let op = i as actfn_op;
        let name = op_name(op | ACTFN_FAST).unwrap();
        assert_eq!(name, format!("{}_fast", OPS[i].name));
        assert_eq!(op_from_name(&name), Ok(op | ACTFN_FAST), "{name}");
        // The tier does not change the defaults.
        let (mut a, mut b) = (testing::base_params(i), testing::base_params(i));
        assert_eq!(unsafe { actfn_params_default(op, &mut a) }, ACTFN_OK);
        assert_eq!(
            unsafe { actfn_params_default(op | ACTFN_FAST, &mut b) },
            ACTFN_OK
        );
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{name}");
    }
    // ONNX and PyTorch names with their own defaults keep them.
    let c = CString::new("LeakyRelu_fast").unwrap();
    let mut op = 0;
    let mut p = testing::base_params(0);
    assert_eq!(
        unsafe { actfn_params_from_name(c.as_ptr(), &mut op, &mut p) },
        ACTFN_OK
    );
    let leaky = actfn::catalogue::find("leaky_relu").unwrap() as actfn_op;
    assert_eq!(op, leaky | ACTFN_FAST);
    assert_eq!(p.negative_slope, 0.01);
}

#[test]
fn other_high_bits_and_ops_past_the_end_are_unknown() {
    let x = [0.5f32; 8];
    for op in [
        0x2_0000,
        0x1_0000 | 0x2_0000,
        ACTFN_OP_COUNT | ACTFN_FAST,
        u32::MAX,
        0x8000_0000,
    ] {
        expect(&format!("apply {op:#x}"), ACTFN_ERR_UNKNOWN_OP, |y| {
            apply(op, None, x.as_ptr(), y, x.len())
        });
        assert!(op_name(op).is_none(), "{op:#x} has a name");
        let mut p = testing::base_params(0);
        assert_eq!(
            unsafe { actfn_params_default(op, &mut p) },
            ACTFN_ERR_UNKNOWN_OP,
            "{op:#x}"
        );
    }
}

/// The fused functions run the fast kernel on the same pre-activation:
/// bit for bit the unfused fast calls.
#[test]
fn fused_functions_take_the_tier_bit() {
    let mut rng = Rng::new(14);
    let (outer, channels) = (3usize, 37usize);
    let n = outer * channels;
    let x: Vec<f32> = (0..n).map(|_| rng.uniform(-9.0, 9.0)).collect();
    let bias: Vec<f32> = (0..channels).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let up: Vec<f32> = (0..n).map(|_| rng.uniform(-3.0, 3.0)).collect();
    for i in (0..OPS.len()).filter(|&i| OPS[i].fast.is_some()) {
        let op = i as actfn_op | ACTFN_FAST;
        let p = base_params(i);
        let pre: Vec<f32> = (0..n).map(|k| x[k] + bias[k % channels]).collect();
        let mut want = vec![sentinel(); n];
        assert_eq!(
            apply(op, Some(&p), pre.as_ptr(), want.as_mut_ptr(), n),
            ACTFN_OK
        );
        let mut got = vec![sentinel(); n];
        let s = unsafe {
            actfn_bias_act_f32(
                op,
                &p,
                x.as_ptr(),
                bias.as_ptr(),
                std::ptr::null(),
                got.as_mut_ptr(),
                outer,
                channels,
                1,
            )
        };
        assert_eq!(s, ACTFN_OK);
        for k in 0..n {
            assert!(
                same(got[k], want[k]),
                "bias_act {}_fast at {k}",
                OPS[i].name
            );
        }
        let mut act = vec![sentinel(); n];
        assert_eq!(
            apply(op, Some(&p), x.as_ptr(), act.as_mut_ptr(), n),
            ACTFN_OK
        );
        let mut gated = vec![sentinel(); n];
        let s = unsafe { actfn_gated_f32(op, &p, x.as_ptr(), up.as_ptr(), gated.as_mut_ptr(), n) };
        assert_eq!(s, ACTFN_OK);
        for k in 0..n {
            assert!(
                same(gated[k], act[k] * up[k]),
                "gated {}_fast at {k}",
                OPS[i].name
            );
        }
    }
}

/// bf16 and f16 with the tier bit: the fast f32 kernel on the widened
/// values, rounded back once.
#[test]
fn half_apply_takes_the_tier_bit() {
    let mut rng = Rng::new(16);
    let x32: Vec<f32> = (0..300).map(|_| rng.uniform(-12.0, 12.0)).collect();
    let n = x32.len();
    for i in (0..OPS.len()).filter(|&i| OPS[i].fast.is_some()) {
        let op = i as actfn_op | ACTFN_FAST;
        let p = base_params(i);
        for f16 in [false, true] {
            let mut xh = vec![0u16; n];
            let mut wide = vec![0.0f32; n];
            unsafe {
                if f16 {
                    assert_eq!(actfn_f32_to_f16(x32.as_ptr(), xh.as_mut_ptr(), n), ACTFN_OK);
                    assert_eq!(
                        actfn_f16_to_f32(xh.as_ptr(), wide.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                } else {
                    assert_eq!(
                        actfn_f32_to_bf16(x32.as_ptr(), xh.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                    assert_eq!(
                        actfn_bf16_to_f32(xh.as_ptr(), wide.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                }
            }
            let mut act = vec![0.0f32; n];
            assert_eq!(
                apply(op, Some(&p), wide.as_ptr(), act.as_mut_ptr(), n),
                ACTFN_OK
            );
            let mut want = vec![0u16; n];
            let mut got = vec![0u16; n];
            unsafe {
                if f16 {
                    assert_eq!(
                        actfn_f32_to_f16(act.as_ptr(), want.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                    assert_eq!(
                        actfn_apply_f16(op, &p, xh.as_ptr(), got.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                } else {
                    assert_eq!(
                        actfn_f32_to_bf16(act.as_ptr(), want.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                    assert_eq!(
                        actfn_apply_bf16(op, &p, xh.as_ptr(), got.as_mut_ptr(), n),
                        ACTFN_OK
                    );
                }
            }
            assert_eq!(got, want, "{}_fast, f16 = {f16}", OPS[i].name);
        }
    }
}
