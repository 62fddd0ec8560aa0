#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints throughput ratios between benchmarks of one run: BM_<case>_<ours> against BM_<case>_<peer>.

Usage: compare.py RESULTS.json [OURS=auralis]
RESULTS.json comes from `auralis_bench --benchmark_format=json` (or --benchmark_out). Each case that has
both an `ours` entry and one or more peer entries gets a line per peer: times and the speed-up (peer time /
our time). Ratios from the same run are what to quote: single absolute times on shared machines mean little.

BM_Master_auralis (full mastering, decode and encode included) is printed with its real-time factor beside
BM_Master_io (decoding and encoding alone). The full-track spectral cases (Stft, Convolution) get one line each instead: ours with 1 worker against the
faster of FFTW's bare-transform variants (BM_<case>_fftw/batch:N), as a ratio of times with its target, then
the speed-up from 1 to 2 workers with its target, and the real-time factors. Where BM_<case>_vulkan ran, a
second line compares it with the CPU backend's 2-worker time from the same run, with its device, bytes moved
and submissions per call.
"""
import json
import sys
from collections import defaultdict

# Case -> (label, template filled from the 1-worker entry's counters, most ours/FFTW time allowed).
SPECTRAL = {
    "Stft": ("STFT {fft_size}/{hop}", 1.25),
    "Convolution": ("Convolution {taps} taps", 1.3),
}
PEER = "fftw"
MASTER_REALTIME_TARGET = 300
TWO_WORKER_SPEEDUP = 1.8  # least 1-worker / 2-worker time
TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def ms(bench) -> float:
    return bench["real_time"] * TO_MS[bench["time_unit"]]


def spectral_line(case, ours, variants) -> str | None:
    label, target = SPECTRAL[case]
    mine = variants.get(ours, {})
    one, two = mine.get("workers:1"), mine.get("workers:2")
    peers = variants.get(PEER, {})
    if one is None or not peers:
        return None
    batch, peer = min(peers.items(), key=lambda item: ms(item[1]))
    howmany = f" (howmany {batch.removeprefix('batch:')})" if batch.startswith("batch:") else ""
    name = label.format(**{k: f"{one[k]:.0f}" for k in ("fft_size", "hop", "taps") if k in one})
    line = (f"{name}: {ours} 1 worker {ms(one):.1f} ms, FFTW bare FFTs {ms(peer):.1f} ms{howmany} "
            f"-> {ms(one) / ms(peer):.2f} x FFTW's time (target <= {target})")
    if two is not None:
        line += (f"; 2 workers {ms(two):.1f} ms -> {ms(one) / ms(two):.2f} x faster than 1 "
                 f"(target >= {TWO_WORKER_SPEEDUP})")
    line += f"; {one['realtime_x']:.0f}x real time"
    if two is not None:
        line += f" (2 workers {two['realtime_x']:.0f}x)"
    return line


def vulkan_line(case, ours, variants) -> str | None:
    gpu = variants.get("vulkan", {}).get("")
    cpu = variants.get(ours, {}).get("workers:2") or variants.get(ours, {}).get("workers:1")
    if gpu is None or cpu is None or "error_occurred" in gpu:
        return None
    label, _ = SPECTRAL[case]
    name = label.format(**{k: f"{cpu[k]:.0f}" for k in ("fft_size", "hop", "taps") if k in cpu})
    return (f"{name}: vulkan ({gpu.get('label', '?')}) {ms(gpu):.1f} ms, CPU backend 2 workers {ms(cpu):.1f} ms "
            f"-> {ms(cpu) / ms(gpu):.2f}x the CPU backend's throughput; {gpu['realtime_x']:.0f}x real time, "
            f"{gpu.get('bytes_moved', 0) / 1e6:.1f} MB moved and {gpu.get('submissions', 0):.0f} submissions per call"
            + (f", {gpu['device_ms']:.1f} ms of it executing on the device" if gpu.get("device_ms", 0) > 0 else ""))


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ours = sys.argv[2] if len(sys.argv) > 2 else "auralis"
    with open(sys.argv[1], encoding="utf-8") as handle:
        results = json.load(handle)
    cases = defaultdict(dict)
    spectral = defaultdict(lambda: defaultdict(dict))  # case -> impl -> variant -> bench
    master = {}  # impl -> bench
    for bench in results["benchmarks"]:
        if bench.get("run_type") == "aggregate" and bench.get("aggregate_name") != "median":
            continue
        name = bench["run_name"] if "run_name" in bench else bench["name"]
        parts = [p for p in name.split("/") if p not in ("real_time", "process_time")]
        base, variant = parts[0], "/".join(parts[1:])
        case, _, impl = base.removeprefix("BM_").rpartition("_")
        if case in SPECTRAL:
            spectral[case][impl][variant] = bench
            continue
        if case == "Master":
            master[impl] = bench
            continue
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
    for case in SPECTRAL:
        if case in spectral:
            for line in (spectral_line(case, ours, spectral[case]), vulkan_line(case, ours, spectral[case])):
                if line:
                    print(line)
    if ours in master:
        mine = master[ours]
        line = (f"Master ({mine['audio_seconds']:.1f} s track, decode and encode included): {ours} "
                f"{ms(mine):.1f} ms -> {mine['realtime_x']:.0f}x real time (target >= {MASTER_REALTIME_TARGET})")
        if "io" in master:
            line += f"; decoding and encoding alone {ms(master['io']):.1f} ms ({ms(master['io']) / ms(mine):.0%} of it)"
        print(line)
    if not cases and not spectral and not master:
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
