#!/usr/bin/env bash
# The main job: build libactfn.so and run the C demo that links it (active
# ISA, a dense layer through every activation, throughput per ISA).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
make -C examples run
