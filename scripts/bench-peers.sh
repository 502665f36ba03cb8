#!/usr/bin/env bash
# libactfn side by side with XNNPACK, oneDNN and SLEEF: runs
# `cargo bench --features peers --bench peers` ACTFN_PEERS_RUNS times (3 by
# default; the report takes the median of each cell over the runs), then
# tools/peers_report.py, which writes docs/peers.md and docs/peers.svg.
#
#   scripts/bench-peers.sh                       # 3 full runs (under a minute each)
#   ACTFN_PEERS_RUNS=1 ACTFN_PEERS_QUICK=1 scripts/bench-peers.sh   # one quick run
#   scripts/bench-peers.sh sigmoid gelu          # some functions only
#
# The other ACTFN_PEERS_* variables of benches/peers.rs pass through. Each
# run's JSON goes to target/peers/<batch>/run-<i>.json.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(libxnnpack-dev libpthreadpool-dev libdnnl-dev libsleef-dev)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "install them with:" >&2
    echo "    apt-get install -y ${pkgs[*]}" >&2
    exit 1
fi

runs=${ACTFN_PEERS_RUNS:-3}
batch="target/peers/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$batch"
files=()
for i in $(seq 1 "$runs"); do
    printf '\n== run %s of %s\n' "$i" "$runs"
    ACTFN_PEERS_OUT="$PWD/$batch/run-$i.json" cargo bench --features peers --bench peers -- "$@"
    files+=("$batch/run-$i.json")
done
printf '\n== report\n'
python3 tools/peers_report.py "${files[@]}"
echo "tables: docs/peers.md, chart: docs/peers.svg (runs in $batch)"
