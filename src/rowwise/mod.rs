//! Row-wise kernels (softmax, log_softmax, masked softmax, glu, sparsemax)
//! and prelu, generic over [`Simd`] and instantiated per ISA by the
//! generator.
//!
//! Reductions along a contiguous row always use [`LANES16`] accumulator
//! lanes, element j going to lane j mod 16, and reduce them in one fixed
//! order, whatever the ISA's register width: that is what makes row results
//! bit-identical across ISAs. Along a strided axis each SIMD lane owns one
//! group and runs through it in order, which is ISA-independent by itself.

pub mod glu;
pub mod glu_fast;
pub mod hardmax;
pub mod prelu;
pub mod softmax;
pub mod softmin;
pub mod sparsemax;

use crate::math::dd::two_sum;
use crate::simd::Simd;

/// The fixed number of accumulator lanes of every row reduction.
pub const LANES16: usize = 16;

/// Sixteen accumulator lanes held as `16 / V::LANES` registers.
#[derive(Clone, Copy)]
pub(crate) struct Lanes16<V: Simd> {
    pub regs: [V; LANES16],
}

impl<V: Simd> Lanes16<V> {
    pub const REGS: usize = LANES16 / V::LANES;

    #[inline(always)]
    pub fn splat(v: f32) -> Self {
        Self {
            regs: [V::splat(v); LANES16],
        }
    }

    /// Stores the sixteen lanes in order.
    #[inline(always)]
    pub fn to_array(self) -> [f32; LANES16] {
        let mut out = [0.0f32; LANES16];
        for k in 0..Self::REGS {
            // SAFETY: out has room for REGS * LANES = 16 floats.
            unsafe { self.regs[k].store(out.as_mut_ptr().add(k * V::LANES)) };
        }
        out
    }
}

/// Register `k` of the 16-value chunk at `p[0..len]` (`len <= 16`): full,
/// or partial with `fill` past `len`. None when it lies wholly past `len`:
/// the reductions here skip it, which is bit for bit the same as adding 0 or
/// taking the max with -inf.
///
/// (No closures in this module: a closure inside a `#[target_feature]`
/// kernel is compiled without the features, and its intrinsics become calls.)
#[inline(always)]
pub(crate) unsafe fn chunk_reg<V: Simd>(
    p: *const f32,
    k: usize,
    len: usize,
    fill: f32,
) -> Option<V> {
    let start = k * V::LANES;
    if start + V::LANES <= len {
        Some(V::load(p.add(start)))
    } else if start < len {
        Some(V::load_partial(p.add(start), len - start, fill))
    } else {
        None
    }
}

/// Stores register `k` of a 16-value chunk of length `len` at `p`.
#[inline(always)]
pub(crate) unsafe fn store_chunk_reg<V: Simd>(v: V, p: *mut f32, k: usize, len: usize) {
    let start = k * V::LANES;
    if start + V::LANES <= len {
        v.store(p.add(start))
    } else if start < len {
        v.store_partial(p.add(start), len - start)
    }
}

/// Loads `cnt <= LANES` values (all of a register, or the first `cnt`).
#[inline(always)]
pub(crate) unsafe fn load_n<V: Simd>(p: *const f32, cnt: usize, fill: f32) -> V {
    if cnt == V::LANES {
        V::load(p)
    } else {
        V::load_partial(p, cnt, fill)
    }
}

/// Stores the first `cnt <= LANES` lanes.
#[inline(always)]
pub(crate) unsafe fn store_n<V: Simd>(v: V, p: *mut f32, cnt: usize) {
    if cnt == V::LANES {
        v.store(p)
    } else {
        v.store_partial(p, cnt)
    }
}

/// Compensated (TwoSum) sixteen-lane sum: `hi + lo` per lane.
#[derive(Clone, Copy)]
pub(crate) struct Sum16<V: Simd> {
    pub hi: Lanes16<V>,
    pub lo: Lanes16<V>,
}

impl<V: Simd> Sum16<V> {
    #[inline(always)]
    pub fn new() -> Self {
        Self {
            hi: Lanes16::splat(0.0),
            lo: Lanes16::splat(0.0),
        }
    }
    #[inline(always)]
    pub fn add(&mut self, k: usize, v: V) {
        let (s, e) = two_sum(self.hi.regs[k], v);
        self.hi.regs[k] = s;
        self.lo.regs[k] = self.lo.regs[k] + e;
    }
    /// The total, in f64, summed in one fixed order.
    #[inline(always)]
    pub fn total(self) -> f64 {
        let (h, l) = (self.hi.to_array(), self.lo.to_array());
        let mut t = 0.0f64;
        for j in 0..LANES16 {
            t += h[j] as f64 + l[j] as f64;
        }
        t
    }
}

/// Sixteen-lane maximum of `p[0..n]` (NaN is not guaranteed to win here;
/// callers see it in the following exp pass).
#[inline(always)]
pub(crate) unsafe fn max16<V: Simd>(p: *const f32, n: usize) -> f32 {
    let mut m = Lanes16::<V>::splat(f32::NEG_INFINITY);
    let mut j = 0;
    while j < n {
        let len = LANES16.min(n - j);
        for k in 0..Lanes16::<V>::REGS {
            if let Some(v) = chunk_reg::<V>(p.add(j), k, len, f32::NEG_INFINITY) {
                m.regs[k] = v.max(m.regs[k]);
            }
        }
        j += LANES16;
    }
    let mut best = f32::NEG_INFINITY;
    for v in m.to_array() {
        if v > best {
            best = v;
        }
    }
    best
}
