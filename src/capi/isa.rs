//! Instruction-set selection, status messages and the version, for C.

use super::types::*;
use crate::dispatch;
use core::ffi::c_char;

/// The instruction set the kernels run on now: the best one this CPU has,
/// unless `ACTFN_ISA` or `actfn_force_isa` pinned another. ACTFN_ISA_NONE
/// when `ACTFN_ISA` names an ISA that is unknown or missing here (every
/// kernel call then returns ACTFN_ERR_ISA until `actfn_force_isa` succeeds).
///
/// `ACTFN_ISA` is read once, at the first call into the library. Its value
/// is compared byte for byte with "scalar", "avx2", "avx512" and "neon"
/// (case-sensitive, no spaces); any other bytes, including bytes that are
/// not valid UTF-8, give ACTFN_ISA_NONE. Set but empty (`ACTFN_ISA=`) means
/// the same as unset, the best ISA: shells and service managers often
/// write an empty value to clear a variable, and that should not disable
/// the library.
#[no_mangle]
pub extern "C" fn actfn_active_isa() -> actfn_isa {
    dispatch::active()
}

/// Pins the kernels of `isa` for every later call, in every thread (for
/// testing and benchmarking; the default is already the best).
/// ACTFN_ISA_NONE returns to the best ISA of this CPU.
///
/// Returns ACTFN_OK, or ACTFN_ERR_ISA if this CPU or this build lacks `isa`
/// (the active ISA is then unchanged: there is no silent fallback).
#[no_mangle]
pub extern "C" fn actfn_force_isa(isa: actfn_isa) -> actfn_status {
    dispatch::force(isa)
}

/// Whether this CPU and build can run `isa`.
#[no_mangle]
pub extern "C" fn actfn_isa_supported(isa: actfn_isa) -> bool {
    dispatch::supported(isa)
}

/// The name of `isa` ("scalar", "avx2", "avx512", "neon", "none"), the
/// same spelling `ACTFN_ISA` takes; "unknown" for other values. Static.
#[no_mangle]
pub extern "C" fn actfn_isa_name(isa: actfn_isa) -> *const c_char {
    // Test-only variants (dispatch::VARIANT_BASE and up) have no public name.
    dispatch::name(isa).as_ptr()
}

/// A static, human-readable message for a status code.
#[no_mangle]
pub extern "C" fn actfn_status_str(status: actfn_status) -> *const c_char {
    let s: &core::ffi::CStr = match status {
        ACTFN_OK => c"ok",
        ACTFN_ERR_NULL => c"NULL pointer with a non-empty buffer",
        ACTFN_ERR_SIZE => c"buffer size overflows the address space",
        ACTFN_ERR_OVERLAP => c"input and output overlap without being the same buffer",
        ACTFN_ERR_PARAM => c"parameter outside its domain",
        ACTFN_ERR_SHAPE => c"shape not accepted by this function",
        ACTFN_ERR_UNKNOWN_NAME => c"not a Keras activation name",
        ACTFN_ERR_UNKNOWN_OP => c"not an element-wise op",
        ACTFN_ERR_ISA => c"instruction set unknown or not available on this CPU",
        ACTFN_ERR_INTERNAL => c"internal error (a bug in libactfn)",
        ACTFN_ERR_ROWWISE => c"a row-wise activation: call its own function",
        _ => c"unknown status",
    };
    s.as_ptr()
}

/// The library version, "MAJOR.MINOR.PATCH". Static.
#[no_mangle]
pub extern "C" fn actfn_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr() as *const c_char
}
