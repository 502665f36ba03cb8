#!/usr/bin/env bash
# libFuzzer over the C API (fuzz/fuzz_capi.c, see fuzz/README.md), with
# ASan and UBSan on the harness.
#   scripts/fuzz.sh --ci         the seed corpus, then 60 s of fuzzing, then
#                                the ACTFN_ISA check with bytes not UTF-8
#   scripts/fuzz.sh [SECONDS]    fuzz for SECONDS (default 3600) on one core,
#                                the library coverage-instrumented (its own
#                                build in target/fuzz); new inputs go to
#                                fuzz/work/ (not committed)
# Findings are written as crash-* files to fuzz/work/ and end the run with a
# non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."

ci=0
secs=3600
case "${1:-}" in
--ci) ci=1 secs=60 ;;
"") ;;
*) secs=$1 ;;
esac

CC=${FUZZ_CC:-clang}
# The harness calls each op's named function through the catalogue's tables
# (c_tests/common.h includes the generated tables.h).
make -s -C c_tests build/tables/tables.h
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -Iinclude
    -Ic_tests/build/tables)
mkdir -p fuzz/work/corpus
if [ $ci -eq 1 ]; then
    # CI: against the shared library the test command built (no extra
    # build); the coverage that guides it is the harness's own.
    lib=$(realpath "${FUZZ_LIBDIR:-target/release}")
    bin=fuzz/work/fuzz_capi_ci
    [ -f "$lib/libactfn.so" ] || cargo build --release
    # The harness records the SONAME (libactfn.so.0), which cargo does not write.
    sh scripts/link-soname.sh "$lib"
    "$CC" "${flags[@]}" fuzz/fuzz_capi.c -o "$bin" -L"$lib" -Wl,-rpath,"$lib" -lactfn -lm
else
    # Long runs: the library itself coverage-instrumented (as cargo-fuzz
    # does it: LLVM's sancov pass, 8-bit counters, compares), linked
    # statically; ~3,100 edges instead of the harness's ~220.
    triple=$(rustc -vV | sed -n 's/^host: //p')
    RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares" \
        cargo rustc --release --lib --crate-type staticlib --target "$triple" --target-dir target/fuzz
    bin=fuzz/work/fuzz_capi
    "$CC" "${flags[@]}" fuzz/fuzz_capi.c "target/fuzz/$triple/release/libactfn.a" -o "$bin" -lpthread -ldl -lm
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
unset ACTFN_ISA
opts=(-artifact_prefix=fuzz/work/ -print_final_stats=1)
if [ $ci -eq 1 ]; then
    # Every seed (the issue 16 reproducers) must pass as it is.
    # (Files, not the directory: libFuzzer then only runs them, writes none.)
    "$bin" "${opts[@]}" fuzz/corpus/*
    # ACTFN_ISA with bytes that are not UTF-8 must give ACTFN_ISA_NONE
    # (LLVMFuzzerInitialize checks it; the inputs then all see ERR_ISA).
    ACTFN_ISA=$'\xff\xfe' "$bin" "${opts[@]}" fuzz/corpus/*
fi
# New inputs go to fuzz/work/corpus; fuzz/corpus is only read.
"$bin" "${opts[@]}" -max_total_time="$secs" fuzz/work/corpus fuzz/corpus
