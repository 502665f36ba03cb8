//! The x86 ISAs' own versions of `Simd` methods (vscalefps, vcvttps2dq,
//! vroundps/vrndscaleps, FMA-unit subtraction) against the trait's portable
//! definitions, which the scalar and NEON kernels run: bit for bit on every
//! input the methods' contracts allow, edges and subnormals included. The
//! kernels' exhaustive digests check the same through the functions; this
//! pins each method on its own, over its whole contract.

#![cfg(target_arch = "x86_64")]

use actfn::simd::avx2::Avx2;
use actfn::simd::avx512::Avx512;
use actfn::simd::scalar::Scalar;
use actfn::simd::Simd;

/// Values of every kind: zeros, subnormals, normals of every binade edge,
/// infinities, and a spread of ordinary numbers.
fn values() -> Vec<f32> {
    let mut v = vec![
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MAX,
        f32::MIN,
    ];
    for e in -149..128 {
        let p = 2f32.powi(e.max(-126)) * if e < -126 { 2f32.powi(e + 126) } else { 1.0 };
        for m in [1.0f32, 1.5, 1.999_999_9, 1.333_333_4] {
            v.push(p * m);
            v.push(-p * m);
        }
    }
    let mut s = 0x1234_5678u32;
    for _ in 0..2000 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v.push(f32::from_bits(s));
    }
    v.retain(|x| !x.is_nan());
    v
}

fn same(what: &str, args: (f32, f32), got: f32, want: f32) {
    assert!(
        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
        "{what}{args:?}: got {got:e} ({:#010x}), portable {want:e} ({:#010x})",
        got.to_bits(),
        want.to_bits()
    );
}

/// `f(a, b)` on `V` lane by lane against `g` on the scalar lane, over all
/// pairs (the callers keep to the method's contract).
#[inline(always)]
fn check2<V: Simd>(
    what: &str,
    pairs: &[(f32, f32)],
    f: impl Fn(V, V) -> V,
    g: impl Fn(Scalar, Scalar) -> Scalar,
) {
    let l = V::LANES;
    for chunk in pairs.chunks(l) {
        let mut a = vec![1.0f32; l];
        let mut b = vec![0.0f32; l];
        for (k, &(x, y)) in chunk.iter().enumerate() {
            (a[k], b[k]) = (x, y);
        }
        let mut out = vec![0.0f32; l];
        unsafe { f(V::load(a.as_ptr()), V::load(b.as_ptr())).store(out.as_mut_ptr()) };
        for (k, &(x, y)) in chunk.iter().enumerate() {
            same(what, (x, y), out[k], g(Scalar(x), Scalar(y)).0);
        }
    }
}

#[inline(always)]
fn check_all<V: Simd>() {
    let vals = values();
    // sub_fma_unit: every pair of values.
    let pairs: Vec<_> = vals
        .iter()
        .step_by(7)
        .flat_map(|&a| vals.iter().step_by(5).map(move |&b| (a, b)))
        .collect();
    check2::<V>(
        "sub_fma_unit",
        &pairs,
        |a, b| a.sub_fma_unit(b),
        |a, b| a - b,
    );
    check2::<V>(
        "add_fma_unit",
        &pairs,
        |a, b| a.add_fma_unit(b),
        |a, b| a + b,
    );
    // mul_pow2: every n in [-126, 127].
    let pairs: Vec<_> = vals
        .iter()
        .flat_map(|&x| (-126..=127).map(move |n| (x, n as f32)))
        .collect();
    check2::<V>(
        "mul_pow2",
        &pairs,
        |x, n| x.mul_pow2(n),
        |x, n| x.mul_pow2(n),
    );
    // ldexp_once: n in [-200, 254] where |x| >= 2^-26, and n >= 0 or
    // n <= -48 for any x.
    let pairs: Vec<_> = vals
        .iter()
        .flat_map(|&x| (-200..=254).map(move |n| (x, n as f32)))
        .filter(|&(x, n)| n >= 0.0 || n <= -48.0 || x.abs() >= 2f32.powi(-26) || x == 0.0)
        .collect();
    check2::<V>(
        "ldexp_once",
        &pairs,
        |x, n| x.ldexp_once(n),
        |x, n| x.ldexp(n),
    );
    // floor_small and index on [0, 2^22) (index of the floor).
    let mut xs: Vec<f32> = vals
        .iter()
        .map(|x| x.abs())
        .filter(|&x| x < 4_194_304.0)
        .collect();
    for k in 0..4096 {
        xs.extend([
            k as f32,
            k as f32 + 0.5,
            k as f32 - 2f32.powi(-12),
            4_194_303.5,
        ]);
    }
    let pairs: Vec<_> = xs
        .iter()
        .filter(|&&x| x >= 0.0)
        .map(|&x| (x, 0.0))
        .collect();
    check2::<V>(
        "floor_small",
        &pairs,
        |x, _| x.floor_small(),
        |x, _| x.floor_small(),
    );
    check2::<V>(
        "index",
        &pairs,
        |x, _| V::from_bits(V::index(x.floor_small())),
        |x, _| Scalar::from_bits(Scalar::index(x.floor_small())),
    );
}

#[target_feature(enable = "avx2,fma")]
unsafe fn check_avx2() {
    check_all::<Avx2>()
}

#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
unsafe fn check_avx512() {
    check_all::<Avx512>()
}

#[test]
fn avx2_methods_equal_the_portable_ones() {
    if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
        unsafe { check_avx2() }
    } else {
        eprintln!("skipped: this CPU lacks AVX2+FMA");
    }
}

#[test]
fn avx512_methods_equal_the_portable_ones() {
    if is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512dq")
        && is_x86_feature_detected!("avx512vl")
    {
        unsafe { check_avx512() }
    } else {
        eprintln!("skipped: this CPU lacks AVX-512");
    }
}
