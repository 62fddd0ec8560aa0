# SPDX-License-Identifier: MIT
"""The Python binding (issue 14): loudness on arrays in every layout, the meter, mastering files and arrays,
batches with callbacks, errors with their codes, and the GIL released while the engine works. Tolerances:
docs/accuracy.md, "Python binding"."""
import os
import re
import threading

import numpy as np
import pytest

import auralis
from conftest import RATE, music_like


def test_version_is_the_library_s():
    assert re.fullmatch(r"\d+\.\d+\.\d+", auralis.__version__)


def test_ebu_1khz_sine_at_minus_23_dbfs_reads_minus_23_lufs():
    # EBU Tech 3341 case 1: a 1 kHz sine at -23 dBFS on both channels is -23.0 +- 0.1 LUFS.
    rate = 48000
    t = np.arange(20 * rate) / rate
    sine = (10 ** (-23 / 20) * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    report = auralis.measure_loudness(np.stack([sine, sine], axis=1), rate)
    assert report["integrated_lufs"] == pytest.approx(-23.0, abs=0.1)
    assert report["max_momentary_lufs"] == pytest.approx(-23.0, abs=0.1)
    assert report["sample_peak_dbfs"] == pytest.approx(-23.0, abs=0.01)
    assert report["frames"] == 20 * rate


def test_silence_has_no_loudness_rather_than_minus_infinity():
    report = auralis.measure_loudness(np.zeros((RATE, 2), np.float32), RATE)
    assert report["integrated_lufs"] is None and report["true_peak_dbtp"] is None


def test_meter_blockwise_equals_one_call(programme):
    whole = auralis.measure_loudness(programme, RATE)
    meter = auralis.Meter(2, RATE)
    start = 0
    for size in (1, 100, 4410, 13, 30000, 1 << 16):
        meter.add(programme[start:start + size])
        start += size
    meter.add(programme[start:])
    assert meter.report() == whole
    assert meter.short_term is not None and meter.momentary is not None
    meter.reset()
    assert meter.report()["frames"] == 0 and meter.momentary is None


def test_every_layout_and_view_gives_the_same_report(programme):
    interleaved = auralis.measure_loudness(programme, RATE)
    planar = auralis.measure_loudness(np.ascontiguousarray(programme.T), RATE, layout="planar")
    # (frames, channels) with planar memory: each channel contiguous, read in place.
    fortran = auralis.measure_loudness(np.asfortranarray(programme), RATE)
    # Two channels of four: neither frames nor channels contiguous, gathered through the strides.
    wide = np.zeros((programme.shape[0], 4), np.float32)
    wide[:, 1], wide[:, 3] = programme[:, 0], programme[:, 1]
    view = wide[:, 1::2]
    assert not view.flags["C_CONTIGUOUS"] and not view.flags["F_CONTIGUOUS"]
    strided = auralis.measure_loudness(view, RATE)
    # float64 is converted to float32 first: the same samples, the same report.
    converted = auralis.measure_loudness(programme.astype(np.float64), RATE)
    assert interleaved == planar == fortran == strided == converted
    mono = auralis.measure_loudness(programme[:, 0], RATE)
    assert mono["channel_sample_peak"] == [interleaved["channel_sample_peak"][0]]


def test_nan_in_a_strided_view_is_refused_before_the_meter_takes_any(programme):
    wide = np.repeat(programme, 2, axis=1)
    wide[-1, 0] = np.nan
    meter = auralis.Meter(2, RATE)
    with pytest.raises(auralis.Error) as error:
        meter.add(wide[:, ::2])
    assert error.value.code == 8 and error.value.code_name == "non_finite_samples"
    assert meter.report()["frames"] == 0


def test_read_gives_back_what_write_wrote(track, programme):
    x, rate = auralis.read(track)
    assert rate == RATE and np.array_equal(x, programme)
    planar, _ = auralis.read(track, layout="planar")
    assert planar.shape == (2, programme.shape[0]) and np.array_equal(planar, programme.T)


def test_master_hits_its_target_and_ceiling(track, tmp_path):
    # -12 LUFS takes the programme's peaks past -1 dBTP: the limiter must hold them (0.33 dB of reduction
    # measured), within its budget, so the target is not lowered.
    out = tmp_path / "master.wav"
    stages = []
    report = auralis.master(track, out, target_lufs=-12.0, ceiling_dbtp=-1.0,
                            progress=lambda stage, fraction: stages.append((stage, fraction)))
    # Measured again from the file written (24-bit, dithered), not taken from the report.
    measured = auralis.analyze(out)["loudness"]
    assert measured["integrated_lufs"] == pytest.approx(-12.0, abs=0.5)
    assert measured["true_peak_dbtp"] <= -1.0 + 0.01
    assert report["gain_reduction"]["limiter"]["max_db"] > 0.1 and report["lowered_target_lufs"] is None
    assert report["after"]["integrated_lufs"] == pytest.approx(measured["integrated_lufs"], abs=0.01)
    assert stages and stages[-1][1] == pytest.approx(1.0)


def test_master_array_equals_master_of_the_same_audio_as_a_file(track, programme, tmp_path):
    out = tmp_path / "master.wav"
    report = auralis.master(track, out, bits="32f", preset="punchy")
    y, array_report = auralis.master_array(programme, RATE, preset="punchy")
    from_file, _ = auralis.read(out)
    assert y.shape == programme.shape and y.dtype == np.float32
    assert np.array_equal(y, from_file)
    assert array_report["after"] == report["after"] and array_report["plan"] == report["plan"]
    # Planar in, planar out: the same samples.
    y_planar, _ = auralis.master_array(np.ascontiguousarray(programme.T), RATE, layout="planar", preset="punchy")
    assert np.array_equal(y_planar, y.T)


def test_a_reference_means_reference_mode_unless_a_mode_is_given(track, programme, tmp_path):
    reference = tmp_path / "reference.wav"
    auralis.write(reference, music_like(3.0, seed=5, level_db=-14.0), RATE)
    matched = auralis.master(track, tmp_path / "matched.wav", reference=reference)
    assert matched["plan"]["mode"] == "reference" and matched["reference_profile"] is not None
    _, hybrid = auralis.master_array(programme, RATE, reference=reference, mode="hybrid", weight=0.5)
    assert hybrid["plan"]["mode"] == "hybrid"


def test_analyze_with_content_profile(track, programme):
    result = auralis.analyze(track, content=True)
    assert result["channels"] == 2 and result["sample_rate"] == RATE
    assert result["format"] == {"container": "WAV", "encoding": "FLOAT"}
    assert result["loudness"]["integrated_lufs"] == pytest.approx(
        auralis.measure_loudness(programme, RATE)["integrated_lufs"], abs=1e-9)
    content = result["content"]
    assert content["channels"] == 2 and 0.0 < content["correlation"] < 1.0
    assert content["tempo_bpm"] == pytest.approx(120.0, abs=2.0)


@pytest.fixture(scope="module")
def two_tracks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("album")
    for i in (1, 2):
        auralis.write(folder / f"{i:02d}.wav", music_like(3.0, seed=10 + i, level_db=-24.0 + 6 * i), RATE)
    return folder


def test_batch_reports_events_and_runs_again_as_skips(two_tracks, tmp_path):
    events = []
    summary = auralis.batch(two_tracks, tmp_path / "out", jobs=2, target_lufs=-18.0, use_cache=False,
                            progress=events.append)
    assert summary["mastered"] == 2 and summary["failed"] == 0
    kinds = sorted(e["event"] for e in events)
    assert kinds == ["mastered", "mastered", "started", "started"]
    assert {e["index"] for e in events} == {1, 2} and {e["total"] for e in events} == {2}
    for t in summary["tracks"]:
        assert auralis.analyze(t["output"])["loudness"]["integrated_lufs"] == pytest.approx(-18.0, abs=0.5)
    again = auralis.batch([str(two_tracks)], tmp_path / "out", target_lufs=-18.0, use_cache=False)
    assert again["skipped"] == 2 and again["mastered"] == 0


def test_batch_cancelled_writes_nothing(two_tracks, tmp_path):
    polls = []

    def cancel():
        polls.append(1)
        return True

    summary = auralis.batch(two_tracks, tmp_path / "out", use_cache=False, cancel=cancel)
    assert summary["cancelled"] == 2 and summary["mastered"] == 0 and polls
    assert not list((tmp_path / "out").glob("*.wav"))


def test_an_exception_in_a_callback_reaches_the_caller_and_nothing_is_written(track, two_tracks, tmp_path):
    def fail(*_):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        auralis.master(track, tmp_path / "m.wav", progress=fail)
    assert not (tmp_path / "m.wav").exists()
    with pytest.raises(KeyError, match="from the callback"):
        auralis.batch(two_tracks, tmp_path / "out", use_cache=False, jobs=1, progress=fail)


def test_errors_carry_their_codes(track, tmp_path, programme):
    def code_of(call):
        with pytest.raises(auralis.Error) as error:
            call()
        return error.value.code, error.value.code_name

    assert code_of(lambda: auralis.analyze(tmp_path / "missing.wav")) == (2, "file_not_found")
    corrupt = tmp_path / "corrupt.wav"
    corrupt.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + os.urandom(64))
    assert code_of(lambda: auralis.master(corrupt, tmp_path / "o.wav")) == (3, "unreadable_file")
    nan = programme.copy()
    nan[100, 1] = np.nan
    assert code_of(lambda: auralis.measure_loudness(nan, RATE)) == (8, "non_finite_samples")
    assert code_of(lambda: auralis.master_array(nan, RATE)) == (8, "non_finite_samples")
    assert code_of(lambda: auralis.master(track, tmp_path / "o.wav", preset="loud")) == (1, "invalid_argument")
    assert code_of(lambda: auralis.master_array(programme, RATE, eq_amount=2.0)) == (1, "invalid_argument")
    assert code_of(lambda: auralis.master(track, track)) == (10, "output_is_input")
    assert code_of(lambda: auralis.Meter(0, RATE)) == (1, "invalid_argument")
    assert code_of(lambda: auralis.measure_loudness(programme, 1000)) == (1, "invalid_argument")
    with pytest.raises(TypeError, match="unexpected keyword argument 'target'"):
        auralis.master(track, tmp_path / "o.wav", target=-14)
    with pytest.raises(TypeError, match="target_lufs"):
        auralis.master_array(programme, RATE, target_lufs="loud")
    with pytest.raises(ValueError, match="layout"):
        auralis.measure_loudness(programme, RATE, layout="columns")
    assert issubclass(auralis.Error, Exception)


def test_the_gil_is_released_while_the_engine_works():
    # A Python thread counts while master_array runs on another: if the call held the GIL, no Python code
    # could run during it and the count taken around it would not move.
    x = music_like(8.0, seed=3)
    count = [0]
    stop = threading.Event()

    def counter():
        while not stop.is_set():
            count[0] += 1

    moved = {}

    def master():
        before = count[0]
        auralis.master_array(x, RATE, threads=1)
        moved["master"] = count[0] - before
        before = count[0]
        auralis.measure_loudness(np.tile(x, (4, 1)), RATE)
        moved["loudness"] = count[0] - before

    counting = threading.Thread(target=counter)
    counting.start()
    worker = threading.Thread(target=master)
    worker.start()
    worker.join()
    stop.set()
    counting.join()
    assert moved["master"] > 1000 and moved["loudness"] > 1000
