#!/usr/bin/env python3
"""Turns the JSON of `cargo run --release --example accuracy -- ... --json F`
into the README's accuracy table: one row per function (and parameter set),
the max ULP per ISA and how many inputs it was measured on ("all" for every
f32 bit pattern, "1/64" for every 64th), where the worst case is, and the
count of results beyond the bound or wrong at special values. For each ISA
the most exhaustive measurement among the files is kept:

    python3 tools/accuracy_table.py coarse.json full/*.json
"""
import json
import struct
import sys

ISAS = ["scalar", "avx2", "avx512", "neon"]


def main(paths):
    best = {}  # (op, params) -> {isa: (step, result)}
    order = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        step = data["step"]
        for r in data["results"]:
            key = (r["op"], r["params"])
            if key not in best:
                best[key] = {}
                order.append(key)
            have = best[key].get(r["isa"])
            if have is None or step <= have[0]:
                best[key][r["isa"]] = (step, r)
    isas = [i for i in ISAS if any(i in v for v in best.values())]
    print("| function | params | " + " | ".join(isas) + " | worst at x | over bound |")
    print("|---|---|" + "---:|" * len(isas) + "---|---:|")
    for key in order:
        by_isa = best[key]
        cells = []
        for i in isas:
            if i not in by_isa:
                cells.append("—")
                continue
            step, r = by_isa[i]
            cells.append(f"{r['max_ulp']:.3f} ({'all' if step == 1 else f'1/{step}'})")
        worst = max((r for _, r in by_isa.values()), key=lambda r: r["max_ulp"])
        at = "—"
        if worst["argmax_bits"] is not None and worst["max_ulp"] > 0:
            x = struct.unpack("f", struct.pack("I", worst["argmax_bits"]))[0]
            at = f"{x:.7g}"
        over = sum(r["over_bound"] + r["special_mismatches"] for _, r in by_isa.values())
        print(f"| {key[0]} | {key[1] or 'defaults'} | " + " | ".join(cells) + f" | {at} | {over} |")


if __name__ == "__main__":
    main(sys.argv[1:])
