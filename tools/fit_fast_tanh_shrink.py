#!/usr/bin/env python3
"""Fits SHRINK_G of src/math/fast/tanh_shrink.rs: (a - tanh a) / a^3 as a
polynomial in s = a^2 on [0, T^2] (T = argv[1], 1.0 in the kernel), by
relative least squares at 60 Chebyshev nodes, each coefficient rounded to
f32 before the next is fitted (lowest degree first). Prints, per degree 5
to 8, log2 of the largest relative error over 801 points with the f32
coefficients, and the coefficients. Needs mpmath (1.3.0).

    python3 tools/fit_fast_tanh_shrink.py 1.0
"""
import struct
from mpmath import mp, mpf, tanh, cos, pi, matrix, lu_solve, linspace
mp.dps=40
def f32(v): return struct.unpack('f', struct.pack('f', float(v)))[0]
def g(s):
    a = mp.sqrt(s)
    if s == 0: return mpf(1)/3
    return (a - tanh(a))/a**3
def horner(cs,x):
    r=mpf(0)
    for c in reversed(cs): r=r*x+mpf(c)
    return r
def lsq(us,gs,deg):
    out=[]
    for j in range(deg+1):
        m=deg+1-j
        A=matrix(len(us),m); bb=matrix(len(us),1)
        for i,u in enumerate(us):
            w=1/gs[i]
            for k in range(m): A[i,k]=w*u**(j+k)
            bb[i]=w*(gs[i]-horner(out,u))
        d=lu_solve(A.T*A,A.T*bb)
        out.append(f32(d[0]))
    return out
import sys
T=mpf(sys.argv[1]); 
for deg in [5,6,7,8]:
    S=T*T
    us=[S/2+S/2*cos(pi*(k+mpf(1)/2)/60) for k in range(60)]
    gs=[g(u) for u in us]
    cs=lsq(us,gs,deg)
    worst=max(abs(horner(cs,u)-g(u))/g(u) for u in linspace(mpf(0),S,801))
    print(deg, float(mp.log(worst,2)), cs)
