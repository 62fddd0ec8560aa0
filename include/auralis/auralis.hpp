// SPDX-License-Identifier: MIT
// The whole public API of auralis in one include.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/audio_io.hpp>
#include <auralis/backend.hpp>
#include <auralis/batch.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>
#include <auralis/preview.hpp>
#include <auralis/report.hpp>
#include <auralis/spectral.hpp>
#include <auralis/version.hpp>
