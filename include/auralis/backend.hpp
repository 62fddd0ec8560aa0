// SPDX-License-Identifier: MIT
// SpectralEngine: runs STFT analysis and FFT convolution on the chosen compute backend, and reports what
// the backend did.
#pragma once

#include <auralis/export.h>

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auralis {

namespace backend {
class Backend;
}

/// Which implementation runs the spectral work.
enum class BackendKind : std::uint8_t {
  automatic,  ///< A hardware Vulkan GPU when one exists (small jobs still run on the CPU), else the CPU;
              ///< never fails for want of a GPU.
  cpu,        ///< Highway SIMD on a pool of worker threads.
  vulkan,     ///< The Vulkan backend (VkFFT and our compute shaders); an error when no device is usable.
};

/// "auto", "cpu" or "vulkan".
AURALIS_API const char* to_string(BackendKind kind) noexcept;
/// Parses "auto", "cpu" or "vulkan" (case-sensitive); nullopt for anything else.
AURALIS_API std::optional<BackendKind> parse_backend_kind(std::string_view name) noexcept;

/// What the caller chooses.
struct AURALIS_API BackendOptions {
  BackendKind kind = BackendKind::automatic;
  /// Worker threads for the CPU backend (and the CPU fallback of the GPU backend): 0 = one per hardware
  /// thread, 1 = the calling thread only. Results are bit-identical for every value.
  unsigned max_workers = 0;
  /// Vulkan device: a case-insensitive substring of its name (e.g. "llvmpipe") or its index in
  /// describe_backends().devices. Empty: the environment variable AURALIS_VULKAN_DEVICE if set, else the
  /// best hardware device (discrete > integrated > virtual). A CPU device (lavapipe) is only used when named.
  std::string device;
  /// Called with a one-line warning when the GPU fails mid-job and the job re-runs on the CPU (the result is
  /// still complete and correct). Unset: the warning goes to stderr prefixed "auralis: warning: ".
  std::function<void(const std::string&)> on_warning;

  /// The CPU backend with `workers` worker threads (see max_workers).
  static BackendOptions cpu(unsigned workers = 0) {
    BackendOptions options;
    options.kind = BackendKind::cpu;
    options.max_workers = workers;
    return options;
  }
};

/// The kind of a Vulkan physical device.
enum class DeviceType : std::uint8_t { discrete, integrated, virtual_gpu, cpu, other };
AURALIS_API const char* to_string(DeviceType type) noexcept;

/// One Vulkan device as describe_backends() sees it.
struct AURALIS_API DeviceInfo {
  std::size_t index = 0;  ///< What BackendOptions::device accepts as an index.
  std::string name;
  DeviceType type = DeviceType::other;
  std::string driver;              ///< Driver name and version, e.g. "llvmpipe (Mesa 22.3.6)".
  std::string api_version;         ///< e.g. "1.3.230".
  std::uint64_t memory_bytes = 0;  ///< Device-local memory over all heaps.
  bool chosen = false;             ///< The device these options would use.
  std::string reason;              ///< Why it is or is not chosen.
};

/// What is available to run spectral work, and which device given options would use.
struct AURALIS_API BackendInventory {
  std::string simd_target;     ///< The CPU target Highway dispatches to, e.g. "AVX2".
  bool vulkan_built = false;   ///< false when the library was built with AURALIS_VULKAN=OFF.
  bool vulkan_loaded = false;  ///< A Vulkan loader and instance were found at run time.
  std::string vulkan_status;   ///< Why Vulkan is or is not usable (no loader, no device, ...).
  std::vector<DeviceInfo> devices;
  BackendKind chosen = BackendKind::cpu;  ///< What a SpectralEngine with these options runs on.
};

/// Lists the CPU target and every Vulkan device and says which the options would choose. Never throws for
/// a missing loader or device (that is reported in vulkan_status).
AURALIS_API BackendInventory describe_backends(const BackendOptions& options = {});

/// Totals for one kind of operation since the engine was made.
struct AURALIS_API OperationStats {
  std::uint64_t calls = 0;
  std::uint64_t tracks = 0;
  std::uint64_t transforms = 0;  ///< Forward plus inverse FFTs of one frame or block.
  std::uint64_t samples = 0;     ///< Input samples over all channels.
  double seconds = 0.0;          ///< Wall time inside the backend.
  /// Time the GPU spent executing the operation's submissions (device timestamps, from the first command
  /// to the last, copies included); 0 on the CPU backend and on devices whose queue has no timestamps.
  double device_seconds = 0.0;
};

/// What the backend did, for benchmarks and reports.
struct AURALIS_API BackendStats {
  std::string backend;  ///< "cpu" or "vulkan".
  std::string device;   ///< The SIMD target (e.g. "AVX2") or the GPU's name.
  unsigned threads = 0;
  OperationStats analyze;
  OperationStats convolve;
  std::uint64_t bytes_uploaded = 0;  ///< Host-to-device bytes (0 on the CPU).
  std::uint64_t bytes_downloaded = 0;
  std::uint64_t submissions = 0;  ///< Device queue submissions (0 on the CPU).
  /// Calls the GPU backend handed to the CPU: after a fault (see BackendOptions::on_warning; the device is
  /// not used again) or, under BackendKind::automatic, because the job was too small to be worth a GPU.
  std::uint64_t cpu_fallbacks = 0;
  std::string fault;  ///< The GPU fault that moved work to the CPU for good; empty when none.
};

/// Spectral work on one backend. Create once and reuse: FFT plans and band tables are kept between calls.
/// Not thread-safe: one call at a time per engine (each call already uses every worker).
class AURALIS_API SpectralEngine {
 public:
  /// Throws Error(backend_unavailable) when BackendKind::vulkan is asked for and no device is usable (no
  /// loader, no device, no device matching BackendOptions::device, or the device fails to start), naming why.
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
