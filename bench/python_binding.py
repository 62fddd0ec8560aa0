#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python binding benchmark: the same track mastered through the binding and through the CLI, whole processes.

  master          `python3 -c "auralis.master(IN, OUT, target_lufs=-14)"` against
                  `auralis master IN OUT --target-lufs -14`: what the binding adds, interpreter start-up and
                  `import auralis` included, target < 5 %
  master_array    the same through numpy: auralis.read, auralis.master_array, auralis.write (reported)
  start-up        `python3 -c "import auralis"` alone (reported: the fixed part of what the binding adds)

The track is whole_process.py's 240 s song (make_demo_track's groove arranged with sox). Each pair runs
interleaved after one untimed run of each, and medians are compared, with whole_process.py's measuring. The
binding's output must be byte for byte the CLI's.

Usage: bench/python_binding.py [--auralis PATH] [--python PATH] [--package DIR] [--runs N] [--workdir DIR]
                               [--demo-track PATH]
"""
import argparse
import os
import sys
from pathlib import Path

from whole_process import (BenchError, TARGET_LUFS, make_demo, make_track, median, print_table, run_pair,
                           verdict)

OVERHEAD_PERCENT = 5.0  # issue 14: the binding adds under 5 %


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--auralis", type=Path, default=Path("build/release/auralis"),
                        help="the auralis CLI (default build/release/auralis)")
    parser.add_argument("--python", type=Path, default=Path("/usr/bin/python3"),
                        help="the interpreter the binding was built for (default /usr/bin/python3)")
    parser.add_argument("--package", type=Path,
                        help="the folder holding the auralis package (default: python/ in --auralis' build)")
    parser.add_argument("--demo-track", type=Path, help="make_demo_track (default: beside --auralis)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--workdir", type=Path, default=Path("build/release/bench-python"),
                        help="where the track and the outputs go (default build/release/bench-python)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    build = args.auralis.parent
    args.package = (args.package or build / "python").resolve()
    args.demo_track = args.demo_track or build / "make_demo_track"
    return args


def commands(args, track, work):
    """Each timed command by label: (command line, the output file it must write or None)."""
    python = [args.python, "-c"]
    return {
        "CLI master": ([args.auralis, "master", track, work / "cli.wav", "--target-lufs", TARGET_LUFS, "--quiet"],
                       work / "cli.wav"),
        "auralis.master": ([*python, "import sys, auralis; auralis.master(sys.argv[1], sys.argv[2], "
                            f"target_lufs={TARGET_LUFS})", track, work / "binding.wav"], work / "binding.wav"),
        "CLI master (2)": ([args.auralis, "master", track, work / "cli2.wav", "--target-lufs", TARGET_LUFS,
                            "--quiet"], work / "cli2.wav"),
        "auralis.master_array": ([*python, "import sys, auralis; x, rate = auralis.read(sys.argv[1]); "
                                  f"y, _ = auralis.master_array(x, rate, target_lufs={TARGET_LUFS}); "
                                  "auralis.write(sys.argv[2], y, rate)", track, work / "array.wav"],
                                 work / "array.wav"),
        "import auralis": ([*python, "import auralis"], None),
        "python3 -c pass": ([*python, "pass"], None),
    }


PAIRS = [
    ("master", "auralis.master", "CLI master"),
    ("master_array", "auralis.master_array", "CLI master (2)"),
    ("start-up", "import auralis", "python3 -c pass"),
]


def main(argv):
    args = parse_args(argv)
    for path in (args.auralis, args.demo_track, args.python):
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise BenchError(f"{path} not found or not executable")
    if not (args.package / "auralis" / "__init__.py").is_file():
        raise BenchError(f"no auralis package in {args.package}: build the target auralis_python")
    os.environ["PYTHONPATH"] = str(args.package)
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"Python binding benchmark: {args.python} with {args.package}, {args.runs} runs each", flush=True)
    track = make_track(make_demo(args, work), work)
    cmds = commands(args, track, work)
    samples = {}
    for name, a, b in PAIRS:
        print(f"timing {name}: {a} / {b} ...", flush=True)
        samples.update(run_pair(cmds, a, b, args.runs, work))
    medians = {label: median(runs) for label, runs in samples.items()}
    print_table(medians, args.runs)

    same = (work / "binding.wav").read_bytes() == (work / "cli.wav").read_bytes()
    binding, cli = medians["auralis.master"].wall_s, medians["CLI master"].wall_s
    added = 100.0 * (binding / cli - 1.0)
    array, cli2 = medians["auralis.master_array"].wall_s, medians["CLI master (2)"].wall_s
    startup = medians["import auralis"].wall_s - medians["python3 -c pass"].wall_s
    print()
    print(f"master: binding {binding:.3f} s, CLI {cli:.3f} s -> binding adds {added:.1f} % "
          f"(target < {OVERHEAD_PERCENT:g} %: {verdict(added < OVERHEAD_PERCENT)}); "
          f"output {'identical to' if same else 'DIFFERENT from'} the CLI's")
    cpu_binding, cpu_cli = medians["auralis.master"].cpu_s, medians["CLI master"].cpu_s
    print(f"master, CPU time: binding {cpu_binding:.3f} s, CLI {cpu_cli:.3f} s -> "
          f"{100.0 * (cpu_binding / cpu_cli - 1.0):+.1f} %")
    print(f"master_array (read, master_array, write): {array:.3f} s, CLI {cli2:.3f} s -> "
          f"{100.0 * (array / cli2 - 1.0):+.1f} %")
    print(f"start-up: python3 -c 'import auralis' {medians['import auralis'].wall_s:.3f} s, "
          f"python3 -c pass {medians['python3 -c pass'].wall_s:.3f} s -> import auralis {1e3 * startup:.0f} ms")
    if not same:
        raise BenchError("the binding's output differs from the CLI's")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as error:
        print(f"python_binding.py: {error}", file=sys.stderr)
        sys.exit(1)
