#!/usr/bin/env bash
# Every test, as CI runs it: formatting, lints, the Rust suite on every ISA
# this CPU has, the C tests against libactfn.so, and the aarch64 build (NEON
# and scalar) under qemu. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (x86_64)"
cargo clippy --release --all-targets -- -D warnings

step "cargo build --release (library, header)"
cargo build --release
# The build regenerates include/actfn.h; a difference means it was stale.
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- include/actfn.h; then
    echo "include/actfn.h is stale: commit the regenerated header" >&2
    git --no-pager diff --stat -- include/actfn.h >&2
    exit 1
fi

step "aarch64: NEON and scalar under qemu"
scripts/test-aarch64.sh

step "cargo test --release (x86_64, every ISA this CPU has)"
cargo test --release

# ---- issue 16: the C-API fuzzer (seed corpus + 60 s) and the C tests
# under ASan (Rust side too) and UBSan. Their own scripts; see fuzz/README.md.
step "fuzz the C API (seed corpus, 60 s)"
scripts/fuzz.sh --ci
step "C tests under ASan + UBSan (Rust library instrumented too)"
scripts/sanitize.sh
# ---- end of issue 16 steps

# Last, so that the run closes on the C suite's "N passed, 0 failed".
step "C tests (x86_64)"
make -C c_tests
