//! What the C API tests share: calls through `actfn_apply_f32` and the
//! named entry points (generated from the catalogue), inputs, and status
//! checks that also make sure nothing was written. The including test
//! declares `mod support;` too.
#![allow(dead_code, unused_imports)]

use crate::support::*;
use actfn::capi::isa::*;
use actfn::capi::types::*;
use actfn::capi::*;
use actfn::testing;
use std::ffi::CStr;

pub fn apply(
    op: actfn_op,
    p: Option<&actfn_params>,
    x: *const f32,
    y: *mut f32,
    n: usize,
) -> actfn_status {
    let pp = p.map_or(std::ptr::null(), |p| p as *const actfn_params);
    unsafe { actfn_apply_f32(op, pp, x, y, n) }
}

// `call_named`: every op's `actfn_<name>_f32`, generated from the catalogue.
include!(concat!(env!("OUT_DIR"), "/capi_named.rs"));

/// The op's own `actfn_<name>_f32`, with its parameters taken from `p`.
pub fn direct(i: usize, x: *const f32, y: *mut f32, n: usize, p: &actfn_params) -> actfn_status {
    unsafe { call_named(i, x, y, n, p) }
}

/// The op's fast tier `actfn_<name>_fast_f32`, parameters from `p`.
pub fn direct_fast(
    i: usize,
    x: *const f32,
    y: *mut f32,
    n: usize,
    p: &actfn_params,
) -> actfn_status {
    unsafe { call_named_fast(i, x, y, n, p) }
}

/// Keras's defaults, required parameters at the catalogue's example.
pub fn base_params(i: usize) -> actfn_params {
    testing::base_params(i)
}

pub fn inputs() -> Vec<f32> {
    let mut rng = Rng::new(42);
    let mut v = specials();
    for _ in 0..500 {
        v.push(rng.uniform(-12.0, 12.0));
    }
    for _ in 0..200 {
        v.push(rng.any_bits());
    }
    v
}

/// Runs `f` on a sentinel-filled output and checks the status, and that
/// nothing was written when it is an error.
pub fn expect(what: &str, want: actfn_status, f: impl FnOnce(*mut f32) -> actfn_status) {
    let mut y = vec![sentinel(); 64];
    let got = f(y.as_mut_ptr());
    assert_eq!(
        got,
        want,
        "{what}: status {got} ({}), want {want}",
        status_str(got)
    );
    if want != ACTFN_OK {
        assert!(
            all_sentinel(&y),
            "{what}: wrote to y although it returned {got}"
        );
    }
}

pub fn status_str(s: actfn_status) -> String {
    unsafe { CStr::from_ptr(actfn_status_str(s)) }
        .to_string_lossy()
        .into_owned()
}
