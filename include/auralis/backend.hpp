// SpectralEngine: runs STFT analysis and FFT convolution on the chosen compute backend, and reports what
// the backend did.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace auralis {

namespace backend {
class Backend;
}

/// Which implementation runs the spectral work.
enum class BackendKind : std::uint8_t {
  automatic,  ///< The CPU (a GPU backend, once built, when a hardware device exists).
  cpu,        ///< Highway SIMD on a pool of worker threads.
};

/// What the caller chooses.
struct BackendOptions {
  BackendKind kind = BackendKind::automatic;
  /// Worker threads for the CPU backend: 0 = one per hardware thread, 1 = the calling thread only.
  /// Results are bit-identical for every value.
  unsigned max_workers = 0;
};

/// Totals for one kind of operation since the engine was made.
struct OperationStats {
  std::uint64_t calls = 0;
  std::uint64_t tracks = 0;
  std::uint64_t transforms = 0;  ///< Forward plus inverse FFTs of one frame or block.
  std::uint64_t samples = 0;     ///< Input samples over all channels.
  double seconds = 0.0;          ///< Wall time inside the backend.
};

/// What the backend did, for benchmarks and reports.
struct BackendStats {
  std::string backend;  ///< "cpu".
  std::string device;   ///< The SIMD target (e.g. "AVX2") or the GPU's name.
  unsigned threads = 0;
  OperationStats analyze;
  OperationStats convolve;
  std::uint64_t bytes_uploaded = 0;  ///< Host-to-device bytes (0 on the CPU).
  std::uint64_t bytes_downloaded = 0;
  std::uint64_t submissions = 0;  ///< Device queue submissions (0 on the CPU).
};

/// Spectral work on one backend. Create once and reuse: FFT plans and band tables are kept between calls.
/// Not thread-safe: one call at a time per engine (each call already uses every worker).
class SpectralEngine {
 public:
  /// Throws Error(invalid_argument) when the requested backend is not available.
  explicit SpectralEngine(const BackendOptions& options = {});
  ~SpectralEngine();
  SpectralEngine(SpectralEngine&&) noexcept;
  SpectralEngine& operator=(SpectralEngine&&) noexcept;

  /// STFT of every channel of every track: per-frame band energies for each layout and the average power
  /// spectrum (see SpectralAnalysis). Throws Error(invalid_argument) for a bad spec (fft_size not a power
  /// of two in 64-65536, hop outside 1-fft_size), no layouts or one layout twice, a null track, or a track
  /// with no samples.
  std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                        std::span<const BandLayout> layouts);

  /// Filters every job's channels by overlap-save FFT convolution (see FirFilter); each output has the
  /// input's shape and rate. Throws Error(invalid_argument) for a null or empty input, a filter count other
  /// than 1 or the channel count, empty or non-finite taps, more than FirFilter::max_taps taps, or a delay
  /// not below the tap count.
  std::vector<AudioBuffer> convolve(std::span<const ConvolutionJob> jobs);

  /// The same, into caller-owned buffers (one per job): a buffer whose shape and rate already match its
  /// input is reused as it is, which saves allocating and faulting in fresh memory on repeated calls;
  /// others are reallocated. Throws Error(invalid_argument) as above, when the counts differ, or when an
  /// output is one of the inputs (overlap-save reads the input while writing the output).
  void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs);

  BackendStats stats() const;

 private:
  std::unique_ptr<backend::Backend> backend_;
};

}  // namespace auralis
