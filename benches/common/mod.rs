//! What both benchmarks share: aligned buffers, the inputs, the parameters.

use actfn::capi::types::actfn_params;
use actfn::testing;

pub const K: usize = 1024;
pub const M: usize = 1024 * 1024;

/// One cache line of floats, so that a Vec of them is 64-byte aligned.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub struct Line([f32; 16]);

/// A 64-byte aligned f32 buffer.
pub struct Buf(Vec<Line>);

impl Buf {
    pub fn new(n: usize) -> Buf {
        Buf(vec![Line([0.0; 16]); n.div_ceil(16)])
    }
    pub fn as_slice(&self) -> &[f32] {
        // SAFETY: Line is repr(C) [f32; 16] with no padding.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr().cast(), self.0.len() * 16) }
    }
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        // SAFETY: as above, and we hold the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.0.as_mut_ptr().cast(), self.0.len() * 16) }
    }
}

/// Uniform in [-10, 10) from a fixed seed.
pub fn inputs(n: usize) -> Buf {
    let mut b = Buf::new(n);
    let mut rng = testing::Rng::new(0x5eed_acf0_0000_0001);
    for v in b.as_mut_slice() {
        *v = rng.uniform(-10.0, 10.0);
    }
    b
}

/// The parameters the kernels and the naive loops use: Keras's defaults,
/// required parameters at the catalogue's example.
pub fn bench_params(op: usize) -> actfn_params {
    testing::base_params(op)
}

/// "16K", "4M" or a plain count; `var` names the environment variable in
/// the error.
pub fn parse_size(var: &str, t: &str) -> usize {
    let (num, mul) = match t.as_bytes().last() {
        Some(b'K' | b'k') => (&t[..t.len() - 1], K),
        Some(b'M' | b'm') => (&t[..t.len() - 1], M),
        _ => (t, 1),
    };
    let n: usize = num
        .parse()
        .unwrap_or_else(|_| panic!("{var}: bad size {t:?}"));
    assert!(n > 0, "{var}: size 0");
    n * mul
}

/// The label of a size: "16K", "4M", or the count.
pub fn size_label(n: usize) -> String {
    if n.is_multiple_of(M) {
        format!("{}M", n / M)
    } else if n.is_multiple_of(K) {
        format!("{}K", n / K)
    } else {
        n.to_string()
    }
}
