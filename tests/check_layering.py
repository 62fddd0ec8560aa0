#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when a source folder includes a folder of its own or a higher layer (docs/architecture.md).

Usage: check_layering.py REPOSITORY_ROOT

Every `#include "..."`, `#include <...>` and `#define HWY_TARGET_INCLUDE "..."` in src/, fallback/ and
include/ is resolved the way the build resolves it (the including file's folder, then src/, the repository
root and include/). An include that lands in another folder of the table below must land in a strictly
lower layer: folders in one layer may not include each other, and so no two folders ever include each
other. A quoted include that resolves nowhere fails too (a misspelt or moved path must not slip past);
angle-bracket includes that resolve nowhere are system headers. The check first runs on made-up sources
with known faults, so a parser that sees nothing fails instead of passing.
"""

import pathlib
import re
import sys

# Layer of each folder: a folder may include only folders of a lower layer. The order is
# core <- fft <- backend <- {fallback, vulkan} <- engine <- analysis <- dsp <- mastering <- batch <- report <- {cli, capi}.
LAYERS = {
    "include": 0,  # the public API: declarations only; every layer may include it
    "shaders": 0,  # SPIR-V words generated from shaders/*.comp at build time: data, no includes
    "src/core": 1,  # buffers, errors, denormals, the worker pool
    "src/io": 2,  # decode, encode, atomic output
    "src/fft": 2,  # the batched Highway real FFT
    "src/backend": 3,  # the backend interface, spectral definitions, the failover wrapper
    "fallback": 4,  # the CPU backend
    "src/vulkan": 4,  # the GPU backend
    "src/engine": 5,  # backend choice and SpectralEngine: the one folder that knows both backends
    "src/analysis": 6,  # meters
    "src/dsp": 7,  # mastering stages (the limiter uses analysis's peak kernels)
    "src/mastering": 8,  # profile, plan, render
    "src/batch": 9,  # catalogues: inputs, manifest, analysis cache, parallel tracks, albums
    "src/report": 10,  # the HTML report pages, drawn from report JSON
    "src/cli": 11,  # the auralis command
    "src/capi": 11,  # the C API (include/auralis/auralis.h)
}

SCANNED = ("src", "fallback", "include")
SOURCE_SUFFIXES = {".c", ".cpp", ".h", ".hpp"}
INCLUDE_DIRS = ("src", ".", "include")
# Build outputs a source may include: name pattern -> the source it is generated from.
GENERATED = ((re.compile(r"shaders/(\w+)\.spv\.inc"), "shaders/{}.comp"),)

DIRECTIVE = re.compile(r'^\s*#\s*(?:include\s*([<"])([^>"]+)[>"]|define\s+HWY_TARGET_INCLUDE\s+"([^"]+)")', re.M)


def folder_of(path):
    """The table's folder holding `path` (relative, posix), or None."""
    matches = [f for f in LAYERS if path == f or path.startswith(f + "/")]
    return max(matches, key=len) if matches else None


def resolve(target, quoted, including, exists):
    """The repository path an include names, or None for a system header."""
    for base in ([str(pathlib.PurePosixPath(including).parent)] if quoted else []) + list(INCLUDE_DIRS):
        candidate = str(pathlib.PurePosixPath(base, target)) if base != "." else target
        if exists(candidate):
            return candidate
    for pattern, source in GENERATED:
        match = pattern.fullmatch(target)
        if match and exists(source.format(match.group(1))):
            return target
    return None


def violations(sources, exists):
    """Messages for every bad include in `sources` ({path: text}); `exists(path)` says if a file exists."""
    found = []
    for path, text in sorted(sources.items()):
        home = folder_of(path)
        if home is None:
            found.append(f"{path}: its folder is not in the layer table of tests/check_layering.py")
            continue
        for match in DIRECTIVE.finditer(text):
            quoted = match.group(1) != "<"
            target = match.group(2) or match.group(3)
            resolved = resolve(target, quoted, path, exists)
            if resolved is None:
                if quoted:
                    found.append(f'{path}: "{target}" is no file of the repository')
                continue
            other = folder_of(resolved)
            if other == home:
                continue
            if other is None:
                found.append(f"{path}: {target} is in a folder missing from the layer table")
            elif LAYERS[other] >= LAYERS[home]:
                where = "the same layer as" if LAYERS[other] == LAYERS[home] else "a layer above"
                found.append(
                    f"{path}: includes {target}: {other} (layer {LAYERS[other]}) is {where} "
                    f"{home} (layer {LAYERS[home]})"
                )
    return found


def self_test():
    """The checker finds faults planted in made-up sources, and passes clean ones."""
    files = {
        "src/core/a.hpp": "",
        "src/fft/b.hpp": '#include "core/a.hpp"\n',
        "fallback/c.cpp": '#include "fallback/d.hpp"\n#include <vector>\n',
        "fallback/d.hpp": "",
        "src/vulkan/e.cpp": '  #  include "shaders/k.spv.inc"\n#include <vulkan/vulkan.h>\n',
        "shaders/k.comp": "",
        "include/auralis/f.hpp": "",
    }
    clean = {p: t for p, t in files.items() if not p.startswith("shaders/")}
    planted = {
        "src/core/up.cpp": '#include "fft/b.hpp"\n',  # a layer above
        "src/vulkan/peer.cpp": '#include "fallback/d.hpp"\n',  # the same layer
        "fallback/kernel.cpp": '#define HWY_TARGET_INCLUDE "src/vulkan/e.cpp"\n',  # Highway's include
        "src/core/public.cpp": "#include <auralis/f.hpp>\n#include <core/a.hpp>\n#include <dsp/x.hpp>\n",
        "src/dsp/missing.cpp": '#include "dsp/none.hpp"\n',  # resolves nowhere
        "src/plugins/new.cpp": "",  # a folder the table lacks
        "include/auralis/g.hpp": '#include "core/a.hpp"\n',  # the public API on an internal header
    }
    def exists(path):
        return path in files or path == "src/dsp/x.hpp"

    assert violations(clean, exists) == [], violations(clean, exists)
    got = violations(planted, exists)
    expected_paths = {
        "src/core/up.cpp",
        "src/vulkan/peer.cpp",
        "fallback/kernel.cpp",
        "src/core/public.cpp",
        "src/dsp/missing.cpp",
        "src/plugins/new.cpp",
        "include/auralis/g.hpp",
    }
    assert {m.split(":")[0] for m in got} == expected_paths and len(got) == len(expected_paths), got


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    self_test()
    for folder in LAYERS:
        if not (root / folder).is_dir():
            sys.exit(f"layer table names {folder}, which does not exist: update tests/check_layering.py")
    sources = {}
    for top in SCANNED:
        for file in (root / top).rglob("*"):
            if file.suffix in SOURCE_SUFFIXES and file.is_file():
                sources[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8")
    includes = sum(len(DIRECTIVE.findall(text)) for text in sources.values())
    found = violations(sources, lambda p: (root / p).is_file())
    for message in found:
        print(message)
    print(f"{len(sources)} files, {includes} includes, {len(found)} layering violations")
    sys.exit(1 if found or not includes else 0)


if __name__ == "__main__":
    main()
