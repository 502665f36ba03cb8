#!/usr/bin/env python3
"""Fits the polynomial cores of libactfn's math and writes every fitted or
split constant into src/math/coeffs.rs, which the math modules use.

    python3 tools/fit_polys.py           write src/math/coeffs.rs
    python3 tools/fit_polys.py --check   exit 1 if the committed file differs
    python3 tools/fit_polys.py --stdout  print the file instead

Needs only mpmath (made with 1.3.0: pip install mpmath==1.3.0). Every step
is deterministic (50-digit arithmetic, fixed nodes), so the output is the
same on every machine. Fits are near-minimax: Chebyshev interpolation
(mpmath.chebyfit) or relative least squares at Chebyshev nodes, rounded to
f32 through f64 (as the coefficients were first made). The error reported
for each table is the largest relative error, over 4001 evenly spaced
points of its interval of the approximation it
builds, with the f32 coefficients as the kernels use them.

The file's second line holds a fingerprint: FNV-1a 64 of this script and of
the rest of the file. tests/provenance.rs checks it without Python (so a
hand edit of either side fails), and runs `--check` to regenerate the file.
"""
import os
import struct
import sys

from mpmath import (mp, mpf, chebyfit, cos, erfc, exp, expm1, linspace, log,
                    log1p, lu_solve, matrix, nint, pi, sqrt, tanh)

mp.dps = 50

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "math", "coeffs.rs")
SCRIPT = os.path.abspath(__file__)

# Two coefficients went into the kernels one f32 below the fit: the
# shortest decimals of the fitted values end in 5 (0.0083333105 and
# 0.0087923445), and the literals pasted by hand dropped that digit
# (0.00833331, 0.008792344). The unrounded fits lie 1.48 and 1.44 ulp above
# the pasted values, so no rounding rule reproduces them; the later
# coefficients of tanh_shrink were fitted against the unpasted value. Kept,
# so that no result changes by a bit; their effect on the error is below
# what the tables report to one decimal.
PASTED_ULPS = {("EXPM1_P", 3): -1, ("SHRINK_R1", 3): -1}


def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]


def bits(v):
    return struct.unpack('I', struct.pack('f', v))[0]


def from_bits(b):
    return struct.unpack('f', struct.pack('I', b))[0]


def pasted(name, cs):
    """cs with the hand-pasted last bits of PASTED_ULPS applied."""
    out = list(cs)
    for (n, k), ulps in PASTED_ULPS.items():
        if n == name:
            # Same sign and binade here: stepping the bits steps the value.
            out[k] = from_bits(bits(out[k]) + (ulps if out[k] > 0 else -ulps))
    return out


def horner(cs, x):
    r = mpf(0)
    for c in reversed(cs):
        r = r * x + mpf(c)
    return r


def lsq(us, gs, fixed, deg, rnd):
    """Relative least squares at the nodes us; coefficients after `fixed`
    are fitted one at a time (rounded to f32 if rnd), lowest degree first."""
    out = list(fixed)
    for j in range(len(fixed), deg + 1):
        m = deg + 1 - j
        A = matrix(len(us), m)
        bb = matrix(len(us), 1)
        for i, u in enumerate(us):
            w = 1 / gs[i]
            for k in range(m):
                A[i, k] = w * u ** (j + k)
            bb[i] = w * (gs[i] - horner(out, u))
        d = lu_solve(A.T * A, A.T * bb)
        out.append(f32(d[0]) if rnd else d[0])
    return out


def cheb_nodes(a, b, n):
    return [(a + b) / 2 + (b - a) / 2 * cos(pi * (k + mpf(1) / 2) / n) for k in range(n)]


def max_rel(approx, exact, a, b, n=4001):
    worst = mpf(0)
    for x in linspace(a, b, n):
        e = exact(x)
        if e != 0:
            worst = max(worst, abs(approx(x) - e) / abs(e))
    return worst


def log2s(err):
    return f"2^{float(log(err, 2)):.1f}"


# ---- the fits; each returns (coefficients, doc lines, max relative error)

LN2H = log(2) / 2
T0 = mpf("0.625")
FA, FB = sqrt(mpf(1) / 2) - 1, sqrt(mpf(2)) - 1


def fit_expm1():
    """P(r), e^r - 1 = r + r^2 P(r) on |r| <= ln2/2, degree 5 (chebyfit)."""
    def p(r):
        return (expm1(r) - r) / r**2 if r != 0 else mpf(1) / 2
    poly, _ = chebyfit(p, [-LN2H, LN2H], 6, error=True)
    cs = pasted("EXPM1_P", [f32(c) for c in reversed(poly)])
    err = max_rel(lambda r: r + r * r * horner(cs, r), expm1, -LN2H, LN2H)
    return cs, err


def fit_exp_q():
    """Q(r), e^r = 1 + r + r^2 Q(r) on |r| <= ln2/2 (+ a margin for the
    rounding of n), degree 4: least squares of the relative error of e^r
    (weight r^2 / e^r) at 60 Chebyshev nodes, Q(0) = 1/2 exactly, each
    coefficient rounded before the next is fitted. The short exp rounds
    its result once from 2^n (1 + r + r^2 Q(r)), without a low part."""
    def q(r):
        return (expm1(r) - r) / r**2 if r != 0 else mpf(1) / 2
    a = LN2H * (1 + mpf(2)**-20)
    us = cheb_nodes(-a, a, 60)
    cs = [mpf(1) / 2]
    for j in range(1, 5):
        m = 5 - j
        A = matrix(len(us), m)
        bb = matrix(len(us), 1)
        for i, u in enumerate(us):
            w = u * u / exp(u)
            for k in range(m):
                A[i, k] = w * u ** (j + k)
            bb[i] = w * (q(u) - horner(cs, u))
        cs.append(f32(lu_solve(A.T * A, A.T * bb)[0]))
    cs[0] = f32(cs[0])
    err = max_rel(lambda r: 1 + r + r * r * horner(cs, r), exp, -a, a)
    return cs, err


def third_split():
    hi = f32(mpf(1) / 3)
    return hi, f32(mpf(1) / 3 - mpf(hi))


def fit_shrink():
    """R1(s), x - tanh(x) = x^3 (1/3 + s R1(s)), s = x^2, |x| <= 0.625,
    degree 5 in s: least squares, rounded one coefficient at a time."""
    def r1(s):
        x = sqrt(s)
        return ((x - tanh(x)) / x**3 - mpf(1) / 3) / s
    a, b = mpf(1) / 10**30, T0 * T0
    us = cheb_nodes(a, b, 120)
    cs = pasted("SHRINK_R1", lsq(us, [r1(u) for u in us], [], 5, True))
    hi, lo = third_split()
    third = mpf(hi) + mpf(lo)

    def approx(x):
        s = x * x
        return x**3 * (third + s * horner(cs, s))
    err = max_rel(approx, lambda x: x - tanh(x), T0 / 4001, T0)
    return cs, err


def fit_log1p():
    """L(f), log1p(f) = f - f^2/2 + f^3 L(f) on [sqrt(1/2) - 1, sqrt(2) - 1],
    degree 8 (chebyfit)."""
    def l(f):
        return (log1p(f) - f + f * f / 2) / f**3 if f != 0 else mpf(1) / 3
    poly, _ = chebyfit(l, [FA, FB], 9, error=True)
    cs = [f32(c) for c in reversed(poly)]
    err = max_rel(lambda f: f - f * f / 2 + f**3 * horner(cs, f), log1p, FA, FB)
    return cs, err


def G(a):
    return erfc(a / sqrt(2)) * exp(a * a / 2)


def fit_erfc_g():
    """G(a) = erfc(a / sqrt2) e^(a^2/2) on [0, 16] in eight pieces of width
    2, each degree 10 in d = a - (2i + 1): least squares at 50 Chebyshev
    nodes, the constant term as f32 hi + lo, the rest rounded one at a time.
    Returns the rows (coefficient k of every piece) and the worst error."""
    pieces = []
    for i in range(8):
        c = mpf(2 * i + 1)
        us = cheb_nodes(mpf(-1), mpf(1), 50)
        gs = [G(c + u) for u in us]
        full = lsq(us, gs, [], 10, False)
        cs = lsq(us, gs, [full[0]], 10, True)
        hi = f32(full[0])
        pieces.append([hi, f32(full[0] - mpf(hi))] + cs[1:])
    err = mpf(0)
    for i, p in enumerate(pieces):
        cs = [mpf(p[0]) + mpf(p[1])] + p[2:]
        c = 2 * i + 1
        err = max(err, max_rel(lambda d: horner(cs, d), lambda d: G(c + d), -1, 1, 401))
    return [[p[k] for p in pieces] for k in range(12)], err


# gelu's fast tier: Phi(-a) e^(a^2/2) = H(a) = 1 / (b + T(a)) for a = |x| in
# [0, GELU_FAST_MAX], b = a sqrt(2 pi) rounded as the kernel does (H is the
# Mills ratio over sqrt(2 pi)), computed as H = V / (b V + U) with U / V = T
# (T(0) = 2, T ~ 1/a). In that form the rounding errors of V cancel
# between numerator and denominator, and those of U and of the fit reach H
# only with the weight T / (b + T), small for large a.
GELU_FAST_MAX = mpf(13)
GELU_FAST_DEG = (4, 5)
# V(0), and U(0) = 2 V(0): exact, and 1.5 rather than 1 so that V and U
# start mid-binade where a is small (a rounding near 1 or 2 is up to
# 2^-24 relative, near 1.5 two thirds of that).
GELU_FAST_V0 = mpf(3) / 2


def fit_gelu_fast_mills():
    """U(a) / V(a) = 1 / H(a) - f32(sqrt(2 pi)) a on [0, 13], degrees 4 / 5,
    U(0) = 3 and V(0) = 1.5 (exact, fixed): least squares of the linearised
    relative error of H, (U - T V) / ((b + T) V'), at 200 Chebyshev nodes,
    V' the previous step's denominator (ten steps, from V' = 1), then every
    coefficient rounded to f32. Returns U, V (lowest degree first), the f32
    sqrt(2 pi) and the worst relative error of V / (b V + U) against H with
    the f32 coefficients (b exact)."""
    m, n = GELU_FAST_DEG
    k = mpf(f32(sqrt(2 * pi)))

    def h(a):
        return G(a) / 2
    us = cheb_nodes(mpf(0), GELU_FAST_MAX, 200)
    ts = [1 / h(u) - k * u for u in us]
    v0 = GELU_FAST_V0
    u0 = 2 * v0
    v = [v0] + [mpf(0)] * n
    for _ in range(10):
        A = matrix(len(us), m + n)
        bb = matrix(len(us), 1)
        for i, (u, t) in enumerate(zip(us, ts)):
            w = 1 / ((k * u + t) * horner(v, u))
            for j in range(1, m + 1):
                A[i, j - 1] = w * u ** j
            for j in range(1, n + 1):
                A[i, m + j - 1] = -w * t * u ** j
            bb[i] = w * (t * v0 - u0)
        d = lu_solve(A.T * A, A.T * bb)
        u_ = [u0] + [d[j] for j in range(m)]
        v = [v0] + [d[m + j] for j in range(n)]
    u_, v = [f32(c) for c in u_], [f32(c) for c in v]

    def approx(a):
        va = horner(v, a)
        return va / (k * a * va + horner(u_, a))
    err = max_rel(approx, h, 0, GELU_FAST_MAX)
    return u_, v, f32(k), err


def ln2_split():
    """ln 2 rounded to 15 significant bits, and the rest rounded to f32."""
    l2 = log(2)
    hi = f32(nint(l2 * 2**15) / 2**15)
    return hi, f32(l2 - mpf(hi))


# ---- output

def lit(v):
    """The shortest decimal that Rust reads back as the f32 v (checked at
    24 bits, as rustc rounds a literal once)."""
    if v == 0:
        return "0.0"
    for n in range(1, 10):
        s = f"{v:.{n - 1}e}"
        with mp.workprec(24):
            if mpf(s) == mpf(v):
                break
    mant, e = s.split("e")
    e = int(e)
    if -5 <= e < 7:
        d = mant.replace("-", "").replace(".", "")
        sign = "-" if v < 0 else ""
        if e >= 0:
            ip, fp = d[:e + 1].ljust(e + 1, "0"), d[e + 1:]
        else:
            ip, fp = "0", "0" * (-e - 1) + d
        return f"{sign}{ip}.{fp or '0'}"
    return f"{mant}e{e}"


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) & 0xffffffffffffffff
    return h


def const(out, doc, decl, values, skip_fmt=False):
    out += [f"/// {d}" if d else "///" for d in doc]
    if skip_fmt:
        # Short enough for rustfmt to put on one line: kept one per line.
        out.append("#[rustfmt::skip]")
    out.append(f"pub(crate) const {decl} = [")
    out += [f"    {lit(v)}," for v in values]
    out.append("];")
    out.append("")


def scalar(out, doc, name, v):
    out += [f"/// {d}" for d in doc]
    out.append(f"pub(crate) const {name}: f32 = {lit(v)};")
    out.append("")


def render():
    expm1_p, e_exp = fit_expm1()
    exp_q, e_expq = fit_exp_q()
    shrink, e_shrink = fit_shrink()
    log1p_l, e_log = fit_log1p()
    erfc_rows, e_erfc = fit_erfc_g()
    gelu_u, gelu_v, gelu_k, e_gelu_fast = fit_gelu_fast_mills()
    ln2_hi, ln2_lo = ln2_split()
    third_hi, third_lo = third_split()
    body = [
        "//! The fitted polynomial coefficients and split constants of the math,",
        "//! each with the function, interval, degree and the relative error the",
        "//! script reports (largest over 4001 points of the interval, with the",
        "//! f32 coefficients as the kernels use them, before the kernels' own",
        "//! rounding). Values are shortest decimals of exact f32s.",
        "",
    ]
    const(body, [
        "P(r) with e^r - 1 = r + r^2 P(r) on |r| <= ln2/2 (exp, expm1 and",
        "every function built on them): degree 5, Chebyshev interpolation;",
        f"relative error of r + r^2 P(r) {log2s(e_exp)}. Coefficient 3 is one",
        "f32 below the fit (kept as first pasted; see the script).",
    ], "EXPM1_P: [f32; 6]", expm1_p)
    const(body, [
        "Q(r) with e^r = 1 + r (1 + r Q(r)) on |r| <= ln2/2 (the short exp",
        "of exponential, without a low part; Horner's scheme ends in the two",
        "FMAs with 1): degree 4 (degree 6 in all), relative least squares",
        "with Q(0) = 1/2 and each coefficient rounded before the next is fitted;",
        f"relative error of 1 + r + r^2 Q(r) {log2s(e_expq)}.",
    ], "EXP_Q: [f32; 5]", exp_q, skip_fmt=True)
    const(body, [
        "L(f) with log1p(f) = f - f^2/2 + f^3 L(f) on [sqrt(1/2) - 1,",
        "sqrt(2) - 1] (softplus, log_sigmoid): degree 8, Chebyshev",
        f"interpolation; relative error of the sum {log2s(e_log)}.",
    ], "LOG1P_L: [f32; 9]", log1p_l)
    const(body, [
        "R1(s) with x - tanh(x) = x^3 (1/3 + s R1(s)), s = x^2, |x| <= 0.625",
        "(tanh_shrink): degree 5 in s, relative least squares with each",
        "coefficient rounded before the next is fitted; relative error of",
        f"x - tanh(x) {log2s(e_shrink)} with 1/3 as THIRD_HI + THIRD_LO.",
        "Coefficient 3 is one f32 below the fit (kept as first pasted).",
    ], "SHRINK_R1: [f32; 6]", shrink)
    scalar(body, ["1/3 rounded to f32 (tanh_shrink's leading term)."],
           "THIRD_HI", third_hi)
    scalar(body, ["1/3 - THIRD_HI rounded to f32."], "THIRD_LO", third_lo)
    body += [
        "/// G(a) = erfc(a / sqrt2) e^(a^2/2) on [0, 16] in eight pieces of width 2",
        "/// (gelu's normal tail): piece i is a degree-10 polynomial in",
        "/// d = a - (2i + 1), fitted by relative least squares at 50 Chebyshev",
        "/// nodes, its constant term split as f32 hi + lo. Row k holds",
        "/// coefficient k of every piece (rows 0 and 1: the constant's hi and",
        "/// lo), for one table lookup per row. Relative error of G, worst piece:",
        f"/// {log2s(e_erfc)}.",
        "#[rustfmt::skip]",
        "pub(crate) const ERFC_G: [[f32; 8]; 12] = [",
    ]
    body += ["    [" + ", ".join(lit(v) for v in row) + "]," for row in erfc_rows]
    body += ["];", ""]
    const(body, [
        "U(a) with Phi(-a) e^(a^2/2) = V(a) / (b V(a) + U(a)), b = a",
        "GELU_FAST_SQRT_2PI rounded, on [0, 13] (gelu's fast tier): degree 4,",
        "lowest degree first, U(0) = 3 fixed; least squares of the linearised",
        "relative error at 200 Chebyshev nodes, reweighted ten times,",
        "coefficients rounded to f32; relative error of V / (b V + U)",
        f"{log2s(e_gelu_fast)}.",
    ], "GELU_FAST_U: [f32; 5]", gelu_u, skip_fmt=True)
    const(body, [
        "V(a) of GELU_FAST_U's ratio, degree 5, V(0) = 1.5 (mid-binade where",
        "a is small, as U(0) = 3).",
    ], "GELU_FAST_V: [f32; 6]", gelu_v)
    scalar(body, ["sqrt(2 pi) rounded to f32 (gelu's fast tier)."],
           "GELU_FAST_SQRT_2PI", gelu_k)
    scalar(body, [
        "ln 2 rounded to 15 significant bits: n * LN2_HI is exact for",
        "|n| <= 2^9 (exp's range reduction).",
    ], "LN2_HI", ln2_hi)
    scalar(body, ["ln 2 - LN2_HI rounded to f32."], "LN2_LO", ln2_lo)
    rest = "\n".join(body).rstrip("\n") + "\n"
    head = ("// @generated by tools/fit_polys.py: do not edit "
            "(python3 tools/fit_polys.py rewrites it).\n")
    with open(SCRIPT, "rb") as f:
        script_hash = fnv1a64(f.read())
    rest_hash = fnv1a64((head + rest).encode())
    finger = f"// fingerprint: script {script_hash:016x} rest {rest_hash:016x}\n"
    report = [f"EXPM1_P {log2s(e_exp)}", f"EXP_Q {log2s(e_expq)}", f"LOG1P_L {log2s(e_log)}",
              f"SHRINK_R1 {log2s(e_shrink)}", f"ERFC_G {log2s(e_erfc)}",
              f"GELU_FAST_U/V {log2s(e_gelu_fast)}"]
    return head + finger + rest, report


def main():
    args = sys.argv[1:]
    if args not in ([], ["--check"], ["--stdout"]):
        sys.exit(__doc__)
    text, report = render()
    if args == ["--stdout"]:
        sys.stdout.write(text)
        return
    rel = os.path.relpath(OUT, ROOT)
    if args == ["--check"]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{rel} differs from what tools/fit_polys.py writes: "
                         "run python3 tools/fit_polys.py and review the diff")
        print(f"{rel} is what tools/fit_polys.py writes ({', '.join(report)})")
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {rel} ({', '.join(report)})")


if __name__ == "__main__":
    main()
