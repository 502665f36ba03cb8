#!/usr/bin/env python3
"""The speed ratios of issue 20 from the last `cargo bench --bench fused`
run (target/criterion/<group>/<variant>_<isa>/<n>/new/): by default the
fastest sample's time per iteration (sample.json), which a machine shared
with other work disturbs least; `--median` for criterion's median. Prints one Markdown table: for each group, ISA and size, the
fused time and the ratios baseline / fused (> 1: fused is faster)."""
import json
import os
import sys

args = [a for a in sys.argv[1:] if a != "--median"]
use_median = "--median" in sys.argv
root = args[0] if args else "target/criterion"


def median(group, variant, isa, n):
    d = os.path.join(root, group, f"{variant}_{isa}", str(n), "new")
    try:
        if use_median:
            with open(os.path.join(d, "estimates.json")) as f:
                return json.load(f)["median"]["point_estimate"]
        with open(os.path.join(d, "sample.json")) as f:
            s = json.load(f)
        return min(t / i for t, i in zip(s["times"], s["iters"]))
    except OSError:
        return None


COMPARE = {
    "bias_act": [("fused", "unfused"), ("fused", "act"), ("fused_nchw", "unfused"), ("fused_nchw", "act")],
    "gated": [("fused", "act"), ("fused", "unfused")],
    "attention": [("fused", "softmax"), ("fused", "unfused"), ("fused_padded", "softmax"), ("fused_causal", "softmax")],
}

print("| group | isa | n | fused ns/elem | ratios (baseline / fused) |")
print("|---|---|---|---|---|")
for group in sorted(os.listdir(root)):
    kind = group.split("_")[0] if not group.startswith("bias_act") else "bias_act"
    if kind not in COMPARE:
        continue
    gdir = os.path.join(root, group)
    isas = sorted({d.split("_", 1)[1] for d in os.listdir(gdir) if d.startswith("fused_") and not d.startswith("fused_nchw") and not d.startswith("fused_causal") and not d.startswith("fused_padded")})
    for isa in isas:
        for n in (16384, 4194304):
            parts = []
            base = median(group, "fused", isa, n)
            if base is None:
                continue
            for f, b in COMPARE[kind]:
                tf, tb = median(group, f, isa, n), median(group, b, isa, n)
                if tf and tb:
                    parts.append(f"{b}/{f} {tb / tf:.2f}")
            print(f"| {group} | {isa} | {n} | {base / n:.3f} | {', '.join(parts)} |")
