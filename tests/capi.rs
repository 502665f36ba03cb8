//! ISA selection through the C ABI: `actfn_force_isa`, `actfn_isa_*`, and
//! `ACTFN_ISA` in the environment (in child processes). The other C API
//! tests are `capi_*.rs`.
//!
//! `actfn_force_isa` is process-wide: only `isa_selection` calls it, and it
//! restores the best ISA before returning.

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
// ISA selection: the only test that changes the active ISA.

fn isa_str(isa: actfn_isa) -> String {
    unsafe { CStr::from_ptr(actfn_isa_name(isa)) }
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn isa_selection() {
    let avail = actfn::dispatch::available();
    let best = avail[0];
    if std::env::var_os("ACTFN_ISA").is_none() {
        assert_eq!(
            actfn_active_isa(),
            best,
            "with ACTFN_ISA unset the best ISA is active"
        );
    }
    for (isa, n) in [
        (ACTFN_ISA_NONE, "none"),
        (ACTFN_ISA_SCALAR, "scalar"),
        (ACTFN_ISA_AVX2, "avx2"),
        (ACTFN_ISA_AVX512, "avx512"),
        (ACTFN_ISA_NEON, "neon"),
        (5, "unknown"),
        (u32::MAX, "unknown"),
    ] {
        assert_eq!(isa_str(isa), n);
    }
    assert!(actfn_isa_supported(ACTFN_ISA_SCALAR));
    assert!(!actfn_isa_supported(ACTFN_ISA_NONE));
    assert!(!actfn_isa_supported(77));
    for isa in [
        ACTFN_ISA_SCALAR,
        ACTFN_ISA_AVX2,
        ACTFN_ISA_AVX512,
        ACTFN_ISA_NEON,
    ] {
        assert_eq!(
            actfn_isa_supported(isa),
            avail.contains(&isa),
            "{}",
            isa_str(isa)
        );
    }
    #[cfg(target_arch = "x86_64")]
    assert!(!actfn_isa_supported(ACTFN_ISA_NEON));
    #[cfg(target_arch = "aarch64")]
    assert!(!actfn_isa_supported(ACTFN_ISA_AVX2) && !actfn_isa_supported(ACTFN_ISA_AVX512));

    let xs = inputs();
    let gelu = actfn::catalogue::find("gelu").unwrap() as actfn_op;
    let mut reference = vec![0.0f32; xs.len()];
    testing::elementwise(
        ACTFN_ISA_SCALAR,
        gelu as usize,
        &xs,
        &mut reference,
        &testing::default_params(gelu as usize),
    );
    for &isa in &avail {
        assert_eq!(actfn_force_isa(isa), ACTFN_OK, "force {}", isa_str(isa));
        assert_eq!(actfn_active_isa(), isa);
        let mut y = vec![sentinel(); xs.len()];
        assert_eq!(
            unsafe { actfn_gelu_f32(xs.as_ptr(), y.as_mut_ptr(), xs.len()) },
            ACTFN_OK
        );
        assert!(
            (0..xs.len()).all(|k| same(y[k], reference[k])),
            "gelu forced to {}",
            isa_str(isa)
        );
        let mut s = vec![sentinel(); 34];
        assert_eq!(
            unsafe { actfn_softmax_f32(xs.as_ptr(), s.as_mut_ptr(), 2, 17) },
            ACTFN_OK
        );
        // Unsupported or unknown ISAs fail and change nothing.
        for bad in [
            ACTFN_ISA_NEON,
            ACTFN_ISA_AVX512,
            ACTFN_ISA_AVX2,
            5,
            u32::MAX,
        ] {
            if actfn_isa_supported(bad) {
                continue;
            }
            assert_eq!(
                actfn_force_isa(bad),
                ACTFN_ERR_ISA,
                "force {}",
                isa_str(bad)
            );
            assert_eq!(
                actfn_active_isa(),
                isa,
                "a failed force changed the active ISA"
            );
        }
    }
    // ACTFN_ISA_NONE returns to the best.
    assert_eq!(actfn_force_isa(ACTFN_ISA_SCALAR), ACTFN_OK);
    assert_eq!(actfn_force_isa(ACTFN_ISA_NONE), ACTFN_OK);
    assert_eq!(actfn_active_isa(), best);
}

// ---------------------------------------------------------------------
// ACTFN_ISA in the environment, tested in child processes (it is read once
// per process).

const CHILD_VAR: &str = "ACTFN_TEST_CHILD_EXPECT";

/// Does its work only in a child started by `isa_env_variable`.
#[test]
fn isa_env_child() {
    let Ok(want) = std::env::var(CHILD_VAR) else {
        return;
    };
    let want: actfn_isa = want.parse().unwrap();
    assert_eq!(
        actfn_active_isa(),
        want,
        "ACTFN_ISA={:?}",
        std::env::var_os("ACTFN_ISA")
    );
    let x = [1.0f32, -1.0, 0.5];
    let mut y = [sentinel(); 3];
    if want == ACTFN_ISA_NONE {
        // Every kernel call fails until actfn_force_isa succeeds.
        assert_eq!(
            unsafe { actfn_relu_f32(x.as_ptr(), y.as_mut_ptr(), 3) },
            ACTFN_ERR_ISA
        );
        assert_eq!(
            unsafe { actfn_softmax_f32(x.as_ptr(), y.as_mut_ptr(), 1, 3) },
            ACTFN_ERR_ISA
        );
        assert!(all_sentinel(&y));
        assert_eq!(actfn_force_isa(ACTFN_ISA_NONE), ACTFN_OK);
        assert_eq!(actfn_active_isa(), actfn::dispatch::available()[0]);
    }
    assert_eq!(
        unsafe { actfn_relu_f32(x.as_ptr(), y.as_mut_ptr(), 3) },
        ACTFN_OK
    );
    assert_eq!(y, [1.0, 0.0, 0.5]);
}

#[test]
fn isa_env_variable() {
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os(CHILD_VAR).is_some() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let best = actfn::dispatch::available()[0];
    let mut cases: Vec<(&[u8], actfn_isa)> = vec![
        (b"scalar", ACTFN_ISA_SCALAR),
        (b"", best),
        (b"bogus", ACTFN_ISA_NONE),
        (b"SCALAR", ACTFN_ISA_NONE),
        // Bytes that are not UTF-8 are unknown names too (issue 16).
        (b"\xff\xfe", ACTFN_ISA_NONE),
        (b"avx2\xff", ACTFN_ISA_NONE),
        (b"scalar\xc3", ACTFN_ISA_NONE),
        (b"\xc3\xa9", ACTFN_ISA_NONE), // valid UTF-8, unknown
    ];
    for (n, isa) in [
        (&b"avx2"[..], ACTFN_ISA_AVX2),
        (b"avx512", ACTFN_ISA_AVX512),
        (b"neon", ACTFN_ISA_NEON),
    ] {
        cases.push((
            n,
            if actfn_isa_supported(isa) {
                isa
            } else {
                ACTFN_ISA_NONE
            },
        ));
    }
    for (value, want) in cases {
        // The child runs as cargo ran this binary (under qemu when cross).
        let out = command_for(&exe)
            .args([
                "capi::isa_env_child",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("ACTFN_ISA", std::ffi::OsStr::from_bytes(value))
            .env(CHILD_VAR, want.to_string())
            .output()
            .expect("re-running the test binary");
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "ACTFN_ISA={value:?} (want {}):\n{}\n{}",
            isa_str(want),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
