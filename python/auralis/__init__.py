# SPDX-License-Identifier: MIT
"""auralis: BS.1770 / EBU R128 loudness and automatic mastering for numpy arrays and audio files.

measure_loudness(x, rate) and Meter measure arrays; analyze(path) measures a file; master(in, out),
master_array(x, rate) and batch(inputs, out_dir) master; write_previews and report_html help listen to a
master. Every failure raises auralis.Error, whose .code and .code_name say why (see docs/python.md). auralis.distributed masters catalogues on a Dask cluster.
"""
from ._auralis import (  # noqa: F401 (the package's interface)
    Error,
    Meter,
    __version__,
    analyze,
    batch,
    collect_inputs,
    master,
    master_array,
    measure_loudness,
    read,
    report_html,
    write,
    write_previews,
)

__all__ = [
    "Error",
    "Meter",
    "__version__",
    "analyze",
    "batch",
    "collect_inputs",
    "master",
    "master_array",
    "measure_loudness",
    "read",
    "report_html",
    "write",
    "write_previews",
]
