//! Run-time choice of the kernel table.
//!
//! The kernel sets (`KERNEL_SETS`, generated from `codegen/isas.rs`) list
//! this architecture's ISAs best first, each with its CPU test. The chosen
//! ISA lives in an atomic, and each call loads it and indexes a static
//! table, nothing more. `ACTFN_ISA` (read at the first call) and
//! `actfn_force_isa` pin an ISA; one the CPU lacks is an error, never a
//! silent fallback.

use crate::capi::types::*;
pub(crate) use crate::kernels::Table;
use crate::kernels::{KernelSet, ISA_NAMES, KERNEL_SETS};
use core::ffi::CStr;
use std::sync::atomic::{AtomicU32, Ordering};

/// Not ISAs for users: `VARIANT_BASE + k` names `KERNEL_SETS[k]` itself,
/// so that the tests reach variants that this CPU never runs, such as the
/// scalar kernels with the software FMA on a CPU that has FMA.
pub const VARIANT_BASE: actfn_isa = 100;

/// The kernel set that runs for `isa` on this CPU: the first of its value
/// whose features the CPU has.
fn set_for(isa: actfn_isa) -> Option<&'static KernelSet> {
    if isa >= VARIANT_BASE {
        return KERNEL_SETS
            .get((isa - VARIANT_BASE) as usize)
            .filter(|s| (s.cpu_has)());
    }
    KERNEL_SETS.iter().find(|s| s.value == isa && (s.cpu_has)())
}

pub(crate) fn name(isa: actfn_isa) -> &'static CStr {
    if isa == ACTFN_ISA_NONE {
        return c"none";
    }
    ISA_NAMES
        .iter()
        .find(|(v, _)| *v == isa)
        .map_or(c"unknown", |(_, n)| n)
}

/// The name of `isa` in tests and benchmarks (variants by their label).
pub fn label(isa: actfn_isa) -> &'static str {
    if isa >= VARIANT_BASE {
        return KERNEL_SETS
            .get((isa - VARIANT_BASE) as usize)
            .map_or("unknown", |s| s.variant_label);
    }
    name(isa).to_str().unwrap_or("?")
}

/// Whether this CPU, and this build's architecture, can run `isa`.
pub(crate) fn supported(isa: actfn_isa) -> bool {
    isa < VARIANT_BASE && set_for(isa).is_some()
}

/// The ISAs this CPU can run, best first.
pub fn available() -> Vec<actfn_isa> {
    let mut v: Vec<actfn_isa> = Vec::new();
    for s in KERNEL_SETS.iter().filter(|s| (s.cpu_has)()) {
        if !v.contains(&s.value) {
            v.push(s.value);
        }
    }
    v
}

/// The variants this CPU has that no public ISA value runs here.
pub fn shadowed_variants() -> Vec<actfn_isa> {
    KERNEL_SETS
        .iter()
        .enumerate()
        .filter(|(_, s)| (s.cpu_has)() && !core::ptr::eq(set_for(s.value).unwrap(), *s))
        .map(|(k, _)| VARIANT_BASE + k as actfn_isa)
        .collect()
}

fn best() -> actfn_isa {
    available()[0]
}

/// `ACTIVE` holds the index of the active kernel set in `KERNEL_SETS`, so
/// that a call finds its table with one load; or one of these.
const UNINIT: u32 = u32::MAX;
const NONE: u32 = u32::MAX - 1;
static ACTIVE: AtomicU32 = AtomicU32::new(UNINIT);

/// `ACTIVE`'s value for `isa`: its kernel set, or NONE.
fn slot(isa: actfn_isa) -> u32 {
    KERNEL_SETS
        .iter()
        .position(|s| isa < VARIANT_BASE && set_for(isa).is_some_and(|r| core::ptr::eq(r, s)))
        .map_or(NONE, |k| k as u32)
}

/// The ISA named by `ACTFN_ISA`, or the best one when it is unset or empty;
/// ACTFN_ISA_NONE when it names one that is unknown or missing here, and for
/// bytes that are not UTF-8 (compared as bytes: `var` would read those as
/// unset).
fn from_env() -> actfn_isa {
    match std::env::var_os("ACTFN_ISA") {
        Some(v) if !v.is_empty() => KERNEL_SETS
            .iter()
            .find(|s| s.c_name.to_bytes() == v.as_encoded_bytes())
            .map(|s| s.value)
            .filter(|&i| supported(i))
            .unwrap_or(ACTFN_ISA_NONE),
        _ => best(),
    }
}

fn active_slot() -> u32 {
    let a = ACTIVE.load(Ordering::Relaxed);
    if a != UNINIT {
        return a;
    }
    // First call: a concurrent actfn_force_isa wins over the environment.
    let _ = ACTIVE.compare_exchange(
        UNINIT,
        slot(from_env()),
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    ACTIVE.load(Ordering::Relaxed)
}

pub(crate) fn active() -> actfn_isa {
    KERNEL_SETS
        .get(active_slot() as usize)
        .map_or(ACTFN_ISA_NONE, |s| s.value)
}

pub(crate) fn force(isa: actfn_isa) -> actfn_status {
    let isa = if isa == ACTFN_ISA_NONE { best() } else { isa };
    if !supported(isa) {
        return ACTFN_ERR_ISA;
    }
    ACTIVE.store(slot(isa), Ordering::Relaxed);
    ACTFN_OK
}

/// The kernels of `isa` (or of a variant, see [`VARIANT_BASE`]), if this
/// CPU can run them.
pub(crate) fn table_for(isa: actfn_isa) -> Result<&'static Table, actfn_status> {
    set_for(isa).map(|s| s.table).ok_or(ACTFN_ERR_ISA)
}

/// The kernels of the active ISA (checked when it was set): one load.
pub(crate) fn table() -> Result<&'static Table, actfn_status> {
    KERNEL_SETS
        .get(active_slot() as usize)
        .map(|s| s.table)
        .ok_or(ACTFN_ERR_ISA)
}

/// The active kernel set itself (the half-type drivers pair its table with
/// its ISA's conversions).
pub(crate) fn active_set() -> Result<&'static KernelSet, actfn_status> {
    KERNEL_SETS.get(active_slot() as usize).ok_or(ACTFN_ERR_ISA)
}

/// The kernel set of `isa` (or of a variant), if this CPU can run it.
pub(crate) fn set_of(isa: actfn_isa) -> Result<&'static KernelSet, actfn_status> {
    set_for(isa).ok_or(ACTFN_ERR_ISA)
}
