#!/usr/bin/env bash
# Every test, as CI runs it: formatting, lints, the Rust suite on every ISA
# this CPU has, the install test (scripts/test-install.sh), the C tests
# against libactfn.so, and the aarch64 build (NEON and scalar) under qemu.
#
# First installs what a fresh Debian machine with Rust lacks: rustup
# components and target, and (as root, through apt-get) the cross tools,
# pkg-config, cmake and g++. A part whose tools are missing and cannot be
# installed is skipped with a SKIPPED line, repeated at the end; with
# ACTFN_REQUIRE_ALL=1 (as .ci/run sets) a skip is a failure.
# Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
skipped=()
skip() {
    printf 'SKIPPED: %s\n' "$*" >&2
    skipped+=("$*")
}

step "set-up: what this machine lacks"
have() { command -v "$1" >/dev/null 2>&1; }
if have rustup; then
    for c in rustfmt clippy; do
        if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
            echo "installing the Rust component $c (rustup component add $c)"
            rustup component add "$c" || true
        fi
    done
    if ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
        echo "installing the Rust target aarch64-unknown-linux-gnu (rustup target add)"
        rustup target add aarch64-unknown-linux-gnu || true
    fi
fi
need=()
have qemu-aarch64 || need+=(qemu-user)
have aarch64-linux-gnu-gcc || need+=(gcc-aarch64-linux-gnu)
have aarch64-linux-gnu-g++ || need+=(g++-aarch64-linux-gnu)
[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || need+=(libc6-dev-arm64-cross)
have pkg-config || need+=(pkg-config)
have cmake || need+=(cmake)
have c++ || need+=(g++)
have make || need+=(make)
# The fuzzer and the sanitizer run: clang with its libFuzzer/ASan runtimes.
have clang || need+=(clang libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && have apt-get; then
        echo "installing with apt-get: ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # A failure here is not fatal: the parts that need the tools are
        # then skipped, loudly.
        apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" ||
            echo "apt-get failed: the parts that need ${need[*]} will be skipped"
    else
        echo "missing: ${need[*]} (not root or no apt-get: not installing;"
        echo "as root: apt-get install ${need[*]})"
    fi
else
    echo "nothing to install"
fi
has_component() { cargo "$1" --version >/dev/null 2>&1; }

step "cargo fmt --check"
if has_component fmt; then cargo fmt --all -- --check; else skip "cargo fmt: no rustfmt component"; fi

step "cargo clippy (x86_64)"
if has_component clippy; then
    cargo clippy --release --all-targets -- -D warnings
else
    skip "cargo clippy: no clippy component"
fi

step "cargo build --release (library, header)"
cargo build --release

step "aarch64: NEON and scalar under qemu"
if rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu &&
    have qemu-aarch64 && have aarch64-linux-gnu-gcc &&
    [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
    scripts/test-aarch64.sh
else
    skip "aarch64 tests: needs the Rust target aarch64-unknown-linux-gnu, qemu-user, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross"
fi

# tests/header.rs fails, naming scripts/refresh-header.sh, if the committed
# include/actfn.h is not the one this build generates.
step "cargo test --release (x86_64, every ISA this CPU has)"
cargo test --release

step "install, then build and run against the installed files"
if have pkg-config && have cmake && have c++; then
    scripts/test-install.sh
else
    skip "install test: needs pkg-config, cmake and c++"
fi

# The C-API fuzzer (seed corpus + 60 s) and the C tests under ASan (Rust
# side too) and UBSan: their own scripts, see fuzz/README.md.
if have clang; then
    step "fuzz the C API (seed corpus, 60 s)"
    scripts/fuzz.sh --ci
    step "C tests under ASan + UBSan (Rust library instrumented too)"
    scripts/sanitize.sh
else
    skip "fuzzer and sanitizer runs: need clang"
fi

# Last, so that the run closes on the C suite's "N passed, 0 failed".
step "C tests (x86_64)"
make -C c_tests

if [ ${#skipped[@]} -gt 0 ]; then
    printf '\n'
    printf 'SKIPPED: %s\n' "${skipped[@]}"
    if [ -n "${ACTFN_REQUIRE_ALL:-}" ]; then
        echo "ACTFN_REQUIRE_ALL is set: a skipped part is a failure" >&2
        exit 1
    fi
fi
