//! Attention softmax: over rows of `cols`, `y = softmax(fma(scale, x, m))`
//! (or log_softmax), `m` a row of an optional additive mask (row r uses mask
//! row `r % mask_rows`), with an optional causal rule hiding position j from
//! row r when `j > (r % causal_period) + offset`.
//!
//! Row by row: one SIMD pass writes the pre-activation `z` into `y` (hidden
//! positions -inf, without reading x) and takes its maximum, then the
//! softmax passes of `crate::rowwise::softmax` run on `y` in place from
//! that maximum while the row is in cache. So every row is bit for bit the
//! library's softmax of `z`, with its bound and its cross-ISA identity,
//! except a fully hidden row (every z = -inf and no NaN), which is all 0
//! (log_softmax: all -inf, the log of those zeros) instead of NaN.

use crate::rowwise::softmax::row;
use crate::simd::Simd;

/// The shape and the operands of an attention softmax besides x and y.
pub(crate) struct AttnSpec {
    pub cols: usize,
    pub scale: f32,
    /// `mask_rows * cols` additive values, or NULL.
    pub mask: *const f32,
    pub mask_rows: usize,
    pub causal: bool,
    /// Rows per causal period (0: no period, row r itself).
    pub period: usize,
    pub offset: i64,
    pub log: bool,
}

impl AttnSpec {
    /// How many leading positions row `r` sees.
    pub(crate) fn visible(&self, r: usize) -> usize {
        if !self.causal {
            return self.cols;
        }
        let q = if self.period == 0 { r } else { r % self.period };
        let lim = q as i128 + self.offset as i128 + 1;
        lim.clamp(0, self.cols as i128) as usize
    }
}

/// One register of z.
#[inline(always)]
unsafe fn z_at<V: Simd, const MASK: bool>(x: *const f32, m: *const f32, s: V, j: usize) -> V {
    if MASK {
        V::load(x.add(j)).mul_add(s, V::load(m.add(j)))
    } else {
        V::load(x.add(j)) * s
    }
}

/// `z` of the first `vis` positions into `y` and -inf after them up to
/// `cols`; returns the maximum of z (NaN ignored; -inf if none).
#[inline(always)]
unsafe fn z_pass<V: Simd, const MASK: bool>(
    x: *const f32,
    m: *const f32,
    y: *mut f32,
    vis: usize,
    cols: usize,
    scale: f32,
) -> f32 {
    let s = V::splat(scale);
    let ninf = V::splat(f32::NEG_INFINITY);
    let mut acc = [ninf; 4];
    let mut j = 0;
    while j + 4 * V::LANES <= vis {
        for (k, a) in acc.iter_mut().enumerate() {
            let z = z_at::<V, MASK>(x, m, s, j + k * V::LANES);
            z.store(y.add(j + k * V::LANES));
            *a = z.max(*a);
        }
        j += 4 * V::LANES;
    }
    while j + V::LANES <= vis {
        let z = z_at::<V, MASK>(x, m, s, j);
        z.store(y.add(j));
        acc[0] = z.max(acc[0]);
        j += V::LANES;
    }
    if j < vis {
        let k = vis - j;
        let xv = V::load_partial(x.add(j), k, f32::NEG_INFINITY);
        let z = if MASK {
            xv.mul_add(s, V::load_partial(m.add(j), k, 0.0))
        } else {
            xv * s
        };
        z.store_partial(y.add(j), k);
        // Past k the lanes hold -inf * s or NaN: not part of the row.
        let lanes = V::load_partial(y.add(j), k, f32::NEG_INFINITY);
        acc[0] = lanes.max(acc[0]);
    }
    let mut h = vis;
    while h + V::LANES <= cols {
        ninf.store(y.add(h));
        h += V::LANES;
    }
    if h < cols {
        ninf.store_partial(y.add(h), cols - h);
    }
    let mv = acc[0].max(acc[1]).max(acc[2].max(acc[3]));
    let mut lanes = [f32::NEG_INFINITY; 64];
    mv.store(lanes.as_mut_ptr());
    let mut best = f32::NEG_INFINITY;
    for &v in lanes.iter().take(V::LANES) {
        if v > best {
            best = v;
        }
    }
    best
}

/// The attention softmax of `rows` rows of `spec.cols` (cols >= 1).
#[inline(always)]
pub(crate) unsafe fn attention_rows<V: Simd>(
    x: *const f32,
    y: *mut f32,
    rows: usize,
    spec: &AttnSpec,
) {
    let cols = spec.cols;
    for r in 0..rows {
        let (xr, yr) = (x.add(r * cols), y.add(r * cols));
        let vis = spec.visible(r);
        let m = if spec.mask.is_null() {
            z_pass::<V, false>(xr, spec.mask, yr, vis, cols, spec.scale)
        } else {
            let mr = spec.mask.add((r % spec.mask_rows) * cols);
            z_pass::<V, true>(xr, mr, yr, vis, cols, spec.scale)
        };
        if m == f32::NEG_INFINITY && !(0..vis).any(|j| (*yr.add(j)).is_nan()) {
            // Fully hidden: every z is -inf.
            let fill = if spec.log { f32::NEG_INFINITY } else { 0.0 };
            for j in 0..cols {
                *yr.add(j) = fill;
            }
        } else {
            row::<V>(yr, yr, cols, spec.log, None, Some(m), None);
        }
    }
}

pub mod testing {
    use super::*;
    use crate::capi::types::actfn_isa;

    /// The attention softmax on one ISA: `mask` as `(values, mask_rows)`,
    /// `causal` as `(period, offset)`. `y` may alias nothing; see
    /// [`attention_in_place`].
    #[allow(clippy::too_many_arguments)]
    pub fn attention(
        isa: actfn_isa,
        x: &[f32],
        y: &mut [f32],
        rows: usize,
        cols: usize,
        scale: f32,
        mask: Option<(&[f32], usize)>,
        causal: Option<(usize, i64)>,
        log: bool,
    ) {
        assert!(cols > 0 && x.len() >= rows * cols && y.len() >= rows * cols);
        let spec = spec_of(cols, scale, mask, causal, log);
        let t = crate::dispatch::table_for(isa).expect("an ISA this CPU has");
        unsafe { (t.fused_attention)(x.as_ptr(), y.as_mut_ptr(), rows, &spec) }
    }

    /// [`attention`] with `y == x`.
    #[allow(clippy::too_many_arguments)]
    pub fn attention_in_place(
        isa: actfn_isa,
        xy: &mut [f32],
        rows: usize,
        cols: usize,
        scale: f32,
        mask: Option<(&[f32], usize)>,
        causal: Option<(usize, i64)>,
        log: bool,
    ) {
        assert!(cols > 0 && xy.len() >= rows * cols);
        let spec = spec_of(cols, scale, mask, causal, log);
        let t = crate::dispatch::table_for(isa).expect("an ISA this CPU has");
        let p = xy.as_mut_ptr();
        unsafe { (t.fused_attention)(p, p, rows, &spec) }
    }

    fn spec_of(
        cols: usize,
        scale: f32,
        mask: Option<(&[f32], usize)>,
        causal: Option<(usize, i64)>,
        log: bool,
    ) -> AttnSpec {
        if let Some((m, mr)) = mask {
            assert!(mr > 0 && m.len() >= mr * cols);
        }
        AttnSpec {
            cols,
            scale,
            mask: mask.map_or(core::ptr::null(), |(m, _)| m.as_ptr()),
            mask_rows: mask.map_or(0, |(_, r)| r),
            causal: causal.is_some(),
            period: causal.map_or(0, |(p, _)| p),
            offset: causal.map_or(0, |(_, o)| o),
            log,
        }
    }
}
