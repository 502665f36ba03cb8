//! The special values of every catalogue entry (`OpInfo::specials`: zeros,
//! infinities, NaN, subnormals, the ends of each function's ranges), bit
//! for bit or within the op's bound of the independent reference, on every
//! ISA, in both tiers; and the identity's NaN payloads. The C tests check the same table
//! through the C API (`c_tests/elementwise.c`).

use crate::common;
use crate::support;

use actfn::catalogue::{Accuracy, Want};
use actfn::testing;
use common::reference;
use support::*;

#[test]
fn special_values() {
    let mut failures = Vec::new();
    let mut checked = 0;
    // Both tiers: the fast kernels keep the exact tier's special values
    // (within their own bound where the entry asks for the reference).
    for i in testing::kernel_ops() {
        let op = testing::info(i);
        let reference = reference::for_op(op.name)
            .unwrap_or_else(|| panic!("tests/common/reference/ has no {}", op.name));
        let bound = match testing::bound(i) {
            Accuracy::Exact => 0.0,
            Accuracy::Ulp(u) => u as f64,
        };
        assert!(!op.specials.is_empty(), "{}: no special values", op.name);
        for s in op.specials {
            let p = testing::params_with(i, s.params);
            for isa in testing::available() {
                let mut y = [sentinel()];
                testing::elementwise(isa, i, &[s.x], &mut y, &p);
                let (ok, want) = match s.want {
                    Want::Bits(b) => (same(y[0], b), show(b)),
                    Want::Reference => {
                        let r = reference(s.x, &p);
                        let e = ulp_err(y[0], r);
                        (e <= bound, format!("{r:e} within {bound} ULP (error {e})"))
                    }
                };
                checked += 1;
                if !ok {
                    failures.push(format!(
                        "{}({}) with {:?} on {} = {}, want {want}",
                        testing::kernel_name(i),
                        show(s.x),
                        s.params,
                        testing::isa_name(isa),
                        show(y[0])
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} special-value checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The identity copies NaN payloads exactly, signalling ones included.
#[test]
fn linear_copies_nan_payloads() {
    let i = actfn::catalogue::find("linear").unwrap();
    let x = [
        f32::from_bits(0x7fc1_2345),
        f32::from_bits(0xffc1_2345),
        f32::from_bits(0x7f80_0001),
    ];
    for isa in testing::available() {
        let mut y = [sentinel(); 3];
        testing::elementwise(isa, i, &x, &mut y, &testing::base_params(i));
        for k in 0..3 {
            assert_eq!(
                y[k].to_bits(),
                x[k].to_bits(),
                "linear on {} changed {}",
                testing::isa_name(isa),
                show(x[k])
            );
        }
    }
}
