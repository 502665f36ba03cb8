//! The half-type C entry points from Rust: every op's `actfn_<name>_bf16`
//! and `_f16` (generated calls) equal `actfn_apply_bf16` / `_f16` and the
//! per-ISA results of the active ISA; NULL params mean the defaults; every
//! status, with nothing written; the buffer conversions and the row-wise
//! functions through their C names.

#![allow(clippy::needless_range_loop)]

use crate::half_common;

use actfn::capi::half::*;
use actfn::capi::isa::actfn_active_isa;
use actfn::capi::types::*;
use actfn::catalogue::OPS;
use actfn::half::{convert, testing as ht, Half};
use actfn::testing;
use half_common::*;

include!(concat!(env!("OUT_DIR"), "/capi_half_named.rs"));

fn apply(
    t: Half,
    op: actfn_op,
    p: *const actfn_params,
    x: *const u16,
    y: *mut u16,
    n: usize,
) -> actfn_status {
    unsafe {
        match t {
            Half::Bf16 => actfn_apply_bf16(op, p, x, y, n),
            Half::F16 => actfn_apply_f16(op, p, x, y, n),
        }
    }
}

fn pool() -> Vec<u16> {
    let mut rng = Rng(99);
    (0..300).map(|_| rng.next() as u16).collect()
}

#[test]
fn named_apply_and_per_isa_agree() {
    let x = pool();
    let isa = actfn_active_isa();
    for op in 0..OPS.len() {
        for p in testing::param_sets(op) {
            for t in TYPES {
                let f16 = t == Half::F16;
                let mut a = vec![0u16; x.len()];
                let mut b = vec![1u16; x.len()];
                let mut c = vec![2u16; x.len()];
                let st =
                    unsafe { call_named_half(op, f16, x.as_ptr(), a.as_mut_ptr(), x.len(), &p) };
                assert_eq!(st, ACTFN_OK);
                assert_eq!(
                    apply(t, op as actfn_op, &p, x.as_ptr(), b.as_mut_ptr(), x.len()),
                    ACTFN_OK
                );
                assert_eq!(ht::elementwise(isa, t, op, &x, &mut c, &p), ACTFN_OK);
                assert_eq!(a, b, "{} named vs apply", OPS[op].name);
                assert_eq!(a, c, "{} named vs per-ISA", OPS[op].name);
            }
        }
        // NULL params: the defaults, or ACTFN_ERR_PARAM for required ones.
        let required = OPS[op].params.iter().any(|s| s.default.is_none());
        for t in TYPES {
            let mut a = vec![7u16; x.len()];
            let st = apply(
                t,
                op as actfn_op,
                std::ptr::null(),
                x.as_ptr(),
                a.as_mut_ptr(),
                x.len(),
            );
            if required {
                assert_eq!(st, ACTFN_ERR_PARAM);
                assert!(a.iter().all(|&v| v == 7));
            } else {
                assert_eq!(st, ACTFN_OK);
                let mut b = vec![0u16; x.len()];
                let p = testing::default_params(op);
                assert_eq!(ht::elementwise(isa, t, op, &x, &mut b, &p), ACTFN_OK);
                assert_eq!(a, b);
            }
        }
    }
}

#[test]
fn statuses_write_nothing() {
    let x = pool();
    let relu = actfn::catalogue::find("relu").unwrap() as actfn_op;
    let leaky = actfn::catalogue::find("leaky_relu").unwrap();
    for t in TYPES {
        let mut y = vec![0x1111u16; x.len()];
        let n = x.len();
        let yp = y.as_mut_ptr();
        assert_eq!(
            apply(t, relu, std::ptr::null(), std::ptr::null(), yp, n),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            apply(
                t,
                relu,
                std::ptr::null(),
                x.as_ptr(),
                std::ptr::null_mut(),
                n
            ),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            apply(
                t,
                relu,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null_mut(),
                0
            ),
            ACTFN_OK
        );
        assert_eq!(
            apply(t, relu, std::ptr::null(), x.as_ptr(), yp, usize::MAX / 2),
            ACTFN_ERR_SIZE
        );
        assert_eq!(
            apply(
                t,
                OPS.len() as actfn_op,
                std::ptr::null(),
                x.as_ptr(),
                yp,
                n
            ),
            ACTFN_ERR_UNKNOWN_OP
        );
        let mut p = testing::base_params(leaky);
        p.negative_slope = f32::NAN;
        assert_eq!(
            apply(t, leaky as actfn_op, &p, x.as_ptr(), yp, n),
            ACTFN_ERR_PARAM
        );
        // Overlap by one element either way; in place is fine.
        let mut buf = x.clone();
        let bp = buf.as_mut_ptr();
        unsafe {
            assert_eq!(
                apply(t, relu, std::ptr::null(), bp, bp.add(1), n - 1),
                ACTFN_ERR_OVERLAP
            );
            assert_eq!(
                apply(t, relu, std::ptr::null(), bp.add(1), bp, n - 1),
                ACTFN_ERR_OVERLAP
            );
        }
        assert_eq!(buf, x);
        assert!(y.iter().all(|&v| v == 0x1111));
        assert_eq!(apply(t, relu, std::ptr::null(), bp, bp, n), ACTFN_OK);
    }
}

#[test]
fn buffer_conversions() {
    let h = all_bits();
    let mut f = vec![0f32; h.len()];
    let mut back = vec![0u16; h.len()];
    unsafe {
        assert_eq!(
            actfn_bf16_to_f32(h.as_ptr(), f.as_mut_ptr(), h.len()),
            ACTFN_OK
        );
        for (i, &v) in h.iter().enumerate() {
            assert_eq!(f[i].to_bits(), convert::bf16_to_f32(v).to_bits());
        }
        assert_eq!(
            actfn_f32_to_bf16(f.as_ptr(), back.as_mut_ptr(), f.len()),
            ACTFN_OK
        );
        for (i, &v) in h.iter().enumerate() {
            // Round trip: every value back, NaNs quieted.
            let want = if is_nan(Half::Bf16, v) { v | 0x40 } else { v };
            assert_eq!(back[i], want);
        }
        assert_eq!(
            actfn_f16_to_f32(h.as_ptr(), f.as_mut_ptr(), h.len()),
            ACTFN_OK
        );
        assert_eq!(
            actfn_f32_to_f16(f.as_ptr(), back.as_mut_ptr(), f.len()),
            ACTFN_OK
        );
        for (i, &v) in h.iter().enumerate() {
            let want = if is_nan(Half::F16, v) { v | 0x200 } else { v };
            assert_eq!(back[i], want);
        }
        // Statuses: NULL, size, overlap (the f32 buffer's bytes hold the
        // u16 one), nothing written; n == 0 with NULL is fine.
        let mut fb = vec![1.5f32; 64];
        let fp = fb.as_mut_ptr();
        assert_eq!(
            actfn_f32_to_bf16(fp, (fp as *mut u16).add(3), 16),
            ACTFN_ERR_OVERLAP
        );
        assert_eq!(
            actfn_f16_to_f32((fp as *const u16).add(20), fp, 16),
            ACTFN_ERR_OVERLAP
        );
        assert!(fb.iter().all(|&v| v == 1.5));
        assert_eq!(
            actfn_f32_to_f16(std::ptr::null(), back.as_mut_ptr(), 4),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            actfn_bf16_to_f32(h.as_ptr(), std::ptr::null_mut(), 4),
            ACTFN_ERR_NULL
        );
        assert_eq!(
            actfn_f32_to_f16(std::ptr::null(), std::ptr::null_mut(), 0),
            ACTFN_OK
        );
        assert_eq!(
            actfn_f32_to_bf16(fp, back.as_mut_ptr(), usize::MAX / 4),
            ACTFN_ERR_SIZE
        );
    }
}

#[test]
fn rowwise_c_names() {
    let isa = actfn_active_isa();
    let x: Vec<u16> = pool()[..240].iter().map(|&v| v & 0x3fff).collect();
    let alpha = [0.25f32; 8];
    for t in TYPES {
        let mut a = vec![0u16; 240];
        let mut b = vec![0u16; 240];
        unsafe {
            let (xp, ap) = (x.as_ptr(), a.as_mut_ptr());
            let st = match t {
                Half::Bf16 => actfn_log_softmax_bf16(xp, ap, 10, 24),
                Half::F16 => actfn_log_softmax_f16(xp, ap, 10, 24),
            };
            assert_eq!(st, ACTFN_OK);
            assert_eq!(
                ht::softmax_rows(isa, t, &x, &mut b, [10, 24], true),
                ACTFN_OK
            );
            assert_eq!(a, b);
            let st = match t {
                Half::Bf16 => actfn_prelu_bf16(xp, ap, 30, 8, alpha.as_ptr()),
                Half::F16 => actfn_prelu_f16(xp, ap, 30, 8, alpha.as_ptr()),
            };
            assert_eq!(st, ACTFN_OK);
            assert_eq!(ht::prelu(isa, t, &x, &mut b, &alpha), ACTFN_OK);
            assert_eq!(a, b);
            // alpha inside y: an overlap, nothing written.
            let mut yb = vec![0x2222u16; 64];
            let yp = yb.as_mut_ptr();
            let st = match t {
                Half::Bf16 => actfn_prelu_bf16(xp, yp, 4, 8, (yp as *const f32).add(2)),
                Half::F16 => actfn_prelu_f16(xp, yp, 4, 8, (yp as *const f32).add(2)),
            };
            assert_eq!(st, ACTFN_ERR_OVERLAP);
            assert!(yb.iter().all(|&v| v == 0x2222));
        }
    }
}
