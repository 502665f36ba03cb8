#!/usr/bin/env python3
"""Summarise the criterion results of `cargo bench --bench activations`.

Reads target/criterion/<group>/<function>/<size>/new/{benchmark,estimates}.json
and prints, as markdown:

  (a) per function, elements/ns and GB/s of every ISA, the naive loop and
      memcpy at each size;
  (b) the acceptance ratios (AVX2 vs naive at 16K, softmax vs the naive
      two-pass loop, relu vs memcpy at 4M, AVX-512 vs AVX2 at 16K), each
      with its target and PASS / FAIL;
  (c) oddities, beyond a 10% margin: a SIMD kernel slower than the naive
      loop, AVX-512 slower than AVX2, the scalar kernel faster than AVX2.

GB/s counts 8 bytes per element (4 read + 4 written), as memcpy does.

Usage:
    python3 tools/bench_report.py [--dir target/criterion] [--stat median|mean]
                                  [--since-minutes M] [--strict]

--strict exits with status 1 if any acceptance check fails (missing
results are not failures). Python 3 standard library only.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ISA_ORDER = ["scalar", "avx2", "avx512", "neon"]
BASELINES = ["naive", "memcpy"]
BYTES_PER_ELEMENT = 8  # one f32 read, one written

RATIO_SIZE = "16K"
MEMCPY_SIZE = "4M"
SOFTMAX_SHAPE = "16x1000"
ROWWISE = ["softmax", "log_softmax"]

# AVX2 vs naive at 16K: minimum speed-up, for the functions that have one.
AVX2_VS_NAIVE = {
    "sigmoid": 10.0,
    "exponential": 10.0,
    "silu": 10.0,
    "softplus": 15.0,
    "gelu": 20.0,
    "elu": 35.0,
    "tanh": 35.0,
    "mish": 45.0,
}
# softmax rows (1000 wide): AVX2 vs the naive two-pass loop.
SOFTMAX_VS_NAIVE = {"softmax": 5.0, "log_softmax": 5.0}
# relu at 4M: at least this fraction of memcpy's throughput.
RELU_VS_MEMCPY = 0.80
# Oddities are reported only beyond this margin (the machine may be noisy).
ODD_TOLERANCE = 0.9
STALE_MINUTES = 15
# AVX-512 vs AVX2 at 16K.
AVX512_VS_AVX2 = {
    "sigmoid": 1.6,
    "tanh": 1.6,
    "exponential": 1.6,
    "gelu": 1.6,
    "silu": 1.6,
    "elu": 1.6,
    "softplus": 1.6,
    "mish": 1.6,
    "softmax": 1.3,
    "log_softmax": 1.3,
}


def load(root, stat, since):
    """{group: {function: {size_label: (elements, ns_per_iter)}}}, mtimes."""
    results = {}
    mtimes = []
    for bench in sorted(root.glob("**/new/benchmark.json")):
        est = bench.with_name("estimates.json")
        if not est.exists():
            continue
        mtime = est.stat().st_mtime
        if since is not None and mtime < since:
            continue
        try:
            meta = json.loads(bench.read_text())
            ns = json.loads(est.read_text())[stat]["point_estimate"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"warning: skipping {bench.parent}: {e}", file=sys.stderr)
            continue
        group = meta.get("group_id")
        function = meta.get("function_id")
        size = meta.get("value_str")
        thr = meta.get("throughput") or {}
        elements = thr.get("Elements")
        if not (group and function and size and elements and ns > 0):
            continue
        results.setdefault(group, {}).setdefault(function, {})[size] = (elements, ns)
        mtimes.append(mtime)
    return results, mtimes


def eps(entry):
    """Elements per ns."""
    elements, ns = entry
    return elements / ns


def fmt(x, digits=3):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits - 1}f}" if x >= 1 else f"{x:.{digits}f}"


def columns(functions):
    """ISAs first (in ISA_ORDER), then anything unknown, then baselines."""
    known = [f for f in ISA_ORDER if f in functions]
    other = sorted(f for f in functions if f not in ISA_ORDER and f not in BASELINES)
    return known + other + [b for b in BASELINES if b in functions]


def sizes_of(functions):
    sizes = {}
    for per_size in functions.values():
        for label, (elements, _) in per_size.items():
            sizes[label] = elements
    return sorted(sizes, key=lambda s: sizes[s])


def group_order(results):
    """Catalogue order is unknown here: element-wise groups alphabetically,
    then the row-wise ones."""
    ew = sorted(g for g in results if g not in ROWWISE)
    return ew + [g for g in ROWWISE if g in results]


def throughput_tables(results, out):
    out.append("## Throughput")
    out.append("")
    out.append(
        "Each cell: elements/ns · GB/s "
        f"({BYTES_PER_ELEMENT} bytes per element: one f32 read, one written). "
        "Higher is better."
    )
    out.append("")
    for group in group_order(results):
        functions = results[group]
        sizes = sizes_of(functions)
        out.append(f"### {group}")
        out.append("")
        out.append("| | " + " | ".join(sizes) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        for f in columns(functions):
            cells = []
            for s in sizes:
                e = functions[f].get(s)
                if e is None:
                    cells.append("—")
                else:
                    r = eps(e)
                    cells.append(f"{fmt(r)} · {fmt(r * BYTES_PER_ELEMENT)}")
            out.append(f"| {f} | " + " | ".join(cells) + " |")
        out.append("")


def summary(results, out):
    """One line per function: elements/ns per ISA at 16K and 4M, the naive
    loop at 16K, and the best ISA's speed-up over it (for the README)."""
    isas = [f for f in ISA_ORDER if any(f in results[g] for g in results)]
    head = [f"{i} 16K" for i in isas] + ["naive 16K", "best / naive 16K"]
    head += [f"{i} 4M" for i in isas if i != "scalar"] + ["memcpy 4M"]
    out.append("| function | " + " | ".join(head) + " |")
    out.append("|---|" + "---:|" * len(head))
    for group in group_order(results):
        fs = results[group]
        small = next((s for s in sizes_of(fs) if s in ("16K", "16x1000")), None)
        large = next((s for s in sizes_of(fs) if s in ("4M", "256x1000")), None)
        def cell(f, size):
            e = fs.get(f, {}).get(size) if size else None
            return eps(e) if e else None
        row = [cell(i, small) for i in isas] + [cell("naive", small)]
        best = max((v for v in row[:len(isas)] if v), default=None)
        row.append(best / row[-1] if best and row[-1] else None)
        row += [cell(i, large) for i in isas if i != "scalar"] + [cell("memcpy", large)]
        cells = [fmt(v) for v in row]
        cells[len(isas) + 1] = "—" if row[len(isas) + 1] is None else f"{row[len(isas) + 1]:.1f}x"
        label = group if small == "16K" else f"{group} ({small})"
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")


def get(results, group, function, size):
    return results.get(group, {}).get(function, {}).get(size)


def ratio(results, group, num, den, size, den_group=None):
    """Throughput of num over throughput of den (speed-up of num)."""
    a = get(results, group, num, size)
    b = get(results, den_group or group, den, size)
    if a is None or b is None:
        return None
    return eps(a) / eps(b)


def verdict(r, target):
    if r is None:
        return "missing"
    if target is None:
        return ""
    return "PASS" if r >= target else "**FAIL**"


def acceptance(results, out):
    rows = []  # (check, measured, target, verdict)

    def add(check, r, target, fmt_r=None, fmt_t=None):
        rows.append(
            (
                check,
                "—" if r is None else (fmt_r or (lambda v: f"{v:.2f}x"))(r),
                "" if target is None else (fmt_t or (lambda v: f">= {v:g}x"))(target),
                verdict(r, target),
            )
        )

    elementwise = [g for g in group_order(results) if g not in ROWWISE]
    for g in sorted(set(elementwise) | set(AVX2_VS_NAIVE)):
        add(f"{g}: avx2 vs naive @ {RATIO_SIZE}",
            ratio(results, g, "avx2", "naive", RATIO_SIZE), AVX2_VS_NAIVE.get(g))
    for g in ROWWISE:
        for shape in sorted({SOFTMAX_SHAPE} | set(sizes_of(results.get(g, {})))):
            add(f"{g}: avx2 vs naive two-pass @ {shape}",
                ratio(results, g, "avx2", "naive", shape),
                SOFTMAX_VS_NAIVE.get(g) if shape == SOFTMAX_SHAPE else None)
    for isa in ["avx2", "avx512"]:
        if isa == "avx2" or get(results, "relu", isa, MEMCPY_SIZE) is not None:
            add(f"relu: {isa} vs memcpy @ {MEMCPY_SIZE}",
                ratio(results, "relu", isa, "memcpy", MEMCPY_SIZE), RELU_VS_MEMCPY,
                lambda v: f"{v * 100:.0f}%", lambda v: f">= {v * 100:.0f}%")
    for g, target in AVX512_VS_AVX2.items():
        size = SOFTMAX_SHAPE if g in ROWWISE else RATIO_SIZE
        add(f"{g}: avx512 vs avx2 @ {size}", ratio(results, g, "avx512", "avx2", size), target)

    out.append("## Acceptance ratios")
    out.append("")
    out.append("Ratios of throughput (elements/ns), so > 1 means the first is faster.")
    out.append("")
    out.append("| check | measured | target | |")
    out.append("|---|---:|---:|---|")
    for check, m, t, v in rows:
        out.append(f"| {check} | {m} | {t} | {v} |")
    out.append("")
    fails = sum(1 for r in rows if r[3] == "**FAIL**")
    missing = sum(1 for r in rows if r[3] == "missing" and r[2])
    passes = sum(1 for r in rows if r[3] == "PASS")
    out.append(f"{passes} pass, {fails} fail, {missing} with a target but no result.")
    out.append("")
    return fails


def oddities(results, out):
    notes = []
    for g in group_order(results):
        functions = results[g]
        for s in sizes_of(functions):
            naive = functions.get("naive", {}).get(s)
            for isa in ISA_ORDER:
                k = functions.get(isa, {}).get(s)
                if k and naive and isa != "scalar" and eps(k) < ODD_TOLERANCE * eps(naive):
                    notes.append(f"{g} @ {s}: {isa} ({fmt(eps(k))} e/ns) is slower than "
                                 f"naive ({fmt(eps(naive))} e/ns)")
            a2 = functions.get("avx2", {}).get(s)
            a5 = functions.get("avx512", {}).get(s)
            sc = functions.get("scalar", {}).get(s)
            if a2 and a5 and eps(a5) < ODD_TOLERANCE * eps(a2):
                notes.append(f"{g} @ {s}: avx512 ({fmt(eps(a5))} e/ns) is slower than "
                             f"avx2 ({fmt(eps(a2))} e/ns)")
            if a2 and sc and ODD_TOLERANCE * eps(sc) > eps(a2):
                notes.append(f"{g} @ {s}: scalar ({fmt(eps(sc))} e/ns) is faster than "
                             f"avx2 ({fmt(eps(a2))} e/ns)")
        if "naive" not in functions and g not in ("memcpy",):
            notes.append(f"{g}: no naive baseline")
    out.append("## Oddities")
    out.append("")
    if notes:
        out.extend(f"- {n}" for n in notes)
    else:
        out.append("None.")
    out.append("")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return os.uname().machine


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--dir", type=Path, default=here / "target" / "criterion",
                    help="criterion's output directory (default: target/criterion)")
    ap.add_argument("--stat", choices=["median", "mean", "slope"], default="median",
                    help="which criterion estimate of the time per iteration (default: median)")
    ap.add_argument("--since-minutes", type=float, default=None,
                    help="ignore results older than this (criterion keeps old ones)")
    ap.add_argument("--summary", action="store_true",
                    help="print only the one-line-per-function table (as in the README)")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 if an acceptance check fails")
    args = ap.parse_args()

    if not args.dir.is_dir():
        sys.exit(f"{args.dir}: no such directory; run `cargo bench --bench activations` first")
    since = None if args.since_minutes is None else time.time() - 60 * args.since_minutes
    results, mtimes = load(args.dir, args.stat, since)
    if not results:
        sys.exit(f"{args.dir}: no criterion results found")

    out = ["# libactfn benchmarks", ""]
    span = time.strftime("%Y-%m-%d %H:%M", time.localtime(min(mtimes)))
    end = time.strftime("%Y-%m-%d %H:%M", time.localtime(max(mtimes)))
    out.append(f"{len(mtimes)} results from {args.dir} ({args.stat} time per iteration), "
               f"measured {span} to {end}; host: {cpu_model()}, "
               f"{os.cpu_count()} CPUs.")
    stale = sum(1 for m in mtimes if m < max(mtimes) - 60 * STALE_MINUTES)
    if stale:
        out.append(f"Note: {stale} results are more than {STALE_MINUTES} minutes older "
                   "than the newest (an earlier run); --since-minutes drops them.")
    out.append("")
    if args.summary:
        summary(results, out)
        print("\n".join(out))
        return
    throughput_tables(results, out)
    fails = acceptance(results, out)
    oddities(results, out)
    print("\n".join(out))
    if args.strict and fails:
        sys.exit(1)


if __name__ == "__main__":
    main()
