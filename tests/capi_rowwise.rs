//! The row-wise entry points, called as C would: statuses for every kind
//! of bad shape, NULL, size and overlap, with nothing written on error.

#![allow(
    clippy::needless_range_loop,
    clippy::neg_cmp_op_on_partial_ord,
    unused_imports
)]

use crate::capi_support;
use crate::support;

use actfn::capi::isa::*;
use actfn::capi::names::*;
use actfn::capi::params::*;
use actfn::capi::rowwise::*;
use actfn::capi::types::*;
use actfn::capi::*;
use actfn::catalogue::{Domain, Param, OPS};
use actfn::constants::*;
use actfn::testing;
use capi_support::*;
use std::ffi::{CStr, CString};
use support::*;

// ---------------------------------------------------------------------
// row-wise statuses

type Rows = unsafe extern "C" fn(*const f32, *mut f32, usize, usize) -> actfn_status;
type Axis = unsafe extern "C" fn(*const f32, *mut f32, usize, usize, usize) -> actfn_status;

#[test]
fn rowwise_statuses() {
    let x: Vec<f32> = (0..64).map(|k| (k % 9) as f32 * 0.5 - 2.0).collect();
    let rows_fns: [(&str, Rows); 3] = [
        ("softmax", actfn_softmax_f32),
        ("log_softmax", actfn_log_softmax_f32),
        ("sparsemax", actfn_sparsemax_f32),
    ];
    for (name, f) in rows_fns {
        let w = |s: &str| format!("{name}: {s}");
        expect(&w("rows>0, cols=0"), ACTFN_ERR_SHAPE, |y| unsafe {
            f(x.as_ptr(), y, 2, 0)
        });
        expect(&w("rows>0, cols=0, NULL"), ACTFN_ERR_SHAPE, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 2, 0)
        });
        expect(&w("rows=0, cols=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 0)
        });
        expect(&w("rows=0, cols=5, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 5)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 3, 4)
        });
        expect(&w("NULL y"), ACTFN_ERR_NULL, |_| unsafe {
            f(x.as_ptr(), std::ptr::null_mut(), 3, 4)
        });
        expect(&w("rows*cols overflows"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX, 2)
        });
        expect(&w("bytes overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX / 8, 2)
        });
        expect(&w("bytes > isize::MAX"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, 1, (isize::MAX as usize) / 4 + 1)
        });
        for (xo, yo, want) in [
            (0usize, 1usize, ACTFN_ERR_OVERLAP),
            (1, 0, ACTFN_ERR_OVERLAP),
            (0, 12, ACTFN_OK),
            (2, 2, ACTFN_OK),
        ] {
            let mut buf = x.clone();
            let before = buf.clone();
            let b = buf.as_mut_ptr();
            let s = unsafe { f(b.add(xo), b.add(yo), 3, 4) };
            assert_eq!(s, want, "{name}: overlap x+{xo} y+{yo}");
            if want != ACTFN_OK {
                assert_eq!(buf, before, "{name}: wrote on overlap error");
            }
        }
        // In place gives the out-of-place bits.
        let mut y = vec![sentinel(); 60];
        assert_eq!(unsafe { f(x.as_ptr(), y.as_mut_ptr(), 3, 20) }, ACTFN_OK);
        let mut z = x[..60].to_vec();
        assert_eq!(unsafe { f(z.as_ptr(), z.as_mut_ptr(), 3, 20) }, ACTFN_OK);
        for k in 0..60 {
            assert!(
                same(y[k], z[k]),
                "{name} in place at {k}: {} vs {}",
                show(z[k]),
                show(y[k])
            );
        }
    }

    let axis_fns: [(&str, Axis); 3] = [
        ("softmax_axis", actfn_softmax_axis_f32),
        ("log_softmax_axis", actfn_log_softmax_axis_f32),
        ("glu", actfn_glu_f32),
    ];
    for (name, f) in axis_fns {
        let w = |s: &str| format!("{name}: {s}");
        let empty_axis = if name == "glu" {
            ACTFN_OK
        } else {
            ACTFN_ERR_SHAPE
        };
        expect(&w("axis=0"), empty_axis, |y| unsafe {
            f(x.as_ptr(), y, 2, 0, 3)
        });
        expect(&w("outer=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 0, 4, 3)
        });
        expect(&w("inner=0, NULL"), ACTFN_OK, |_| unsafe {
            f(std::ptr::null(), std::ptr::null_mut(), 2, 4, 0)
        });
        expect(&w("NULL x"), ACTFN_ERR_NULL, |y| unsafe {
            f(std::ptr::null(), y, 2, 4, 3)
        });
        expect(&w("NULL y"), ACTFN_ERR_NULL, |_| unsafe {
            f(x.as_ptr(), std::ptr::null_mut(), 2, 4, 3)
        });
        expect(&w("product overflows"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, usize::MAX / 2, 4, 3)
        });
        expect(&w("bytes overflow"), ACTFN_ERR_SIZE, |y| unsafe {
            f(x.as_ptr(), y, 1, 2, usize::MAX / 8)
        });
        let mut buf = x.clone();
        let before = buf.clone();
        let b = buf.as_mut_ptr();
        let s = unsafe { f(b, b.add(1), 2, 4, 3) };
        assert_eq!(s, ACTFN_ERR_OVERLAP, "{name}: partial overlap");
        assert_eq!(buf, before, "{name}: wrote on overlap error");
    }
    // glu: odd axis, and the output may not overlap the input partially.
    for (o, a, i) in [(1usize, 3usize, 1usize), (2, 5, 3), (1, 1, 1)] {
        expect(&format!("glu odd axis {a}"), ACTFN_ERR_SHAPE, |y| unsafe {
            actfn_glu_f32(x.as_ptr(), y, o, a, i)
        });
    }
    // glu: y == x is allowed; y just past the first half overlaps the b half.
    let mut buf = x.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(unsafe { actfn_glu_f32(b, b, 2, 4, 3) }, ACTFN_OK);
    let mut buf = x.clone();
    let before = buf.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(
        unsafe { actfn_glu_f32(b, b.add(12), 2, 4, 3) },
        ACTFN_ERR_OVERLAP
    );
    assert_eq!(buf, before);
    assert_eq!(
        unsafe { actfn_glu_f32(b, b.add(24), 2, 4, 3) },
        ACTFN_OK,
        "glu output right after the input"
    );
}

#[test]
fn masked_and_prelu_statuses() {
    let x: Vec<f32> = (0..64).map(|k| (k % 7) as f32 - 3.0).collect();
    let mask = [1u8; 64];
    let m = mask.as_ptr();
    let xp = x.as_ptr();
    let call = |x: *const f32, m: *const u8, y: *mut f32, r: usize, c: usize, mr: usize| unsafe {
        actfn_softmax_masked_f32(x, m, y, r, c, mr)
    };
    expect("masked mask_rows=2 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 2)
    });
    expect("masked mask_rows=0 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 0)
    });
    expect("masked mask_rows=4 of 3", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 4, 4)
    });
    expect("masked mask_rows=3", ACTFN_OK, |y| call(xp, m, y, 3, 4, 3));
    expect("masked mask_rows=1", ACTFN_OK, |y| call(xp, m, y, 3, 4, 1));
    expect("masked cols=0", ACTFN_ERR_SHAPE, |y| {
        call(xp, m, y, 3, 0, 1)
    });
    expect("masked rows=0, NULL", ACTFN_OK, |_| {
        call(
            std::ptr::null(),
            std::ptr::null(),
            std::ptr::null_mut(),
            0,
            4,
            1,
        )
    });
    expect("masked NULL mask", ACTFN_ERR_NULL, |y| {
        call(xp, std::ptr::null(), y, 3, 4, 3)
    });
    expect("masked NULL x", ACTFN_ERR_NULL, |y| {
        call(std::ptr::null(), m, y, 3, 4, 3)
    });
    expect("masked NULL y", ACTFN_ERR_NULL, |_| {
        call(xp, m, std::ptr::null_mut(), 3, 4, 3)
    });
    expect("masked size", ACTFN_ERR_SIZE, |y| {
        call(xp, m, y, usize::MAX / 2, 4, 1)
    });
    // The mask may not overlap y.
    expect("masked mask inside y", ACTFN_ERR_OVERLAP, |y| {
        call(xp, unsafe { (y as *const u8).add(4) }, y, 3, 4, 1)
    });
    // Values: mask_rows = rows and broadcast.
    let mut y = [sentinel(); 12];
    let mk = [1u8, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1];
    assert_eq!(call(xp, mk.as_ptr(), y.as_mut_ptr(), 3, 4, 3), ACTFN_OK);
    assert_eq!(y[1], 0.0);
    assert_eq!(&y[4..8], &[0.0; 4], "fully masked row");
    assert!((y[0] + y[2] + y[3] - 1.0).abs() < 1e-6);

    let alpha = [0.25f32; 16];
    let a = alpha.as_ptr();
    let pcall = |x: *const f32, y: *mut f32, r: usize, c: usize, a: *const f32| unsafe {
        actfn_prelu_f32(x, y, r, c, a)
    };
    expect("prelu channels=0", ACTFN_ERR_SHAPE, |y| {
        pcall(xp, y, 2, 0, a)
    });
    expect("prelu rows=0 NULL", ACTFN_OK, |_| {
        pcall(
            std::ptr::null(),
            std::ptr::null_mut(),
            0,
            4,
            std::ptr::null(),
        )
    });
    expect("prelu NULL alpha", ACTFN_ERR_NULL, |y| {
        pcall(xp, y, 2, 4, std::ptr::null())
    });
    expect("prelu NULL x", ACTFN_ERR_NULL, |y| {
        pcall(std::ptr::null(), y, 2, 4, a)
    });
    expect("prelu size", ACTFN_ERR_SIZE, |y| {
        pcall(xp, y, usize::MAX / 2, 4, a)
    });
    expect("prelu alpha inside y", ACTFN_ERR_OVERLAP, |y| {
        pcall(xp, y, 2, 4, unsafe { y.add(2) })
    });
    expect("prelu alpha == x is fine", ACTFN_OK, |y| {
        pcall(xp, y, 2, 4, xp)
    });
    let mut buf = x.clone();
    let before = buf.clone();
    let b = buf.as_mut_ptr();
    assert_eq!(pcall(b, unsafe { b.add(1) }, 2, 4, a), ACTFN_ERR_OVERLAP);
    assert_eq!(buf, before);
    assert_eq!(pcall(b, b, 2, 4, a), ACTFN_OK);
    assert_eq!(&buf[..8], &[-0.75, -0.5, -0.25, 0.0, 1.0, 2.0, 3.0, -0.75]);
}
