#!/usr/bin/env bash
# libFuzzer over the C API (fuzz/fuzz_capi.c, see fuzz/README.md), linked
# to target/release/libactfn.so, with ASan and UBSan on the harness.
#   scripts/fuzz.sh --ci         the seed corpus, then 60 s of fuzzing, then
#                                the ACTFN_ISA check with bytes not UTF-8
#   scripts/fuzz.sh [SECONDS]    fuzz for SECONDS (default 3600) on one core;
#                                new inputs go to fuzz/work/ (not committed)
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
# FUZZ_LIBDIR: another libactfn.so (e.g. a copy, so that a rebuild does
# not pull the library from under a long run).
lib=$(realpath "${FUZZ_LIBDIR:-target/release}")
# Its own binary in CI mode: a long run may be executing the other.
bin=fuzz/work/fuzz_capi$([ $ci -eq 1 ] && echo _ci || true)
mkdir -p fuzz/work/corpus
[ -f "$lib/libactfn.so" ] || cargo build --release
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -D_GNU_SOURCE -Iinclude fuzz/fuzz_capi.c -o "$bin" \
    -L"$lib" -Wl,-rpath,"$lib" -lactfn -lm

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
unset ACTFN_ISA
opts=(-artifact_prefix=fuzz/work/ -print_final_stats=1)
if [ $ci -eq 1 ]; then
    # Every seed (the issue 16 reproducers) must pass as it is.
    "$bin" "${opts[@]}" -runs=0 fuzz/corpus
    # ACTFN_ISA with bytes that are not UTF-8 must give ACTFN_ISA_NONE
    # (LLVMFuzzerInitialize checks it; the inputs then all see ERR_ISA).
    ACTFN_ISA=$'\xff\xfe' "$bin" "${opts[@]}" -runs=200 fuzz/corpus
fi
# New inputs go to fuzz/work/corpus; fuzz/corpus is only read.
"$bin" "${opts[@]}" -max_total_time="$secs" fuzz/work/corpus fuzz/corpus
