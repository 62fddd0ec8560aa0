# SPDX-License-Identifier: MIT
"""Catalogues mastered on a Dask cluster: auralis batch's phases spread over dask.distributed workers.

master_catalogue(paths, out_dir, client, **options) runs the phases `auralis batch` runs on threads
(docs/batch.md, "Distributing a batch: the phases") as Dask tasks: each track is analysed on a worker,
the albums are decided on the client from the gathered analyses (per-track gating blocks pooled into one
album gain), each track is mastered on a worker with its share of the decision, and album gain tags, when
asked for, are written on the client at the end. The outputs and the manifest are what a local
auralis.batch() with the same options writes; a second run skips what the manifest says is done.

Every worker must see the inputs and out_dir at the same paths as the client (shared storage); see
docs/distributed.md.
"""
import json
import os

from . import _auralis


def _analyze(track, index, out_dir, options):
    return _auralis._analyze_batch_track(track["input"], track["relative"], track["position"], index, out_dir,
                                         options)


def _master(analysis, decision, out_dir, options):
    return _auralis._master_batch_track(analysis, decision, out_dir, options)


def _error(code, code_name, message):
    error = _auralis.Error(message)
    error.code, error.code_name = code, code_name
    return error


def _file_id(path):
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _refuse_clashing_outputs(analyses, reference):
    """What auralis.batch refuses before any work and the phases do not check across tracks: two tracks
    with one output, and an output that is an input or the reference."""
    written = {}
    for a in analyses:
        output = os.path.normpath(a["output"])
        if output in written:
            raise _error(1, "invalid_argument", f"batch: {written[output]} and {a['track']['input']} would both "
                         f"be written to {output}")
        written[output] = a["track"]["input"]
    inputs = [a["track"]["input"] for a in analyses] + ([os.fspath(reference)] if reference is not None else [])
    protected = {_file_id(path): path for path in inputs}
    for output in written:
        clash = protected.get(_file_id(output)) if _file_id(output) is not None else None
        if clash is not None:
            raise _error(10, "output_is_input", f"batch: the output {output} is the input {clash}")


def master_catalogue(paths, out_dir, client, *, list_file=None, shard=None, progress=None, **options):
    """Masters every track `paths` names (files, folders, glob patterns, as auralis.batch takes them) into
    out_dir on the Dask cluster `client` is connected to; returns the summary auralis.batch returns.

    options: every keyword of auralis.batch (target_lufs, preset, album, tags, force, use_cache, ...),
    checked on the client before any task starts; `jobs` has no effect (the cluster's workers and their
    threads decide how many tracks run at once) and `threads` is each track's threads on its worker
    (0, the default: every core of its host; give cores / workers-per-host when a host runs several
    worker processes). progress=callable(track dict) is called on the client as each track finishes.
    Errors of the batch itself (its manifest cannot be written, bad options) raise auralis.Error;
    a track's own failure is reported in its summary entry, as auralis.batch reports it.
    """
    out_dir = os.fsdecode(os.path.abspath(out_dir))
    options = dict(options)
    _auralis._check_batch_options(options)  # here, once, so that a typo fails before the cluster works
    if options.get("reference") is not None and options.get("reference_profile") is None:
        # Analysed here once, rather than by every task (as auralis.batch analyses it once).
        options["reference_profile"] = _auralis._reference_profile(options)
    tracks = _auralis.collect_inputs(paths, list_file=list_file, shard=shard)
    if not tracks:
        raise ValueError("master_catalogue: no tracks")

    analysed = client.map(_analyze, tracks, range(len(tracks)), out_dir=out_dir, options=options, pure=False)
    analyses = client.gather(analysed)
    _refuse_clashing_outputs([json.loads(a) for a in analyses], options.get("reference"))
    decisions = _auralis._decide_batch_albums(analyses, out_dir, options)

    # Longest first, as auralis.batch orders its jobs, so that a long track does not run alone at the end.
    seconds = [json.loads(a)["audio_seconds"] for a in analyses]
    mastered = [client.submit(_master, analyses[i], decisions[i], out_dir, options, pure=False,
                              priority=int(seconds[i] * 1000))
                for i in range(len(tracks))]
    if progress is not None:
        from distributed import as_completed
        for future in as_completed(mastered):
            progress(_auralis._batch_result_dict(future.result()))
    results = client.gather(mastered)
    if options.get("tags") and options.get("album"):
        results = _auralis._tag_batch_albums(analyses, decisions, results, out_dir, options)

    summary = {"tracks": [_auralis._batch_result_dict(r) for r in results], "manifest":
               os.path.join(out_dir, "auralis-manifest.jsonl")}
    for status in ("mastered", "skipped", "failed", "cancelled"):
        summary[status] = sum(t["status"] == status for t in summary["tracks"])
    return summary
