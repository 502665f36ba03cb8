#!/usr/bin/env python3
"""Fits the polynomial cores of libactfn's math (src/math/) and reports the
error each reaches with its coefficients rounded to f32.

Near-minimax fits by Chebyshev interpolation (mpmath.chebyfit) at 50 digits;
run `python3 tools/fit_polys.py` to reproduce the coefficients pasted into
src/math/*.rs. Needs only mpmath (pip install mpmath).
"""
import struct
from mpmath import mp, mpf, chebyfit, exp, expm1, tanh, log1p, erfc, sqrt, log, linspace, matrix, lu_solve, cos, pi

mp.dps = 50

def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]

def show(name, coeffs):
    """coeffs lowest degree first, as f32."""
    print(f"// {name}")
    print("[" + ", ".join(f"{c!r}" for c in coeffs) + "]")

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


def fit_rounded(g, a, b, deg, npts=120):
    us = [(a + b) / 2 + (b - a) / 2 * cos(pi * (k + mpf(1) / 2) / npts) for k in range(npts)]
    return lsq(us, [g(u) for u in us], [], deg, True)


def fit(name, f, a, b, deg, check):
    poly, _ = chebyfit(f, [a, b], deg + 1, error=True)
    cs = [f32(c) for c in reversed(poly)]
    worst = max(check(cs, x) for x in linspace(a, b, 4001))
    show(f"{name} on [{float(a):.6g}, {float(b):.6g}] degree {deg}: max rel err {float(worst):.3e} = 2^{float(log(worst, 2)) if worst else -999:.1f}", cs)
    return cs

def horner(cs, x):
    r = mpf(0)
    for c in reversed(cs):
        r = r * x + mpf(c)
    return r

LN2H = mp.log(2) / 2

# exp(r) = 1 + r + r^2 P(r) and expm1(r) = r + r^2 P(r) on |r| <= ln2/2.
def p_exp(r):
    return (expm1(r) - r) / r**2 if r != 0 else mpf(1) / 2
fit("exp/expm1: P(r) with expm1(r) = r + r^2 P(r)", p_exp, -LN2H, LN2H, 5,
    lambda cs, r: abs((r + r * r * horner(cs, r)) - expm1(r)) / abs(expm1(r)) if r != 0 else 0)

T0 = mpf("0.625")

# tanh_shrink(x) = x^3 (1/3 + s R1(s)), s = x^2, |x| <= 0.625; 1/3 is split
# into f32 hi + lo in the kernel, so only R1 is fitted (least squares with
# the coefficients rounded to f32 one at a time, lowest first).
def r1_shrink(s):
    x = sqrt(s)
    return ((x - tanh(x)) / x**3 - mpf(1) / 3) / s
cs = fit_rounded(r1_shrink, mpf(1) / 10**30, T0 * T0, 5)
show("tanh_shrink: R1(s), x - tanh(x) = x^3 (1/3 + s R1(s))", cs)

# log1p(f) = f - f^2/2 + f^3 L(f) on f in [sqrt(1/2) - 1, sqrt(2) - 1].
FA, FB = sqrt(mpf(1) / 2) - 1, sqrt(mpf(2)) - 1
def l_log(f):
    return (log1p(f) - f + f * f / 2) / f**3 if f != 0 else mpf(1) / 3
fit("log1p: L(f) with log1p(f) = f - f^2/2 + f^3 L(f)", l_log, FA, FB, 8,
    lambda cs, f: abs(f - f * f / 2 + f**3 * horner(cs, f) - log1p(f)) / abs(log1p(f)) if f != 0 else 0)

# gelu: G(a) = erfc(a / sqrt2) e^(a^2/2) on [0, 16] in eight pieces of width
# 2, each a degree-10 polynomial in d = a - (2i + 1); the constant term as
# f32 hi + lo (rows 0 and 1 of the table), the others rounded to f32.
def G(a):
    return erfc(a / sqrt(2)) * exp(a * a / 2)

rows = []
for i in range(8):
    c = mpf(2 * i + 1)
    us = [cos(pi * (k + mpf(1) / 2) / 50) for k in range(50)]
    gs = [G(c + u) for u in us]
    full = lsq(us, gs, [], 10, False)
    cs = lsq(us, gs, [full[0]], 10, True)
    hi = f32(full[0])
    rows.append([hi, f32(full[0] - mpf(hi))] + cs[1:])
print("// gelu: ERFC_G rows (coefficient k of every piece)")
for k in range(12):
    print("[" + ", ".join(repr(rows[i][k]) for i in range(8)) + "],")
