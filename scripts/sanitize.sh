#!/usr/bin/env bash
# The C tests against a libactfn built with AddressSanitizer on the Rust
# side (-Zsanitizer=address through RUSTC_BOOTSTRAP=1, in target/asan so
# that the normal build is untouched), the test programs built by clang
# with ASan and UBSan (-fno-sanitize-recover: the first report fails).
# ACTFN_TEST_N lowers the random inputs per parameter set of the
# elementwise test (default here 20000; the instrumented run is slower).
set -euo pipefail
cd "$(dirname "$0")/.."

triple=$(rustc -vV | sed -n 's/^host: //p')
# The catalogue's tables for the C tests, from the normal build (before the
# environment below, which would make cargo rebuild it).
make -s -C c_tests build/tables/tables.h
export RUSTC_BOOTSTRAP=1
# --target keeps build scripts and proc macros uninstrumented.
RUSTFLAGS="-Zsanitizer=address" cargo build --release --lib \
    --target "$triple" --target-dir target/asan
lib=$PWD/target/asan/$triple/release

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ACTFN_TEST_N=${ACTFN_TEST_N:-20000}
make -C c_tests BUILD=build/asan CC=clang CXX=clang++ LIBDIR="$lib" \
    CFLAGS="-std=c99 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
