#!/usr/bin/env python3
"""Prints throughput ratios between benchmarks of one run: BM_<case>_<ours> against BM_<case>_<peer>.

Usage: compare.py RESULTS.json [OURS=auralis]
RESULTS.json comes from `auralis_bench --benchmark_format=json` (or --benchmark_out). Each case that has
both an `ours` entry and one or more peer entries gets a line per peer: times and the speed-up (peer time /
our time). Ratios from the same run are what to quote: single absolute times on shared machines mean little.
"""
import json
import sys
from collections import defaultdict


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ours = sys.argv[2] if len(sys.argv) > 2 else "auralis"
    with open(sys.argv[1], encoding="utf-8") as handle:
        results = json.load(handle)
    cases = defaultdict(dict)
    for bench in results["benchmarks"]:
        if bench.get("run_type") == "aggregate" and bench.get("aggregate_name") != "median":
            continue
        name = bench["run_name"] if "run_name" in bench else bench["name"]
        parts = [p for p in name.split("/") if p not in ("real_time", "process_time")]
        base, variant = parts[0], "/".join(parts[1:])
        case, _, impl = base.removeprefix("BM_").rpartition("_")
        key = case + ("/" + variant if variant else "")
        cases[key][impl] = bench
    status = 0
    for key, impls in sorted(cases.items()):
        if ours not in impls:
            continue
        mine = impls[ours]
        for peer, other in sorted(impls.items()):
            if peer == ours:
                continue
            ratio = other["real_time"] / mine["real_time"]
            rt = mine.get("realtime_x")
            extra = f", {rt:.0f}x real time" if rt else ""
            print(f"{key}: {ours} {mine['real_time']:.2f} {mine['time_unit']}, {peer} "
                  f"{other['real_time']:.2f} {other['time_unit']} -> {ratio:.1f}x {peer}'s throughput{extra}")
    if not cases:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
