#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerates the measured-response plots of docs/mastering.md.

Runs auralis_response_data (tools/response_data.cpp), which renders test signals through the mastering
chain and writes what it measured as CSV files, checks those files (the expected columns, finite values),
and draws them as self-contained SVGs into docs/images/, each parsed back as XML before it is kept.
Python's standard library only: CI machines install what tools/install-deps lists and nothing else.

    tools/plot_responses.py --build build/release
    tools/plot_responses.py --program PATH --short --images DIR   (the ctest: a few seconds of audio)
"""

import argparse
import csv
import math
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

REPO = pathlib.Path(__file__).resolve().parent.parent

# Okabe-Ito colours: told apart with any colour vision, and in grey.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 54, 48
# Series are thinned to this many buckets (their least and largest values kept): small files, same look.
MAX_BUCKETS = 300

EXPECTED_COLUMNS = {
    "eq_presets.csv": ["frequency_hz", "adaptive", "gentle", "warm", "bright", "punchy", "live"],
    "eq_phase_magnitude.csv": ["frequency_hz", "linear", "minimum", "mixed"],
    "eq_phase_impulse.csv": ["time_ms", "linear", "minimum", "mixed"],
    "limiter_gain.csv": ["time_s", "default_budget_db", "open_budget_db"],
    "limiter_release.csv": ["time_s", "gain_db", "bass_present"],
    "reference_spectra.csv": ["frequency_hz", "track_db", "reference_db", "master_db", "track_plus_gain_db"],
}


def read_table(path, columns):
    """The CSV's columns as lists of floats; fails unless it has exactly `columns` and finite values."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != columns:
        sys.exit(f"{path}: columns {rows[0] if rows else []}, expected {columns}")
    if len(rows) < 3:
        sys.exit(f"{path}: {len(rows) - 1} rows of data")
    table = {name: [] for name in columns}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            sys.exit(f"{path}:{line}: {len(row)} values, expected {len(columns)}")
        for name, text in zip(columns, row):
            value = float(text)
            if not math.isfinite(value):
                sys.exit(f"{path}:{line}: {name} is {text}")
            table[name].append(value)
    return table


def check_summary(path):
    """summary.csv (the numbers docs/mastering.md quotes): name,value rows, every value finite."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != ["name", "value"]:
        sys.exit(f"{path}: expected the columns name,value")
    summary = {name: float(value) for name, value in rows[1:]}
    bad = [name for name, value in summary.items() if not math.isfinite(value)]
    if bad:
        sys.exit(f"{path}: not finite: {', '.join(bad)}")


def nice_step(span, ticks):
    """A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks over `span`."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def data_range(series, step, floor=-math.inf):
    """Whole steps around every value (no lower than `floor`), at least one step."""
    values = [max(v, floor) for ys in series for v in ys]
    low = step * math.floor(min(values) / step)
    return low, max(step * math.ceil(max(values) / step), low + step)


def thin(xs, ys):
    """At most 2 * MAX_BUCKETS points: each bucket's least and largest value, in time order."""
    if len(xs) <= 2 * MAX_BUCKETS:
        return list(zip(xs, ys))
    points = []
    size = len(xs) / MAX_BUCKETS
    for b in range(MAX_BUCKETS):
        bucket = range(int(b * size), int((b + 1) * size))
        low = min(bucket, key=lambda i: ys[i])
        high = max(bucket, key=lambda i: ys[i])
        points += [(xs[i], ys[i]) for i in sorted({low, high})]
    return points


def frequency_label(hz):
    return f"{hz / 1000:g}k" if hz >= 1000 else f"{hz:g}"


class Plot:
    """One x-y chart: linear or log-frequency x axis, linear y axis, lines, shaded spans and a legend."""

    def __init__(self, title, x_label, y_label, x_range, y_range, y_step, log_x=False, x_step=None):
        self.title, self.x_label, self.y_label = title, x_label, y_label
        self.x_range, self.y_range, self.y_step, self.x_step = x_range, y_range, y_step, x_step
        self.log_x = log_x
        self.lines, self.spans = [], []

    def x_pixel(self, x):
        lo, hi = self.x_range
        if self.log_x:
            fraction = math.log(x / lo) / math.log(hi / lo)
        else:
            fraction = (x - lo) / (hi - lo)
        return LEFT + fraction * (WIDTH - LEFT - RIGHT)

    def y_pixel(self, y):
        lo, hi = self.y_range
        return HEIGHT - BOTTOM - (y - lo) / (hi - lo) * (HEIGHT - TOP - BOTTOM)

    def line(self, xs, ys, label, dashed=False):
        inside = [(x, y) for x, y in zip(xs, ys) if self.x_range[0] <= x <= self.x_range[1]]
        self.lines.append((thin([p[0] for p in inside], [p[1] for p in inside]), label, dashed))

    def span(self, x0, x1, label):
        self.spans.append((x0, x1, label))

    def x_ticks(self):
        lo, hi = self.x_range
        if self.log_x:
            decades = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
            ticks = [m * 10**d for d in decades for m in (1, 2, 5)]
            return [(t, frequency_label(t)) for t in ticks if lo <= t <= hi]
        first = math.ceil(lo / self.x_step)
        return [(k * self.x_step, f"{k * self.x_step:g}") for k in range(first, int(hi / self.x_step) + 1)]

    def svg(self):
        x0, x1 = LEFT, WIDTH - RIGHT
        y0, y1 = TOP, HEIGHT - BOTTOM
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
            f'<clipPath id="area"><rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/></clipPath>',
            f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
            f"{escape(self.title)}</text>",
        ]
        for s0, s1, _ in self.spans:
            a, b = self.x_pixel(max(s0, self.x_range[0])), self.x_pixel(min(s1, self.x_range[1]))
            out.append(f'<rect x="{a:.1f}" y="{y0}" width="{max(b - a, 1):.1f}" height="{y1 - y0}" '
                       'fill="#e8e8e8"/>')
        for t, label in self.x_ticks():
            x = self.x_pixel(t)
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" stroke="#d0d0d0"/>')
            out.append(f'<text x="{x:.1f}" y="{y1 + 16}" text-anchor="middle">{label}</text>')
        lo, hi = self.y_range
        for k in range(round(lo / self.y_step), round(hi / self.y_step) + 1):
            y = self.y_pixel(k * self.y_step)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#d0d0d0"/>')
            out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{k * self.y_step:g}</text>')
        out.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="none" '
                   'stroke="black"/>')
        out.append(f'<text x="{(x0 + x1) / 2}" y="{HEIGHT - 10}" text-anchor="middle">'
                   f"{escape(self.x_label)}</text>")
        out.append(f'<text transform="translate(16 {(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">'
                   f"{escape(self.y_label)}</text>")
        for n, (points, _, dashed) in enumerate(self.lines):
            path = " ".join(f"{self.x_pixel(x):.1f},{self.y_pixel(y):.1f}" for x, y in points)
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            out.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[n % len(COLOURS)]}" '
                       f'stroke-width="1.6"{dash} clip-path="url(#area)"/>')
        out += self.legend(32)
        out.append("</svg>")
        return "\n".join(out) + "\n"

    def legend(self, y):
        """One row of entries under the title, centred, where it hides no data."""
        entries = [(COLOURS[n % len(COLOURS)], label, dashed, False)
                   for n, (_, label, dashed) in enumerate(self.lines)]
        entries += [("#e8e8e8", label, False, True) for _, _, label in self.spans[:1]]
        widths = [44 + 6.5 * len(label) for _, label, _, _ in entries]
        left = (WIDTH - sum(widths)) / 2
        out = []
        for (colour, label, dashed, shaded), width in zip(entries, widths):
            if shaded:
                out.append(f'<rect x="{left:.1f}" y="{y - 6}" width="22" height="12" fill="{colour}"/>')
            else:
                dash = ' stroke-dasharray="6 4"' if dashed else ""
                out.append(f'<line x1="{left:.1f}" y1="{y}" x2="{left + 22:.1f}" y2="{y}" stroke="{colour}" '
                           f'stroke-width="2"{dash}/>')
            out.append(f'<text x="{left + 28:.1f}" y="{y + 4}">{escape(label)}</text>')
            left += width
        return out


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def frequency_plot(title, y_label, table, names, labels, dashed=(), x_range=(20, 20000), y_step=2,
                   floor=-math.inf):
    series = [[y for x, y in zip(table["frequency_hz"], table[n]) if x_range[0] <= x <= x_range[1]]
              for n in names]
    y_range = data_range(series, y_step, floor)
    plot = Plot(title, "frequency (Hz)", y_label, x_range, y_range, y_step, log_x=True)
    for name, label in zip(names, labels):
        plot.line(table["frequency_hz"], table[name], label, dashed=name in dashed)
    return plot


def build_plots(data):
    tables = {name: read_table(data / name, columns) for name, columns in EXPECTED_COLUMNS.items()}
    check_summary(data / "summary.csv")
    plots = {}

    presets = ["adaptive", "gentle", "warm", "bright", "punchy", "live"]
    plots["eq_presets.svg"] = frequency_plot(
        "EQ of the adaptive plan per preset (demo groove)", "gain (dB)", tables["eq_presets.csv"], presets,
        presets, y_step=2, floor=-12)

    phases = ["linear", "minimum", "mixed"]
    plots["eq_phase_magnitude.svg"] = frequency_plot(
        "+12 dB third-octave boost at 63 Hz: magnitude per phase mode", "gain (dB)",
        tables["eq_phase_magnitude.csv"], phases, phases, dashed=["mixed"], x_range=(20, 1000), y_step=2,
        floor=-12)

    impulse = tables["eq_phase_impulse.csv"]
    times = impulse["time_ms"]
    plot = Plot("The same boost: impulse response envelope around the impulse", "time from the impulse (ms)",
                "largest |h| per ms (dB under its peak)", (times[0], times[-1] + 1), (-160, 0), 20,
                x_step=nice_step(times[-1] - times[0], 8))
    for phase in phases:
        plot.line(times, impulse[phase], phase, dashed=phase == "mixed")
    plots["eq_phase_impulse.svg"] = plot

    limiter = tables["limiter_gain.csv"]
    end = limiter["time_s"][-1]
    window = (max(0.0, end - 2.6), end - 0.6)  # four beats, a tenth of a second before each kick
    series = [limiter["default_budget_db"], limiter["open_budget_db"]]
    plot = Plot("Limiter gain: a kick every 0.5 s under a pad, target -8 LUFS", "time (s)",
                "limiter gain (dB)", window, (data_range(series, 2)[0], 1), 2, x_step=0.25)
    plot.line(limiter["time_s"], limiter["default_budget_db"], "default budget (p99 4 dB, mean 1 dB)")
    plot.line(limiter["time_s"], limiter["open_budget_db"], "budget opened (60 dB)")
    plots["limiter_gain.svg"] = plot

    release = tables["limiter_release.csv"]
    t = release["time_s"]
    plot = Plot("Limiter release: 10 ms bass burst, then 2 s of sustained bass", "time (s)",
                "limiter gain (dB)", (0, t[-1]), (data_range([release["gain_db"]], 1)[0], 1), 1,
                x_step=nice_step(t[-1], 8))
    start = None
    for time, present in zip(t + [t[-1]], release["bass_present"] + [0.0]):
        if present and start is None:
            start = time
        elif not present and start is not None:
            plot.span(start, time, "100 Hz bass plays")
            start = None
    plot.line(t, release["gain_db"], "limiter gain")
    plots["limiter_release.svg"] = plot

    plots["reference_spectra.svg"] = frequency_plot(
        "Reference matching: a dull track with hiss matched to full-range music", "band power (dB)",
        tables["reference_spectra.csv"], ["track_db", "reference_db", "master_db", "track_plus_gain_db"],
        ["track", "reference", "master", "track + loudness gain"], dashed=["track_plus_gain_db"], y_step=10)
    return plots


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=pathlib.Path, help="build folder holding auralis_response_data")
    parser.add_argument("--program", type=pathlib.Path, help="the auralis_response_data executable")
    parser.add_argument("--data", type=pathlib.Path,
                        help="folder for the CSVs (default: BUILD/response_data, or IMAGES/data with "
                        "--program)")
    parser.add_argument("--images", type=pathlib.Path, default=REPO / "docs" / "images",
                        help="folder for the SVGs (default: docs/images)")
    parser.add_argument("--short", action="store_true", help="a few seconds of audio per measurement")
    args = parser.parse_args()
    if (args.build is None) == (args.program is None):
        parser.error("give one of --build and --program")
    program = args.program or args.build / "auralis_response_data"
    data = args.data or (args.build / "response_data" if args.build else args.images / "data")
    subprocess.run([str(program), str(data)] + (["--short"] if args.short else []), check=True)
    args.images.mkdir(parents=True, exist_ok=True)
    for name, plot in build_plots(data).items():
        text = plot.svg()
        ElementTree.fromstring(text)  # well-formed, or this raises before anything is written
        (args.images / name).write_text(text)
        print(f"wrote {args.images / name} ({len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
