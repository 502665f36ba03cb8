//! The Softmax layer's mask: masked logits read as -1e9 (Keras's value)
//! and masked outputs written as 0.
//!
//! Masked rows go chunk (16 values) by chunk through a copy of the chunk's
//! logits with the mask applied, so that the max and exp passes read
//! ordinary rows and share every line of their arithmetic (and its bits)
//! with the unmasked path; only the mask bytes themselves are scalar.

use crate::constants::ACTFN_SOFTMAX_MASK_VALUE;
use crate::math::nan_canonical;
use crate::rowwise::{chunk_reg, max16, Lanes16, LANES16};
use crate::simd::Simd;

/// The 16-value chunk of row `x` at `j` (`len` values): `x + j` itself, or,
/// with a mask, a copy in `buf` with masked logits replaced by -1e9.
#[inline(always)]
pub(super) unsafe fn logits(
    x: *const f32,
    keep: Option<*const u8>,
    j: usize,
    len: usize,
    buf: &mut [f32; LANES16],
) -> *const f32 {
    match keep {
        None => x.add(j),
        Some(mk) => {
            for (t, slot) in buf.iter_mut().enumerate().take(len) {
                *slot = if *mk.add(j + t) != 0 {
                    *x.add(j + t)
                } else {
                    ACTFN_SOFTMAX_MASK_VALUE
                };
            }
            buf.as_ptr()
        }
    }
}

/// The maximum of the masked row `x[0..n]`.
#[inline(always)]
pub(super) unsafe fn masked_max<V: Simd>(x: *const f32, keep: *const u8, n: usize) -> f32 {
    let mut buf = [0.0f32; LANES16];
    let mut m = f32::NEG_INFINITY;
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let cm = max16::<V>(logits(x, Some(keep), j, len, &mut buf), len);
        m = if cm > m { cm } else { m };
        j += LANES16;
    }
    m
}

/// The last pass of a masked row: softmax y = fma(e, rh, e rl) from the e
/// already in `y`, log_softmax y = (x - ch) - cl from the masked logits;
/// masked slots 0.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) unsafe fn masked_output<V: Simd>(
    x: *const f32,
    keep: *const u8,
    y: *mut f32,
    n: usize,
    log: bool,
    [rh, rl, ch, cl]: [V; 4],
) {
    let mut buf = [0.0f32; LANES16];
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        let src: *const f32 = if log {
            logits(x, Some(keep), j, len, &mut buf)
        } else {
            y.add(j)
        };
        let mut outs = Lanes16::<V>::splat(0.0);
        for k in 0..Lanes16::<V>::REGS {
            if let Some(v) = chunk_reg::<V>(src, k, len, 0.0) {
                let out = if log {
                    (v - ch) - cl
                } else {
                    v.mul_add(rh, v * rl)
                };
                outs.regs[k] = nan_canonical(out);
            }
        }
        let mut vals = outs.to_array();
        for (t, v) in vals.iter_mut().enumerate().take(len) {
            if *keep.add(j + t) == 0 {
                *v = 0.0;
            }
        }
        core::ptr::copy_nonoverlapping(vals.as_ptr(), y.add(j), len);
        j += LANES16;
    }
}
