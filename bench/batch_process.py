#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Batch benchmark: `auralis batch` over generated catalogues, whole processes (`make bench` runs it).

  ten                     the predecessor's batch case: 10 tracks of 30 s (44.1 kHz stereo, 24-bit),
                          `auralis batch` with its defaults; aggregate real-time factor, target >= 400x
  jobs                    the same batch with `--jobs 2` against `--jobs 1`, each track on one thread
                          (`--threads 1`): what running tracks side by side gains, target >= 1.7x
  defaults vs jobs 1      `auralis batch` as it comes (two tracks at once on one thread each) against
                          `--jobs 1` (one track at a time on both cores): reported, no target
  cache                   a second target over the 10 tracks with a warm analysis cache against a cold one
                          (reported, no target)
  catalogue               40 tracks of 3-4 minutes, once: aggregate real-time factor and peak RSS (reported;
                          skipped with --no-catalogue, it needs about 2.5 GB of disk)

Every timed run masters every track (--force; a fresh cache folder where the cache must be cold). Pairs run
interleaved after one untimed run of each, and medians are compared, as in whole_process.py whose
measuring (GNU time for peak RSS and faults) this reuses.

Usage: bench/batch_process.py [--auralis PATH] [--runs N] [--workdir DIR] [--no-catalogue] [--keep]
                              [--demo-track PATH]
"""
import argparse
import shutil
import sys
from pathlib import Path

from whole_process import BenchError, make_demo, measure, median, run_quiet, sox

SHORT_TRACKS = 10
SHORT_SECONDS = 30
CATALOGUE_TRACKS = 40
SAMPLE_RATE = 44100

TEN_REAL_TIME = 400.0
JOBS_SPEEDUP = 1.7


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--auralis", type=Path, default=Path("build/release/auralis"))
    parser.add_argument("--demo-track", type=Path, help="make_demo_track (default: beside --auralis)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("build/release/bench-batch"))
    parser.add_argument("--no-catalogue", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the generated catalogues")
    args = parser.parse_args(argv)
    # Absolute: XDG_CACHE_HOME counts only when it is (the XDG rule), and the commands run elsewhere.
    args.workdir = args.workdir.resolve()
    args.auralis = args.auralis.resolve()
    if args.demo_track is None:
        args.demo_track = args.auralis.parent / "make_demo_track"
    for tool in (args.auralis, args.demo_track):
        if not tool.is_file():
            raise BenchError(f"{tool} not found: build it with `make build`")
    if shutil.which("sox") is None:
        raise BenchError("sox not found: install it with tools/install-deps")
    return args


def make_tracks(demo, folder, count, seconds_of):
    """`count` different tracks from the demo groove: each its own length, offset, level, speed and tone."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        track = folder / f"track{index:02d}.wav"
        if track.exists():
            continue
        seconds = seconds_of(index)
        repeats = int(seconds / 40) + 1
        run_quiet(sox(demo, "-b", "24", track, "repeat", repeats, "speed", f"{0.94 + 0.013 * (index % 10):.3f}",
                      "trim", str(index % 7), str(seconds), "gain", str(-4 - index % 9),
                      "treble", str(index % 5 - 2), "fade", "t", "0.5", str(seconds), "2"),
                  folder.parent / "sox.log")
    return folder


def batch(args, catalogue, out, cache, *extra):
    """The command line of one timed batch: every track mastered (--force), the cache in `cache`."""
    return ["env", f"XDG_CACHE_HOME={cache}", args.auralis, "batch", catalogue, "-o", out, "--force", "--quiet",
            *extra]


def timed(cmd, log, before=None):
    if before is not None:
        before()
    return measure(cmd, log)


def run_pair(args, a, b):
    """(label, command, preparation) pairs timed alternately after one untimed run of each."""
    samples = {a[0]: [], b[0]: []}
    for label, cmd, prepare in (a, b):
        timed(cmd, args.workdir / f"{label}.log", prepare)
    for _ in range(args.runs):
        for label, cmd, prepare in (a, b):
            samples[label].append(timed(cmd, args.workdir / f"{label}.log", prepare))
    return {label: median(runs) for label, runs in samples.items()}


def main(argv):
    args = parse_args(argv)
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    print(f"batch benchmark: {args.auralis}, {args.runs} runs each, work folder {work}", flush=True)
    demo = make_demo(args, work)
    ten = make_tracks(demo, work / "ten", SHORT_TRACKS, lambda index: SHORT_SECONDS)
    ten_audio = SHORT_TRACKS * SHORT_SECONDS
    cold_cache, warm_cache, no_cache = work / "cache-cold", work / "cache-warm", work / "cache-none"

    def clear_cold():
        shutil.rmtree(cold_cache, ignore_errors=True)

    print("timing the 10 x 30 s batch: --jobs 2 / --jobs 1, one thread a track ...", flush=True)
    jobs = run_pair(args,
                    ("jobs 2 threads 1",
                     batch(args, ten, work / "out-jobs2", no_cache, "--no-cache", "--jobs", "2", "--threads", "1"),
                     None),
                    ("jobs 1 threads 1",
                     batch(args, ten, work / "out-jobs1", no_cache, "--no-cache", "--jobs", "1", "--threads", "1"),
                     None))
    print("timing the 10 x 30 s batch: defaults / --jobs 1 ...", flush=True)
    jobs.update(run_pair(args,
                         ("defaults", batch(args, ten, work / "out-defaults", no_cache, "--no-cache"), None),
                         ("jobs 1", batch(args, ten, work / "out-jobs1d", no_cache, "--no-cache", "--jobs", "1"),
                          None)))
    print("timing the 10 x 30 s batch: defaults, warm cache / cold cache ...", flush=True)
    # Warm: the cache holds the analysis from another target's run; cold: emptied before every run.
    measure(batch(args, ten, work / "out-prime", warm_cache, "--target-lufs", "-16"), work / "prime.log")
    cache = run_pair(args,
                     ("warm cache", batch(args, ten, work / "out-warm", warm_cache), None),
                     ("cold cache", batch(args, ten, work / "out-cold", cold_cache), clear_cold))

    lines = []
    rows = {**jobs, **cache}
    catalogue_sample = None
    if not args.no_catalogue:
        print(f"generating the {CATALOGUE_TRACKS}-track catalogue ...", flush=True)
        catalogue = make_tracks(demo, work / "catalogue", CATALOGUE_TRACKS, lambda index: 180 + (index * 37) % 61)
        catalogue_audio = sum(180 + (index * 37) % 61 for index in range(CATALOGUE_TRACKS))
        print("mastering it once ...", flush=True)
        catalogue_sample = measure(batch(args, catalogue, work / "out-catalogue", no_cache, "--no-cache"),
                                   work / "catalogue.log")
        rows["catalogue (40 tracks)"] = catalogue_sample
        if not args.keep:
            shutil.rmtree(catalogue, ignore_errors=True)
            shutil.rmtree(work / "out-catalogue", ignore_errors=True)

    print(f"\nMedians of {args.runs} interleaved runs (catalogue: one run; RSS in MB of 2^20 bytes):")
    header = f"{'command':<24} {'wall s':>8} {'CPU s':>8} {'sys s':>8} {'peak RSS MB':>12} {'minor faults':>13}"
    print(header)
    print("-" * len(header))
    for label, m in rows.items():
        print(f"{label:<24} {m.wall_s:>8.3f} {m.cpu_s:>8.3f} {m.sys_s:>8.3f} {m.peak_rss_mb:>12.1f}"
              f" {m.minor_faults:>13}")

    def verdict(met):
        return "met" if met else "NOT met"

    ten_rtf = ten_audio / cache["cold cache"].wall_s
    lines.append(f"10 x 30 s batch, defaults, cold cache: {cache['cold cache'].wall_s:.3f} s -> {ten_rtf:.0f}x "
                 f"real time (target >= {TEN_REAL_TIME:g}x: {verdict(ten_rtf >= TEN_REAL_TIME)})")
    two, one = jobs["jobs 2 threads 1"].wall_s, jobs["jobs 1 threads 1"].wall_s
    lines.append(f"jobs: --jobs 2 {two:.3f} s, --jobs 1 {one:.3f} s, one thread a track -> {one / two:.2f}x "
                 f"(target >= {JOBS_SPEEDUP:g}x: {verdict(one / two >= JOBS_SPEEDUP)})")
    default, one = jobs["defaults"].wall_s, jobs["jobs 1"].wall_s
    lines.append(f"defaults vs jobs 1: defaults {default:.3f} s, --jobs 1 (two threads a track) {one:.3f} s "
                 f"-> {one / default:.2f}x")
    lines.append(f"cache: warm {cache['warm cache'].wall_s:.3f} s, cold {cache['cold cache'].wall_s:.3f} s -> "
                 f"the warm run takes {cache['warm cache'].wall_s / cache['cold cache'].wall_s:.2f}x the cold "
                 f"one's time")
    if catalogue_sample is not None:
        lines.append(f"catalogue: {CATALOGUE_TRACKS} tracks, {catalogue_audio} s of audio in "
                     f"{catalogue_sample.wall_s:.1f} s -> {catalogue_audio / catalogue_sample.wall_s:.0f}x real "
                     f"time, peak RSS {catalogue_sample.peak_rss_mb:.0f} MB")
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        print(f"batch_process.py: error: {error}", file=sys.stderr)
        sys.exit(1)
