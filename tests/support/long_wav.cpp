// SPDX-License-Identifier: MIT
// write_repeated_pcm24_wav: header with the final sizes up front, then the period's interleaved 24-bit
// little-endian bytes, encoded once and written `repeats` times.
#include "support/long_wav.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

namespace auralis::test {

namespace {

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

void write_repeated_pcm24_wav(const std::filesystem::path& path, const AudioBuffer& period,
                              std::uint64_t repeats) {
  const std::uint64_t channels = period.channels();
  const std::uint64_t block_align = 3 * channels;
  const std::uint64_t data_bytes = period.frames() * block_align * repeats;
  if (data_bytes + 36 > 0xffffffffULL) throw std::runtime_error("WAV larger than 4 GiB: " + path.string());

  std::string header = "RIFF";
  put_le(header, 36 + data_bytes, 4);
  header += "WAVEfmt ";
  put_le(header, 16, 4);
  put_le(header, 1, 2);  // PCM
  put_le(header, channels, 2);
  put_le(header, period.sample_rate(), 4);
  put_le(header, period.sample_rate() * block_align, 4);
  put_le(header, block_align, 2);
  put_le(header, 24, 2);
  header += "data";
  put_le(header, data_bytes, 4);

  std::string data;
  data.reserve(period.frames() * block_align);
  for (std::size_t n = 0; n < period.frames(); ++n) {
    for (std::size_t c = 0; c < channels; ++c) {
      const double scaled = std::round(static_cast<double>(period.channel(c)[n]) * 8388608.0);
      const auto code = static_cast<std::int32_t>(std::clamp(scaled, -8388608.0, 8388607.0));
      put_le(data, static_cast<std::uint32_t>(code), 3);
    }
  }

  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (std::uint64_t r = 0; r < repeats && file; ++r)
    file.write(data.data(), static_cast<std::streamsize>(data.size()));
  file.close();
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace auralis::test
