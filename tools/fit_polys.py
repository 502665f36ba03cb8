#!/usr/bin/env python3
"""Fits the polynomial cores of libactfn's math (src/math/) and reports the
error each reaches with its coefficients rounded to f32.

Near-minimax fits by Chebyshev interpolation (mpmath.chebyfit) at 50 digits;
run `python3 tools/fit_polys.py` to reproduce the coefficients pasted into
src/math/*.rs. Needs only mpmath (pip install mpmath).
"""
import struct
from mpmath import mp, mpf, chebyfit, exp, expm1, tanh, log1p, erfc, sqrt, log, linspace

mp.dps = 50

def f32(v):
    return struct.unpack('f', struct.pack('f', float(v)))[0]

def show(name, coeffs):
    """coeffs lowest degree first, as f32."""
    print(f"// {name}")
    print("[" + ", ".join(f"{c!r}" for c in coeffs) + "]")

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

# tanh(x) = x + x^3 Q(x^2) on |x| <= 0.625.
T0 = mpf("0.625")
def q_tanh(s):
    x = sqrt(s)
    return (tanh(x) - x) / x**3 if s != 0 else mpf(-1) / 3
fit("tanh: Q(s) with tanh(x) = x + x^3 Q(x^2)", q_tanh, mpf(0), T0 * T0, 6,
    lambda cs, s: abs((sqrt(s) + sqrt(s)**3 * horner(cs, s)) - tanh(sqrt(s))) / tanh(sqrt(s)) if s != 0 else 0)

# tanh_shrink(x) = x - tanh(x) = x^3 R(x^2) on |x| <= 0.625.
def r_shrink(s):
    x = sqrt(s)
    return (x - tanh(x)) / x**3 if s != 0 else mpf(1) / 3
fit("tanh_shrink: R(s) with x - tanh(x) = x^3 R(x^2)", r_shrink, mpf(0), T0 * T0, 7,
    lambda cs, s: abs(sqrt(s)**3 * horner(cs, s) - (sqrt(s) - tanh(sqrt(s)))) / (sqrt(s) - tanh(sqrt(s))) if s != 0 else 0)

# log1p(f) = f - f^2/2 + f^3 L(f) on f in [sqrt(1/2) - 1, sqrt(2) - 1].
FA, FB = sqrt(mpf(1) / 2) - 1, sqrt(mpf(2)) - 1
def l_log(f):
    return (log1p(f) - f + f * f / 2) / f**3 if f != 0 else mpf(1) / 3
fit("log1p: L(f) with log1p(f) = f - f^2/2 + f^3 L(f)", l_log, FA, FB, 8,
    lambda cs, f: abs(f - f * f / 2 + f**3 * horner(cs, f) - log1p(f)) / abs(log1p(f)) if f != 0 else 0)

# gelu: Phi(-a) = exp(-a^2/2) * G(t) / 2 with t = 1 / (1 + a / 2), a in [0, 14.5].
def g_erfc(t):
    a = 2 * (1 / t - 1)
    return erfc(a / sqrt(2)) * exp(a * a / 2)
TA = 1 / (1 + mpf("14.5") / 2)
for deg in (10, 11, 12, 13):
    fit(f"gelu: G(t), erfc(a/sqrt2) = exp(-a^2/2) G(t), t = 1/(1 + a/2)", g_erfc, TA, mpf(1), deg,
        lambda cs, t: abs(horner(cs, t) - g_erfc(t)) / g_erfc(t))
