#!/usr/bin/env python3
"""Turns the JSON of `cargo run --release --example accuracy -- ... --json F`
into the README's accuracy table: one row per function (and parameter set),
the max ULP per ISA, where it occurs, and how many inputs were measured.
Later files win for the same (op, params), so pass the coarse run first and
the exhaustive ones after it:

    python3 tools/accuracy_table.py coarse.json full/*.json
"""
import json
import struct
import sys

ISAS = ["scalar", "avx2", "avx512", "neon"]


def main(paths):
    rows = {}  # (op, params) -> (step, {isa: result})
    order = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        step = data["step"]
        fresh = {}
        for r in data["results"]:
            key = (r["op"], r["params"])
            fresh.setdefault(key, {})[r["isa"]] = r
        for key, by_isa in fresh.items():
            if key not in rows:
                order.append(key)
            rows[key] = (step, by_isa)
    isas = [i for i in ISAS if any(i in v[1] for v in rows.values())]
    print("| function | params | " + " | ".join(f"{i} max ULP" for i in isas)
          + " | at x | over bound | inputs |")
    print("|---|---|" + "---:|" * len(isas) + "---|---:|---|")
    for key in order:
        step, by_isa = rows[key]
        cells = []
        for i in isas:
            r = by_isa.get(i)
            cells.append("—" if r is None else f"{r['max_ulp']:.3f}")
        worst = max(by_isa.values(), key=lambda r: r["max_ulp"])
        at = "—"
        if worst["argmax_bits"] is not None and worst["max_ulp"] > 0:
            x = struct.unpack("f", struct.pack("I", worst["argmax_bits"]))[0]
            at = f"{x:.7g}"
        over = sum(r["over_bound"] + r["special_mismatches"] for r in by_isa.values())
        inputs = "all 2^32" if step == 1 else f"every {step}th"
        print(f"| {key[0]} | {key[1] or 'defaults'} | " + " | ".join(cells)
              + f" | {at} | {over} | {inputs} |")


if __name__ == "__main__":
    main(sys.argv[1:])
