#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The HTML report in a real browser: headless Chromium loads the page a master wrote, and the DOM it
built must hold data in every plot; the page must fetch nothing; a screenshot is kept.

Usage: check_report_page.py --auralis BIN --make-demo BIN --workdir DIR

Masters the demo track (tools/make_demo_track) with --json and --report, checks that `auralis report` on the
JSON writes the same page, loads it with `chromium --headless --dump-dom`, and checks in the DOM that every
<svg class="plot"> has a series path of at least 20 points (or markers), all coordinates finite and inside
the drawing, that the page has no external reference (http:, https:, <script src>, <link>, <img>), and
that `auralis batch --report` writes an index whose links lead to pages. The screenshot (1280 x 2400) goes to
DIR/report-screenshot.png.
"""

import argparse
import html.parser
import math
import pathlib
import re
import shutil
import subprocess
import sys

MIN_POINTS = 20


class PlotCollector(html.parser.HTMLParser):
    """Every <svg class="plot"> with its viewBox, series paths and markers; and every external reference."""

    def __init__(self):
        super().__init__()
        self.plots = []
        self.external = []
        self.scripts_with_src = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and a.get("class") == "plot":
            self.plots.append({"viewbox": [float(v) for v in a["viewbox"].split()], "paths": [], "markers": 0})
        elif tag == "path" and a.get("class") == "series" and self.plots:
            self.plots[-1]["paths"].append(a.get("d", ""))
        elif tag == "circle" and a.get("class") == "series" and self.plots:
            self.plots[-1]["markers"] += 1
            self.plots[-1]["paths"].append("M%s %s" % (a["cx"], a["cy"]))
        if tag == "script" and "src" in a:
            self.scripts_with_src += 1
        for name in ("src", "href"):
            value = a.get(name, "")
            if tag in ("link", "img", "iframe", "object", "embed") or re.match(r"\s*(https?:)?//", value):
                if value:
                    self.external.append((tag, value))


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode != 0:
        sys.exit("failed (%d): %s\n%s%s" % (result.returncode, " ".join(map(str, command)), result.stdout, result.stderr))
    return result.stdout


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium not found (tools/install-deps installs it)")


def browser(url, *extra):
    return run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *extra, url])


def check_plots(dom):
    parser = PlotCollector()
    parser.feed(dom)
    if len(parser.plots) < 5:
        sys.exit("expected at least 5 plots, the DOM has %d" % len(parser.plots))
    for index, plot in enumerate(parser.plots):
        _, _, width, height = plot["viewbox"]
        longest = 0
        for d in plot["paths"]:
            numbers = [float(v) for v in re.findall(r"[-+0-9.eEnaNinf]+", d.replace("M", " ").replace("L", " "))]
            if not all(math.isfinite(v) for v in numbers):
                sys.exit("plot %d: a non-finite coordinate" % index)
            xs, ys = numbers[0::2], numbers[1::2]
            if any(x < 0 or x > width for x in xs) or any(y < 0 or y > height for y in ys):
                sys.exit("plot %d: a point outside the drawing" % index)
            longest = max(longest, len(xs))
        if longest < MIN_POINTS and plot["markers"] == 0:
            sys.exit("plot %d: no series with %d points (longest %d)" % (index, MIN_POINTS, longest))
    if parser.external or parser.scripts_with_src:
        sys.exit("external references: %s, scripts with src: %d" % (parser.external, parser.scripts_with_src))
    return len(parser.plots)


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--auralis", required=True)
    arguments.add_argument("--make-demo", required=True)
    arguments.add_argument("--workdir", required=True, type=pathlib.Path)
    a = arguments.parse_args()
    work = a.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    demo = work / "demo.wav"
    run([a.make_demo, demo])
    page = work / "demo-report.html"
    run([a.auralis, "master", demo, work / "demo-mastered.wav", "--json", work / "demo-report.json",
         "--report", page])
    again = work / "again.html"
    run([a.auralis, "report", work / "demo-report.json", "-o", again])
    if again.read_bytes() != page.read_bytes():
        sys.exit("auralis report wrote another page than auralis master --report")
    text = page.read_text()
    if re.search(r"https?:", text) or "<script src" in text:
        sys.exit("the page refers to the network")
    dom = browser(page.resolve().as_uri(), "--dump-dom")
    plots = check_plots(dom)
    screenshot = work / "report-screenshot.png"
    browser(page.resolve().as_uri(), "--screenshot=%s" % screenshot, "--window-size=1280,2400")
    if not screenshot.exists() or screenshot.stat().st_size < 20000:
        sys.exit("no screenshot, or an empty one")
    batch = work / "batch"
    run([a.auralis, "batch", demo, "-o", batch, "--report", "--no-cache", "--jobs", "1"])
    index = (batch / "index.html").read_text()
    links = re.findall(r'<a href="([^"]+)"', index)
    if len(links) != 1 or not (batch / links[0]).exists():
        sys.exit("the batch index does not link the track's page: %s" % links)
    check_plots(browser((batch / links[0]).resolve().as_uri(), "--dump-dom"))
    print("%d plots with data; screenshot %s (%d bytes); batch index links %s" %
          (plots, screenshot, screenshot.stat().st_size, links[0]))


if __name__ == "__main__":
    main()
