//! Interleaved timing rounds and their median.

use super::*;

pub struct Timed {
    pub eps: Vec<f64>,
    pub reps: usize,
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub fn time_once(run: &mut Run, x: &[f32], y: &mut [f32], reps: usize) -> f64 {
    let t = Instant::now();
    for _ in 0..reps {
        black_box(run(black_box(x), black_box(&mut *y)));
    }
    t.elapsed().as_nanos() as f64
}

/// Interleaved rounds over `impls` (only those with `timed[i]`).
pub fn measure(
    impls: &mut [Impl],
    timed: &[bool],
    x: &[f32],
    y: &mut [f32],
    cfg: &Config,
) -> Vec<Option<Timed>> {
    let n = x.len();
    let mut out: Vec<Option<Timed>> = Vec::new();
    for (im, &t) in impls.iter_mut().zip(timed) {
        if !t {
            out.push(None);
            continue;
        }
        // Warm-up, then calibration on a second call.
        (im.run)(x, y);
        let one = time_once(&mut im.run, x, y, 1).max(1.0);
        let reps = ((cfg.target_ns / one).ceil() as usize).clamp(1, 1 << 20);
        out.push(Some(Timed {
            eps: Vec::with_capacity(cfg.rounds),
            reps,
        }));
    }
    let order: Vec<usize> = (0..impls.len()).filter(|&i| timed[i]).collect();
    for r in 0..cfg.rounds {
        for k in 0..order.len() {
            let i = order[(k + r) % order.len()];
            let t = out[i].as_mut().expect("timed");
            let ns = time_once(&mut impls[i].run, x, y, t.reps);
            t.eps.push((n * t.reps) as f64 / ns);
        }
    }
    out
}
