#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails naming every source file without an SPDX licence line in its first lines (LICENSE: MIT).

Usage: check_spdx.py REPOSITORY_ROOT

Scans the source folders for the file types we write (C, C++, GLSL, Python, CMake, shell scripts by their
#! line); build outputs and the fuzzers' regression inputs are not sources. First checks itself on made-up
files, so a scanner that sees nothing fails instead of passing.
"""

import pathlib
import sys
import tempfile

FOLDERS = ("src", "include", "fallback", "shaders", "tests", "bench", "tools", "python", "cmake", "packaging", ".ci")
SUFFIXES = {".c", ".h", ".cpp", ".hpp", ".comp", ".py", ".cmake"}
SKIPPED_PARTS = {"regressions", "__pycache__"}
TAG = "SPDX-License-Identifier: MIT"


def is_source(path):
    if path.suffix in SUFFIXES or path.name == "CMakeLists.txt":
        return True
    try:
        with path.open("rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return False


def missing(root):
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or SKIPPED_PARTS & set(path.parts) or not is_source(path):
                continue
            head = path.read_text(errors="replace").split("\n")[:3]
            if not any(TAG in line for line in head):
                found.append(path.relative_to(root))
    for name in ("CMakeLists.txt", "Makefile"):
        head = (root / name).read_text().split("\n")[:3]
        if not any(TAG in line for line in head):
            found.append(pathlib.Path(name))
    return found


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "src").mkdir()
        (root / "src/good.cpp").write_text(f"// {TAG}\nint x;\n")
        (root / "src/bad.cpp").write_text("int y;\n")
        (root / "src/script").write_text("#!/bin/sh\necho\n")
        (root / "CMakeLists.txt").write_text(f"# {TAG}\n")
        (root / "Makefile").write_text("all:\n")
        got = sorted(str(p) for p in missing(root))
        want = ["Makefile", "src/bad.cpp", "src/script"]
        if got != want:
            sys.exit(f"check_spdx self-test: found {got}, expected {want}")


def main():
    self_test()
    root = pathlib.Path(sys.argv[1])
    found = missing(root)
    for path in found:
        print(f"{path}: no '{TAG}' line in its first three lines")
    print(f"{len(found)} source files without an SPDX line")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
