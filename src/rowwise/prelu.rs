//! PReLU with one learned slope per channel.

use crate::math::{leaky_relu, nan_from};
use crate::simd::Simd;

/// `y[r][ch] = x >= 0 ? x : alpha[ch] * x` over a `rows x channels` matrix.
#[inline(always)]
pub unsafe fn prelu<V: Simd>(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    channels: usize,
    alpha: *const f32,
) {
    for r in 0..rows {
        let xr = x.add(r * channels);
        let yr = y.add(r * channels);
        let mut i = 0;
        while i + V::LANES <= channels {
            let v = V::load(xr.add(i));
            nan_from(v, leaky_relu(v, V::load(alpha.add(i)))).store(yr.add(i));
            i += V::LANES;
        }
        if i < channels {
            let n = channels - i;
            let v = V::load_partial(xr.add(i), n, 0.0);
            let a = V::load_partial(alpha.add(i), n, 0.0);
            nan_from(v, leaky_relu(v, a)).store_partial(yr.add(i), n);
        }
    }
}

/// Channels first: `y[o][c][i] = x >= 0 ? x : alpha[c] * x` over an
/// `[outer, channels, inner]` tensor (NCHW: inner = H * W), the same math
/// and NaN rule as [`prelu`], one slope splat per `inner` run.
#[inline(always)]
pub unsafe fn prelu_channels_first<V: Simd>(
    x: *const f32,
    y: *mut f32,
    outer: usize,
    channels: usize,
    inner: usize,
    alpha: *const f32,
) {
    for o in 0..outer {
        for c in 0..channels {
            let off = (o * channels + c) * inner;
            let (xr, yr) = (x.add(off), y.add(off));
            let a = V::splat(*alpha.add(c));
            let mut i = 0;
            while i + V::LANES <= inner {
                let v = V::load(xr.add(i));
                nan_from(v, leaky_relu(v, a)).store(yr.add(i));
                i += V::LANES;
            }
            if i < inner {
                let n = inner - i;
                let v = V::load_partial(xr.add(i), n, 0.0);
                nan_from(v, leaky_relu(v, a)).store_partial(yr.add(i), n);
            }
        }
    }
}
