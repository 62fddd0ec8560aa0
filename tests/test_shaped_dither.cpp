// SPDX-License-Identifier: MIT
// Noise-shaped dither against TPDF: the spectrum of the requantisation error of a quiet tone written to
// 16-bit WAV (less noise at 1-5 kHz, more above 15 kHz, the total within the design's rise), and bit-exact
// determinism (same seed same bytes, whatever the blocks).
#include <auralis/audio_io.hpp>

#include "io/audio_file_writer.hpp"
#include "support/measurements.hpp"
#include "support/signals.hpp"
#include "test_audio_io_support.hpp"

#include <fftw3.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using auralis::AudioBuffer;
using auralis::DitherShape;
using auralis::EncodeOptions;
using auralis::SampleFormat;

constexpr std::uint32_t kRateHz = 44100;
constexpr std::size_t kFftSize = 4096;

// Mean power (LSB^2 per bin) of the error in [low_hz, high_hz), from Hann-windowed periodograms of
// half-overlapping blocks.
struct ErrorSpectrum {
  std::vector<double> power;  // per bin, kFftSize / 2 + 1
  double band(double low_hz, double high_hz) const {
    double sum = 0.0;
    int bins = 0;
    for (std::size_t k = 0; k < power.size(); ++k) {
      const double hz = static_cast<double>(k) * kRateHz / kFftSize;
      if (hz >= low_hz && hz < high_hz) sum += power[k], ++bins;
    }
    return sum / bins;
  }
};

ErrorSpectrum error_spectrum(const std::vector<float>& error) {
  std::vector<float> block(kFftSize);
  std::unique_ptr<fftwf_complex, void (*)(void*)> spectrum(
      static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * (kFftSize / 2 + 1))), fftwf_free);
  const fftwf_plan plan =
      fftwf_plan_dft_r2c_1d(static_cast<int>(kFftSize), block.data(), spectrum.get(), FFTW_ESTIMATE);
  ErrorSpectrum result{std::vector<double>(kFftSize / 2 + 1, 0.0)};
  int blocks = 0;
  for (std::size_t first = 0; first + kFftSize <= error.size(); first += kFftSize / 2, ++blocks) {
    for (std::size_t i = 0; i < kFftSize; ++i) {
      const double hann = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / kFftSize);
      block[i] = static_cast<float>(error[first + i] * hann);
    }
    fftwf_execute(plan);
    for (std::size_t k = 0; k < result.power.size(); ++k) {
      result.power[k] +=
          spectrum.get()[k][0] * spectrum.get()[k][0] + spectrum.get()[k][1] * spectrum.get()[k][1];
    }
  }
  fftwf_destroy_plan(plan);
  for (double& p : result.power) p /= blocks;
  return result;
}

class ShapedDither : public auralis::test::io::AudioIoScratch {
 protected:
  // The error, in 16-bit LSB, of `audio`'s first channel written with `shape` and read back.
  std::vector<float> requantisation_error(const AudioBuffer& audio, DitherShape shape) {
    const fs::path path = scratch_ / "dithered.wav";
    auralis::write_audio(path, audio, {.sample_format = SampleFormat::pcm16, .dither_shape = shape});
    const AudioBuffer decoded = auralis::read_audio(path).audio;
    std::vector<float> error(audio.frames());
    for (std::size_t i = 0; i < error.size(); ++i)
      error[i] = (decoded.channel(0)[i] - audio.channel(0)[i]) * 32768.0f;
    return error;
  }
};

double db(double ratio) {
  return 10.0 * std::log10(ratio);
}

TEST_F(ShapedDither, MovesTheNoiseFromOneToFiveKilohertzAboveFifteen) {
  // A 440 Hz tone at -80 dBFS (about 3 LSB), where the dither is what an engineer hears.
  const AudioBuffer tone = auralis::test::sine(1, kRateHz, 440.0, -80.0, 2.0);
  const ErrorSpectrum flat = error_spectrum(requantisation_error(tone, DitherShape::tpdf));
  const ErrorSpectrum shaped = error_spectrum(requantisation_error(tone, DitherShape::shaped));
  const double mid_db = db(shaped.band(1000.0, 5000.0) / flat.band(1000.0, 5000.0));
  const double top_db = db(shaped.band(15000.0, 22050.0) / flat.band(15000.0, 22050.0));
  const double total_db = db(shaped.band(0.0, 22051.0) / flat.band(0.0, 22051.0));
  auralis::test::record_measurement("shaped_minus_tpdf_1_5khz_db", mid_db);
  auralis::test::record_measurement("shaped_minus_tpdf_above_15khz_db", top_db);
  auralis::test::record_measurement("shaped_minus_tpdf_total_db", total_db);
  // The design (io/shaped_quantizer.hpp): -11.9 dB at 1-5 kHz, +9.2 dB above 15 kHz, +5.0 dB in all, for
  // white error; 2 dB either way covers the estimate's spread over 2 s.
  EXPECT_NEAR(mid_db, -11.9, 2.0);
  EXPECT_NEAR(top_db, 9.2, 2.0);
  EXPECT_NEAR(total_db, 5.0, 2.0);
}

TEST_F(ShapedDither, IsBitExactForTheSameSeedWhateverTheBlocks) {
  const AudioBuffer tone = auralis::test::sine(2, kRateHz, 440.0, -60.0, 1.0);
  const EncodeOptions options{.sample_format = SampleFormat::pcm16, .dither_shape = DitherShape::shaped};
  auralis::write_audio(scratch_ / "whole.wav", tone, options);
  {
    auralis::io::AudioFileWriter writer(scratch_ / "blocks.wav", 2, kRateHz, tone.layout(), options,
                                        tone.frames());
    for (std::size_t first = 0; first < tone.frames(); first += 1000) {
      const std::size_t count = std::min<std::size_t>(1000, tone.frames() - first);
      const float* planes[] = {tone.channel(0).data() + first, tone.channel(1).data() + first};
      writer.write(planes, count);
    }
    writer.finish()->commit();
  }
  EXPECT_EQ(auralis::test::io::file_bytes(scratch_ / "whole.wav"),
            auralis::test::io::file_bytes(scratch_ / "blocks.wav"));
  EncodeOptions reseeded = options;
  reseeded.dither_seed ^= 1;
  auralis::write_audio(scratch_ / "reseeded.wav", tone, reseeded);
  EXPECT_NE(auralis::test::io::file_bytes(scratch_ / "whole.wav"),
            auralis::test::io::file_bytes(scratch_ / "reseeded.wav"));
  auralis::write_audio(scratch_ / "flat.wav", tone, {.sample_format = SampleFormat::pcm16});
  EXPECT_NE(auralis::test::io::file_bytes(scratch_ / "whole.wav"),
            auralis::test::io::file_bytes(scratch_ / "flat.wav"));
}

}  // namespace
