//! Run-time choice of the kernel table.
//!
//! The CPU's features are read once; the chosen ISA lives in an atomic, and
//! each call loads it and indexes a static table, nothing more.
//! `ACTFN_ISA` (read at the first call) and `actfn_force_isa` pin an ISA; one
//! the CPU lacks is an error, never a silent fallback.

use crate::capi::types::*;
pub(crate) use crate::kernels::Table;
use crate::kernels::*;
use core::ffi::CStr;
use std::sync::atomic::{AtomicU32, Ordering};

const UNINIT: u32 = u32::MAX;
static ACTIVE: AtomicU32 = AtomicU32::new(UNINIT);

/// Every ISA this build knows, best first, with its `ACTFN_ISA` spelling.
const NAMES: &[(actfn_isa, &CStr)] = &[
    (ACTFN_ISA_AVX512, c"avx512"),
    (ACTFN_ISA_AVX2, c"avx2"),
    (ACTFN_ISA_NEON, c"neon"),
    (ACTFN_ISA_SCALAR, c"scalar"),
];

pub(crate) fn name(isa: actfn_isa) -> &'static CStr {
    if isa == ACTFN_ISA_NONE {
        return c"none";
    }
    if isa == ISA_SCALAR_SOFT_FMA {
        return c"scalar-soft-fma";
    }
    NAMES
        .iter()
        .find(|(i, _)| *i == isa)
        .map_or(c"unknown", |(_, n)| n)
}

/// Whether this CPU, and this build's architecture, can run `isa`.
pub(crate) fn supported(isa: actfn_isa) -> bool {
    match isa {
        ACTFN_ISA_SCALAR => true,
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX2 => {
            std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
        }
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX512 => {
            std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("avx512dq")
                && std::is_x86_feature_detected!("avx512vl")
                && supported(ACTFN_ISA_AVX2)
        }
        #[cfg(target_arch = "aarch64")]
        ACTFN_ISA_NEON => std::arch::is_aarch64_feature_detected!("neon"),
        _ => false,
    }
}

/// The ISAs this CPU can run, best first.
pub fn available() -> Vec<actfn_isa> {
    NAMES
        .iter()
        .map(|(i, _)| *i)
        .filter(|&i| supported(i))
        .collect()
}

fn best() -> actfn_isa {
    available()[0]
}

/// The ISA named by `ACTFN_ISA`, or the best one when it is unset or empty;
/// ACTFN_ISA_NONE when it names one that is unknown or missing here, and for
/// bytes that are not UTF-8 (compared as bytes: `var` would read those as
/// unset).
fn from_env() -> actfn_isa {
    match std::env::var_os("ACTFN_ISA") {
        Some(v) if !v.is_empty() => NAMES
            .iter()
            .find(|(_, n)| n.to_bytes() == v.as_encoded_bytes())
            .map(|(i, _)| *i)
            .filter(|&i| supported(i))
            .unwrap_or(ACTFN_ISA_NONE),
        _ => best(),
    }
}

pub(crate) fn active() -> actfn_isa {
    let a = ACTIVE.load(Ordering::Relaxed);
    if a != UNINIT {
        return a;
    }
    // First call: a concurrent actfn_force_isa wins over the environment.
    let _ = ACTIVE.compare_exchange(UNINIT, from_env(), Ordering::Relaxed, Ordering::Relaxed);
    ACTIVE.load(Ordering::Relaxed)
}

pub(crate) fn force(isa: actfn_isa) -> actfn_status {
    let isa = if isa == ACTFN_ISA_NONE { best() } else { isa };
    if !supported(isa) {
        return ACTFN_ERR_ISA;
    }
    ACTIVE.store(isa, Ordering::Relaxed);
    ACTFN_OK
}

/// The kernels of the active ISA.
pub(crate) fn table() -> Result<&'static Table, actfn_status> {
    // The active ISA was checked when it was set.
    match active() {
        ACTFN_ISA_SCALAR => Ok(scalar_table()),
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX2 => Ok(&TABLE_AVX2),
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX512 => Ok(&TABLE_AVX512),
        #[cfg(target_arch = "aarch64")]
        ACTFN_ISA_NEON => Ok(&TABLE_NEON),
        _ => Err(ACTFN_ERR_ISA),
    }
}

/// The kernels of `isa`, if this CPU can run them.
pub(crate) fn table_for(isa: actfn_isa) -> Result<&'static Table, actfn_status> {
    if isa == ISA_SCALAR_SOFT_FMA {
        return Ok(&TABLE_SCALAR);
    }
    if !supported(isa) {
        return Err(ACTFN_ERR_ISA);
    }
    Ok(match isa {
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX2 => &TABLE_AVX2,
        #[cfg(target_arch = "x86_64")]
        ACTFN_ISA_AVX512 => &TABLE_AVX512,
        #[cfg(target_arch = "aarch64")]
        ACTFN_ISA_NEON => &TABLE_NEON,
        ACTFN_ISA_SCALAR => scalar_table(),
        _ => &TABLE_SCALAR,
    })
}

/// Not an ISA for users: the scalar kernels with the software FMA, which
/// `ACTFN_ISA_SCALAR` runs only on CPUs without FMA. The tests reach it
/// through `testing::available()` so that it is checked everywhere.
pub const ISA_SCALAR_SOFT_FMA: actfn_isa = 100;

/// The scalar table: compiled for FMA where the CPU has it, else with the
/// software FMA (the same bits either way).
fn scalar_table() -> &'static Table {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("fma") {
        return &TABLE_SCALAR_FMA;
    }
    &TABLE_SCALAR
}
