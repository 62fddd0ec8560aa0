# SPDX-License-Identifier: MIT
"""Delivery from Python (issue 15): the output's type, lossy quality, sample rate and dither shape as keywords
of auralis.master, the codec ceiling in its report, loudness-matched previews and the HTML report, each
measured from the files written. Tolerances: docs/accuracy.md, "Python binding"."""
import json

import numpy as np
import pytest

import auralis
from conftest import RATE


def test_an_mp3_by_format_holds_its_ceiling_as_decoded(track, tmp_path):
    # The name says nothing of the type: format does. Loud (-9 LUFS asked, so a -2 dBTP ceiling) the first
    # render's MP3 overshoots the ceiling as decoded, so the limiter's ceiling is lowered and the track
    # rendered again (2 renders, -2.61 dBTP, measured). Decoded, the MP3 is within 0.2 LU of the render (the
    # codec's loss of the noise bed's highs: 0.07 LU at quality 0.8, measured) and under the ceiling.
    out = tmp_path / "master.bin"
    report = auralis.master(track, out, format="mp3", quality=0.8, target_lufs=-9.0)
    decoded = auralis.analyze(out)
    assert decoded["format"]["encoding"] == "MPEG_LAYER_III"
    loudness = decoded["loudness"]
    assert loudness["integrated_lufs"] == pytest.approx(report["after"]["integrated_lufs"], abs=0.2)
    ceiling_dbtp = report["plan"]["limiter"]["ceiling_dbtp"]
    ceiling = report["codec_ceiling"]
    assert 2 <= ceiling["renders"] <= 4 and ceiling["limiter_ceiling_dbtp"] < ceiling_dbtp
    assert loudness["true_peak_dbtp"] <= ceiling_dbtp
    assert ceiling["decoded_true_peak_dbtp"] == pytest.approx(loudness["true_peak_dbtp"], abs=0.01)
    # A lossless output has no codec ceiling; quality outside 0-1 and an unknown format are refused.
    assert auralis.master(track, tmp_path / "lossless.wav")["codec_ceiling"] is None
    with pytest.raises(auralis.Error, match="quality") as error:
        auralis.master(track, tmp_path / "bad.mp3", quality=1.5)
    assert error.value.code_name == "invalid_argument" and not (tmp_path / "bad.mp3").exists()
    with pytest.raises(auralis.Error, match="lossless.flac: quality is for ogg, opus and mp3 outputs"):
        auralis.master(track, tmp_path / "lossless.flac", quality=0.5)
    with pytest.raises(auralis.Error, match="format is wav, flac, aiff, ogg, opus or mp3, not 'm4a'"):
        auralis.master(track, tmp_path / "bad.m4a", format="m4a")


def test_rate_delivers_48_khz_and_previews_match_its_44_1_khz_original(track, tmp_path):
    out = tmp_path / "master48.wav"
    report = auralis.master(track, out, rate=48000, bits="32f")
    y, rate = auralis.read(out)
    assert rate == 48000 and y.shape == (4 * 48000, 2)
    assert auralis.measure_loudness(y, rate)["integrated_lufs"] == pytest.approx(
        report["after"]["integrated_lufs"], abs=1e-6)
    # The loudest 2 s of the master and the original's same 2 s, the louder turned down: 0.0002 LU apart
    # (measured), each excerpt as long as 2 s at its own rate.
    previews = auralis.write_previews(track, out, 2.0, tmp_path / "before.wav", tmp_path / "after.wav")
    assert previews["seconds"] == 2.0 and 0.0 <= previews["start_seconds"] <= 2.0
    before = auralis.analyze(tmp_path / "before.wav")
    after = auralis.analyze(tmp_path / "after.wav")
    assert before["loudness"]["integrated_lufs"] == pytest.approx(after["loudness"]["integrated_lufs"], abs=0.01)
    assert before["loudness"]["frames"] == 2 * RATE and after["loudness"]["frames"] == 2 * 48000
    assert previews["after"]["gain_db"] < 0.0 and previews["before"]["gain_db"] == 0.0
    assert after["loudness"]["integrated_lufs"] == pytest.approx(
        previews["after"]["loudness_lufs"] + previews["after"]["gain_db"], abs=0.01)
    assert str(previews["after"]["path"]) == str(tmp_path / "after.wav")
    with pytest.raises(auralis.Error, match="preview length") as error:
        auralis.write_previews(track, out, 0.5, tmp_path / "b.wav", tmp_path / "a.wav")
    assert error.value.code_name == "invalid_argument"
    # Out of range; and master_array keeps its input's rate: its own rate argument takes the name.
    with pytest.raises(auralis.Error, match="7000") as error:
        auralis.master(track, tmp_path / "slow.wav", rate=7000)
    assert error.value.code_name == "invalid_argument"
    with pytest.raises(TypeError):
        auralis.master_array(np.zeros((RATE, 2), np.float32), RATE, rate=48000)


def test_shaped_dither_changes_a_16_bit_file_and_true_keeps_tpdf(track, tmp_path):
    files = {}
    for dither in ("tpdf", "shaped", True, "none"):
        out = tmp_path / f"master-{dither}.wav"
        auralis.master(track, out, bits=16, dither=dither)
        files[dither] = out.read_bytes()
    assert files[True] == files["tpdf"]
    assert len(files["shaped"]) == len(files["tpdf"]) and files["shaped"] != files["tpdf"]
    assert files["none"] != files["tpdf"] and files["none"] != files["shaped"]
    # Every version is the same master under its rounding noise (16-bit noise, ~-96 dBFS): within 0.01 LU.
    levels = [auralis.analyze(tmp_path / f"master-{d}.wav")["loudness"]["integrated_lufs"] for d in files]
    assert max(levels) - min(levels) <= 0.01
    with pytest.raises(auralis.Error, match="dither is 'tpdf', 'shaped', 'none', True or False"):
        auralis.master(track, tmp_path / "bad.wav", dither="triangular")


def test_report_html_from_the_dict_or_its_json_text(track, tmp_path):
    # Without curves there is nothing to plot, and the page says so by refusing.
    plain = auralis.master(track, tmp_path / "plain.wav")
    assert plain["curves"] is None
    with pytest.raises(auralis.Error, match="measured no curves"):
        auralis.report_html(plain, tmp_path / "plain.html")
    report = auralis.master(track, tmp_path / "master.wav", curves=True)
    auralis.report_html(report, tmp_path / "from-dict.html")
    auralis.report_html(json.dumps(report), tmp_path / "from-text.html")
    page = (tmp_path / "from-dict.html").read_text()
    assert page == (tmp_path / "from-text.html").read_text()
    assert "<html" in page and "<svg" in page
    with pytest.raises(auralis.Error, match="report JSON") as error:
        auralis.report_html({"after": 1}, tmp_path / "bad.html")
    assert error.value.code_name == "invalid_argument" and not (tmp_path / "bad.html").exists()
