#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Whole-process benchmark: auralis as a user runs it, against peers run the same way (`make bench` runs it).

Each command runs as its own process on generated, deterministic music, so the times include everything a
user waits for: start-up, decoding, analysis, rendering, encoding and writing. Pairs run interleaved
(A B A B ...) after one untimed warm-up of each, and the medians are compared:

  analyze                 `auralis analyze IN` against bench/ebur128_analyze (libsndfile + libebur128, I, LRA
                          and true peak), target >= 10x
  master                  `auralis master IN OUT --target-lufs -14` against ffmpeg's loudnorm (I=-14, TP=-1,
                          24-bit WAV out), target >= 8x
  threads                 `auralis master --threads 2` against `--threads 1`, target >= 1.7x
  reference vs adaptive   `auralis master --reference REF` against the adaptive master (reported, no target)

and, from those runs, the adaptive master's minor page faults (target <= 10000) and the peak RSS of the
adaptive (<= 128 MB) and reference (<= 256 MB) masters. Unless --no-long, a 3-hour file (the 240 s track
looped, built by streaming in the work folder and deleted afterwards unless --keep) is mastered once for its
peak RSS. Targets are reported, met or not; the exit status is non-zero only when a command or a tool fails.

Usage: bench/whole_process.py [--auralis PATH] [--runs N] [--workdir DIR] [--json FILE] [--no-long] [--keep]
                              [--ebur128 PATH] [--demo-track PATH]
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_RATE = 44100
TRACK_SECONDS = 240
LONG_LOOPS = 45  # 45 x 240 s = 3 hours
TARGET_LUFS = "-14"
GNU_TIME = "/usr/bin/time"
INSTALL_HINT = "install it with tools/install-deps"
BUILD_HINT = "build it with `make build` (or point --auralis at a build)"

# Targets (issue 10): speed-ups are peer time / auralis time, memory in MB (2^20 bytes).
ANALYZE_SPEEDUP = 10.0
MASTER_SPEEDUP = 8.0
THREADS_SPEEDUP = 1.7
MASTER_MINOR_FAULTS = 10000
ADAPTIVE_RSS_MB = 128
REFERENCE_RSS_MB = 256


class BenchError(Exception):
    """A tool is missing or a command failed: the benchmark stops and exits non-zero."""


@dataclass
class Sample:
    wall_s: float
    cpu_s: float  # user + system
    sys_s: float
    peak_rss_mb: float
    minor_faults: int


# ---------------------------------------------------------------------------------------------------------
# Tools


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--auralis", type=Path, default=Path("build/release/auralis"),
                        help="the auralis CLI to time (default build/release/auralis)")
    parser.add_argument("--ebur128", type=Path,
                        help="the libebur128 peer (default: bench/ebur128_analyze in --auralis' build folder)")
    parser.add_argument("--demo-track", type=Path,
                        help="make_demo_track (default: beside --auralis)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--workdir", type=Path, default=Path("build/release/bench-work"),
                        help="where the generated tracks and outputs go (default build/release/bench-work)")
    parser.add_argument("--json", type=Path, help="also write every sample and the medians to this file")
    parser.add_argument("--no-long", action="store_true", help="skip the 3-hour file")
    parser.add_argument("--keep", action="store_true", help="keep the 3-hour file and its master")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    build = args.auralis.parent
    args.ebur128 = args.ebur128 or build / "bench" / "ebur128_analyze"
    args.demo_track = args.demo_track or build / "make_demo_track"
    return args


def require_tools(args):
    """Fails before any work when something the benchmark runs is missing, naming it and how to get it."""
    for path in (args.auralis, args.ebur128, args.demo_track):
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise BenchError(f"{path} not found or not executable: {BUILD_HINT}")
    for tool in ("sox", "ffmpeg"):
        if shutil.which(tool) is None:
            raise BenchError(f"`{tool}` not found on PATH: {INSTALL_HINT}")
    if not os.access(GNU_TIME, os.X_OK):
        raise BenchError(f"{GNU_TIME} (GNU time, Debian package `time`) not found: {INSTALL_HINT}")


# ---------------------------------------------------------------------------------------------------------
# Running and measuring one process


def run_quiet(cmd, log):
    """Runs an untimed helper command (track generation), failing with its output when it fails."""
    with open(log, "wb") as out:
        status = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT).returncode
    if status != 0:
        raise BenchError(f"`{' '.join(map(str, cmd))}` exited with {status}:\n{tail(log)}")


def measure(cmd, log, expected_output=None):
    """Runs `cmd` once as its own process and returns its wall time, CPU time, peak RSS and minor faults.

    The command runs under GNU time, which reports its peak RSS and minor faults alone: measured from here
    they would include this script's own memory, because Linux carries a parent's RSS high-water mark into a
    child through fork (or vfork) and exec. Wall time (around the GNU time process) and user/system CPU (its
    rusage, which includes the command it waited for) are taken here, to the microsecond; GNU time prints
    only hundredths and itself costs well under a millisecond. A command that fails (non-zero exit, a signal,
    or no output file) stops the benchmark: a run that failed early must never be timed as a fast one.
    """
    report = log.with_suffix(".time")
    if expected_output is not None:
        expected_output.unlink(missing_ok=True)  # so that a stale one cannot pass for this run's
    timed = [GNU_TIME, "-q", "-o", str(report), "-f", "%M %R", *map(str, cmd)]
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(timed, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        _, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here; tell Popen
    if child.returncode != 0:
        raise BenchError(f"`{' '.join(map(str, cmd))}` exited with {child.returncode}:\n{tail(log)}")
    if expected_output is not None and not (expected_output.is_file() and expected_output.stat().st_size > 0):
        raise BenchError(f"`{' '.join(map(str, cmd))}` exited with 0 but wrote no {expected_output}")
    peak_rss_kib, minor_faults = (int(field) for field in report.read_text().split())
    return Sample(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, sys_s=usage.ru_stime,
                  peak_rss_mb=peak_rss_kib / 1024, minor_faults=minor_faults)


def tail(log, lines=15):
    return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])


def median(samples):
    return Sample(wall_s=statistics.median(s.wall_s for s in samples),
                  cpu_s=statistics.median(s.cpu_s for s in samples),
                  sys_s=statistics.median(s.sys_s for s in samples),
                  peak_rss_mb=statistics.median(s.peak_rss_mb for s in samples),
                  minor_faults=round(statistics.median(s.minor_faults for s in samples)))


# ---------------------------------------------------------------------------------------------------------
# Test material: deterministic (make_demo_track's synthesis is; sox runs without dither, in repeatable mode)


def sox(*args):
    # -D: no dither, -R: repeatable, so every run of the benchmark gets the same bytes.
    return ["sox", "-D", "-R", *map(str, args)]


# The 240 s track: the 45 s demo groove arranged with the level changes of a song (quiet intro, verse, loud
# chorus, filtered breakdown, chorus, fading outro), so the master's EQ, compressor and limiter have real
# dynamics to work on instead of one steady loop. (seconds, sox effects)
SECTIONS = [
    (30, ["gain", "-12", "fade", "t", "2"]),           # intro
    (45, ["gain", "-6"]),                              # verse
    (45, ["gain", "-1"]),                              # chorus
    (30, ["lowpass", "600", "gain", "-14"]),           # breakdown
    (45, ["gain", "-1"]),                              # chorus
    (45, ["gain", "-4", "fade", "t", "0", "45", "12"]),  # outro, fading out over its last 12 s
]
assert sum(seconds for seconds, _ in SECTIONS) == TRACK_SECONDS


def make_demo(args, work):
    """Writes make_demo_track's 45 s groove (stereo, 44.1 kHz, 24-bit), the material of both tracks."""
    demo = work / "demo.wav"
    run_quiet([args.demo_track, demo], work / "make_demo_track.log")
    return demo


def make_track(demo, work):
    """Writes the 240 s stereo 44.1 kHz 24-bit input track and returns its path."""
    parts = []
    for index, (seconds, effects) in enumerate(SECTIONS):
        part = work / f"section{index}.wav"
        run_quiet(sox(demo, "-b", "24", part, "trim", "0", seconds, *effects), work / "sox.log")
        parts.append(part)
    track = work / "track.wav"
    run_quiet(sox(*parts, "-b", "24", track), work / "sox.log")
    for part in parts:
        part.unlink()
    return track


def make_reference(demo, work):
    """Writes a different, finished-sounding track for reference mode: the demo groove faster and higher,
    brighter, compressed and loud (about -13 LUFS, 7 LU of loudness range), 200 s long like a real song."""
    reference = work / "reference.wav"
    run_quiet(sox(demo, "-b", "24", reference, "repeat", "4", "gain", "-8", "speed", "1.12",
                  "treble", "4", "bass", "3", "compand", "0.3,1", "-70,-60,-40,-20,-20,-10,0,-4",
                  "gain", "-n", "-1"), work / "sox.log")
    return reference


def make_long(track, work):
    """Writes the 3-hour file by looping the track through ffmpeg, which streams (it never holds the file)."""
    long_track = work / "long-3h.wav"
    run_quiet(["ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-y", "-stream_loop",
               str(LONG_LOOPS - 1), "-i", track, "-c", "copy", long_track], work / "ffmpeg-long.log")
    return long_track


# ---------------------------------------------------------------------------------------------------------
# The commands and the pairs


def commands(args, track, reference, work):
    """Each timed command by label: (command line, the output file it must write or None)."""
    auralis = args.auralis
    master = [auralis, "master", track]
    target = ["--target-lufs", TARGET_LUFS, "--quiet"]
    return {
        "auralis analyze": ([auralis, "analyze", track], None),
        "ebur128_analyze": ([args.ebur128, track], None),
        "auralis master": ([*master, work / "master.wav", *target], work / "master.wav"),
        "ffmpeg loudnorm": (["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", track, "-af",
                             f"loudnorm=I={TARGET_LUFS}:TP=-1", "-ar", str(SAMPLE_RATE), "-c:a", "pcm_s24le",
                             work / "ffmpeg.wav"], work / "ffmpeg.wav"),
        "auralis master --threads 2": ([*master, work / "threads2.wav", *target, "--threads", "2"],
                                       work / "threads2.wav"),
        "auralis master --threads 1": ([*master, work / "threads1.wav", *target, "--threads", "1"],
                                       work / "threads1.wav"),
        "auralis master --reference": ([*master, work / "reference-master.wav", "--reference", reference,
                                        "--quiet"], work / "reference-master.wav"),
        "auralis master (adaptive)": ([*master, work / "adaptive.wav", *target], work / "adaptive.wav"),
    }


# (name, command A, command B): A and B alternate; the ratio lines below read these medians.
PAIRS = [
    ("analyze", "auralis analyze", "ebur128_analyze"),
    ("master", "auralis master", "ffmpeg loudnorm"),
    ("threads", "auralis master --threads 2", "auralis master --threads 1"),
    ("reference vs adaptive", "auralis master --reference", "auralis master (adaptive)"),
]


def run_pair(cmds, a, b, runs, work):
    """Times A and B alternately, `runs` times each, after one untimed run of each (it fills the page cache
    with the binaries and the input, and checks both commands work before anything is timed)."""
    def once(label):
        cmd, output = cmds[label]
        return measure(cmd, log_path(work, label), output)

    once(a)
    once(b)
    samples = {a: [], b: []}
    for _ in range(runs):
        for label in (a, b):
            samples[label].append(once(label))
    return samples


def log_path(work, label):
    return work / (label.replace(" ", "_").replace("-", "").replace("(", "").replace(")", "") + ".log")


# ---------------------------------------------------------------------------------------------------------
# Reporting


def print_table(medians, runs):
    print(f"\nMedians of {runs} interleaved runs (CPU = user + system; RSS in MB of 2^20 bytes):")
    header = f"{'command':<30} {'wall s':>8} {'CPU s':>8} {'sys s':>8} {'peak RSS MB':>12} {'minor faults':>13}"
    print(header)
    print("-" * len(header))
    for label, m in medians.items():
        print(f"{label:<30} {m.wall_s:>8.3f} {m.cpu_s:>8.3f} {m.sys_s:>8.3f} {m.peak_rss_mb:>12.1f}"
              f" {m.minor_faults:>13}")


# Speed-up lines: (name, faster command and how the line calls it, slower command and its name, digits,
# least speed-up or None). The speed-up is the slower command's median wall time over the faster one's.
SPEEDUPS = [
    ("analyze", "auralis analyze", "auralis", "ebur128_analyze", "libebur128", 1, ANALYZE_SPEEDUP),
    ("master", "auralis master", "auralis", "ffmpeg loudnorm", "ffmpeg loudnorm", 1, MASTER_SPEEDUP),
    ("threads", "auralis master --threads 2", "2 threads", "auralis master --threads 1", "1 thread", 2,
     THREADS_SPEEDUP),
]
# Resource lines: (name, command, Sample field, unit, most allowed).
LIMITS = [
    ("page faults master", "auralis master", "minor_faults", "", MASTER_MINOR_FAULTS),
    ("peak RSS master adaptive", "auralis master", "peak_rss_mb", " MB", ADAPTIVE_RSS_MB),
    ("peak RSS master reference", "auralis master --reference", "peak_rss_mb", " MB", REFERENCE_RSS_MB),
]


def verdict(met):
    return "met" if met else "NOT met"


def limit_line(name, value, unit, limit, detail=""):
    return f"{name}: {value:.0f}{unit}{detail} (target <= {limit}{unit}: {verdict(value <= limit)})"


def ratio_lines(medians, long_sample):
    """One line per pair and per resource figure, each saying whether its target is met."""
    lines = []
    for name, fast, fast_name, slow, slow_name, digits, target in SPEEDUPS:
        a, b = medians[fast].wall_s, medians[slow].wall_s
        lines.append(f"{name}: {fast_name} {a:.3f} s, {slow_name} {b:.3f} s -> {b / a:.{digits}f}x "
                     f"(target >= {target:g}x: {verdict(b / a >= target)})")
    a, b = medians["auralis master --reference"].wall_s, medians["auralis master (adaptive)"].wall_s
    lines.append(f"reference vs adaptive: reference {a:.3f} s, adaptive {b:.3f} s -> reference takes "
                 f"{a / b:.2f}x adaptive's time")
    for name, label, field, unit, limit in LIMITS:
        lines.append(limit_line(name, getattr(medians[label], field), unit, limit))
    if long_sample is not None:
        lines.append(limit_line("peak RSS master adaptive, 3 h file", long_sample.peak_rss_mb, " MB",
                                ADAPTIVE_RSS_MB, f" in {long_sample.wall_s:.1f} s"))
    return lines


def machine():
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"


def write_json(path, args, samples, medians, long_sample, lines):
    document = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "auralis": str(args.auralis),
        "runs": args.runs,
        "commands": {label: {"samples": [asdict(s) for s in samples[label]], "median": asdict(medians[label])}
                     for label in medians},
        "long_3h": asdict(long_sample) if long_sample is not None else None,
        "lines": lines,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")


# ---------------------------------------------------------------------------------------------------------


def run_long(args, track, work):
    """Masters the 3-hour file once (adaptive, as `auralis master`) and returns its sample; the file and
    its master are removed afterwards unless --keep (together about 5.7 GB)."""
    print(f"generating the 3-hour file ({LONG_LOOPS} x {TRACK_SECONDS} s) ...", flush=True)
    long_track = make_long(track, work)
    output = work / "long-3h-master.wav"
    try:
        print("mastering it once ...", flush=True)
        return measure([args.auralis, "master", long_track, output, "--target-lufs", TARGET_LUFS, "--quiet"],
                       work / "long-3h-master.log", output)
    finally:
        if not args.keep:
            long_track.unlink(missing_ok=True)
            output.unlink(missing_ok=True)


def main(argv):
    args = parse_args(argv)
    require_tools(args)
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    print(f"whole-process benchmark: {args.auralis}, {args.runs} runs each, work folder {work}", flush=True)
    demo = make_demo(args, work)
    track = make_track(demo, work)
    reference = make_reference(demo, work)
    cmds = commands(args, track, reference, work)

    samples = {}
    for name, a, b in PAIRS:
        print(f"timing {name}: {a} / {b} ...", flush=True)
        samples.update(run_pair(cmds, a, b, args.runs, work))
    long_sample = None if args.no_long else run_long(args, track, work)

    medians = {label: median(runs) for label, runs in samples.items()}
    print_table(medians, args.runs)
    lines = ratio_lines(medians, long_sample)
    print()
    print("\n".join(lines))
    if args.json:
        write_json(args.json, args, samples, medians, long_sample, lines)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        print(f"whole_process.py: error: {error}", file=sys.stderr)
        sys.exit(1)
