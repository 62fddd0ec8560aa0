# SPDX-License-Identifier: MIT
"""auralis.distributed on a LocalCluster of two worker processes on loopback: the outputs are byte for byte
those of auralis.batch on the same inputs (plain, album by folder, album with gain tags, reference mode), and a second run
skips every track through the manifest."""
import distributed
import pytest

import auralis
import auralis.distributed
from conftest import RATE, music_like


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                       host="127.0.0.1")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """Two albums of two tracks each, 4 and 8 dB apart within an album, and a loose track."""
    root = tmp_path_factory.mktemp("catalogue")
    for a, (album, base, apart) in enumerate((("first", -26.0, 4.0), ("second", -20.0, 8.0))):
        (root / album).mkdir()
        for i, offset in enumerate((0.0, apart), 1):
            auralis.write(root / album / f"{i:02d}.wav", music_like(2.5, seed=10 * a + i, level_db=base + offset),
                          RATE)
    auralis.write(root / "loose.wav", music_like(2.0, seed=7, level_db=-30.0), RATE)
    return root


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("reference") / "reference.wav"
    auralis.write(path, music_like(3.0, seed=99, level_db=-12.0), RATE)
    return path


def outputs(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.suffix in (".wav", ".flac")}


@pytest.mark.parametrize("options", [
    {},
    {"album": True},
    {"album": True, "tags": "replaygain", "name": "{dir}/{stem}.flac"},
    {"reference": None},
], ids=["plain", "album", "album-tags", "reference"])
def test_catalogue_equals_a_local_batch_and_resumes(client, catalogue, reference, tmp_path, options):
    options = dict(options, target_lufs=-18.0, use_cache=False)
    if "reference" in options:
        options["reference"] = reference  # analysed once on the client, its profile sent to the tasks
    local = auralis.batch(catalogue, tmp_path / "local", **options)
    events = []
    summary = auralis.distributed.master_catalogue(catalogue, tmp_path / "dask", client, progress=events.append,
                                                   **options)
    assert local["mastered"] == summary["mastered"] == 5 and summary["failed"] == 0
    assert len(events) == 5 and {e["status"] for e in events} == {"mastered"}
    assert [t["after_lufs"] for t in summary["tracks"]] == [t["after_lufs"] for t in local["tracks"]]
    local_files, dask_files = outputs(tmp_path / "local"), outputs(tmp_path / "dask")
    assert len(dask_files) == 5 and dask_files == local_files
    again = auralis.distributed.master_catalogue(catalogue, tmp_path / "dask", client, **options)
    assert again["skipped"] == 5 and again["mastered"] == 0
    assert outputs(tmp_path / "dask") == local_files


def test_outputs_that_clash_are_refused_before_any_is_written(client, catalogue, tmp_path):
    # {stem} alone names both albums' 01.wav the same; an output folder that is the input folder writes
    # over the inputs.
    with pytest.raises(auralis.Error) as error:
        auralis.distributed.master_catalogue(catalogue, tmp_path / "out", client, name="{stem}.wav")
    assert error.value.code_name == "invalid_argument" and "would both be written" in str(error.value)
    with pytest.raises(auralis.Error) as error:
        auralis.distributed.master_catalogue(catalogue, catalogue, client)
    assert error.value.code_name == "output_is_input"
    assert not list((tmp_path / "out").rglob("*.wav"))


def test_a_bad_option_fails_before_the_cluster_works(client, catalogue, tmp_path):
    with pytest.raises(TypeError, match="'target'"):
        auralis.distributed.master_catalogue(catalogue, tmp_path / "out", client, target=-14)
    assert not (tmp_path / "out").exists()
