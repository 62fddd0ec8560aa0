# SPDX-License-Identifier: MIT
"""Programmes the binding's tests master: a few seconds of music-like stereo, made with numpy."""
import numpy as np
import pytest

import auralis

RATE = 44100


def music_like(seconds, seed, rate=RATE, level_db=-20.0):
    """Stereo (frames, 2) float32: a decaying kick every half second under a pink-ish pad and a partly
    correlated noise bed, so that the plan has dynamics, spectrum and width to work on."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * rate)
    t = np.arange(frames) / rate
    pad = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) / k for k, f in enumerate((110, 220, 330, 440, 660), 1))
    beat = (t % 0.5) / 0.5
    kick = np.sin(2 * np.pi * 55 * t) * np.exp(-beat * 12.0) * 3.0
    noise = rng.standard_normal((frames, 2))
    mid = pad + kick + 0.3 * noise[:, 0]
    side = 0.4 * noise[:, 1] + 0.2 * pad
    x = np.stack([mid + side, mid - side], axis=1)
    x *= 10 ** (level_db / 20) / np.sqrt(np.mean(x**2))
    return x.astype(np.float32)


@pytest.fixture(scope="session")
def programme():
    return music_like(4.0, seed=1)


@pytest.fixture(scope="session")
def track(tmp_path_factory, programme):
    """The programme as a float WAV, the input of the tests that master files."""
    path = tmp_path_factory.mktemp("in") / "track.wav"
    auralis.write(path, programme, RATE, bits="32f")
    return path
