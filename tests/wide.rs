//! `Wide<V, N>`, the N registers that the kernels' main loops process as
//! one: lane order, partial loads and stores that touch nothing past `n`,
//! `any` over all registers, and every operation equal to V's on each
//! register. (The kernels' own tests run every ISA's main loop through it;
//! this pins the wrapper on its own.)

use actfn::simd::scalar::Scalar;
use actfn::simd::wide::Wide;
use actfn::simd::Simd;

type W3 = Wide<Scalar, 3>;
/// An operation's name, its result on `W3`, and the same on one `Scalar`.
type Case = (&'static str, W3, fn(Scalar, Scalar) -> Scalar);

fn lanes(w: W3) -> [f32; 3] {
    let mut out = [0.0; 3];
    unsafe { w.store(out.as_mut_ptr()) };
    out
}

#[test]
fn lanes_are_in_memory_order() {
    assert_eq!(W3::LANES, 3);
    let x = [1.5f32, -2.0, 3.25];
    let w = unsafe { W3::load(x.as_ptr()) };
    assert_eq!(lanes(w), x);
    assert_eq!(lanes(w * W3::splat(2.0)), [3.0, -4.0, 6.5]);
}

#[test]
fn partial_loads_and_stores_stop_at_n() {
    let x = [7.0f32, 8.0, 9.0];
    for n in 0..3 {
        let w = unsafe { W3::load_partial(x.as_ptr(), n, -1.0) };
        let mut want = [-1.0f32; 3];
        want[..n].copy_from_slice(&x[..n]);
        assert_eq!(lanes(w), want, "load_partial n = {n}");
        let mut out = [0.0f32; 4];
        unsafe { W3::splat(5.0).store_partial(out.as_mut_ptr(), n) };
        for (k, &o) in out.iter().enumerate() {
            assert_eq!(o, if k < n { 5.0 } else { 0.0 }, "store_partial n = {n}");
        }
    }
}

#[test]
fn any_sees_every_register() {
    let x = [1.0f32, 2.0, 3.0];
    let w = unsafe { W3::load(x.as_ptr()) };
    for (k, &v) in x.iter().enumerate() {
        assert!(W3::any(w.eq(W3::splat(v))), "lane {k}");
    }
    assert!(!W3::any(w.gt(W3::splat(3.0))));
}

#[test]
fn operations_are_each_registers_own() {
    let a = [1.0f32 / 3.0, -1e-40, 3.0e38];
    let b = [3.0f32, 1e10, -2.0];
    let (wa, wb) = unsafe { (W3::load(a.as_ptr()), W3::load(b.as_ptr())) };
    let cases: [Case; 8] = [
        ("mul_add", wa.mul_add(wb, wa), |x, y| x.mul_add(y, x)),
        ("neg_mul_add", wa.neg_mul_add(wb, wb), |x, y| {
            x.neg_mul_add(y, y)
        }),
        ("div", wa / wb, |x, y| x / y),
        ("min", wa.min(wb), |x, y| x.min(y)),
        ("select", W3::select(wa.lt(wb), wa, -wb), |x, y| {
            Scalar::select(x.lt(y), x, -y)
        }),
        ("ldexp", wa.ldexp(W3::splat(-3.0)), |x, _| {
            x.ldexp(Scalar::splat(-3.0))
        }),
        ("sqrt", wb.abs().sqrt(), |_, y| y.abs().sqrt()),
        ("xor_sign", wa.xor_sign(wb), |x, y| x.xor_sign(y)),
    ];
    for (what, got, f) in cases {
        for (k, g) in lanes(got).into_iter().enumerate() {
            let want = lanes_of(f(Scalar::splat(a[k]), Scalar::splat(b[k])));
            assert_eq!(g.to_bits(), want.to_bits(), "{what} lane {k}");
        }
    }
}

fn lanes_of(s: Scalar) -> f32 {
    let mut out = 0.0;
    unsafe { s.store(&mut out) };
    out
}
