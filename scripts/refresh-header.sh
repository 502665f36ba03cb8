#!/bin/sh
# Copies the header this build generates ($OUT_DIR/actfn.h: build.rs writes
# nothing into the source tree) to include/actfn.h, the committed copy that
# users and the C programs include. tests/header.rs fails while they differ.
set -eu
cd "$(dirname "$0")/.."
# cargo names the build script's OUT_DIR in its JSON messages.
out_dir=$(cargo build --release --message-format=json \
    | grep '"reason":"build-script-executed"' \
    | grep '"package_id":"[^"]*actfn[@#]' \
    | sed 's/.*"out_dir":"\([^"]*\)".*/\1/' | tail -1)
if [ -z "$out_dir" ] || [ ! -f "$out_dir/actfn.h" ]; then
    echo "refresh-header: could not find the generated actfn.h (cargo build failed?)" >&2
    exit 1
fi
if cmp -s "$out_dir/actfn.h" include/actfn.h; then
    echo "include/actfn.h is up to date"
else
    mkdir -p include
    cp "$out_dir/actfn.h" include/actfn.h
    echo "include/actfn.h refreshed from $out_dir/actfn.h"
fi
