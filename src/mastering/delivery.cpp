// SPDX-License-Identifier: MIT
// Delivery profiles: the loudness target and true-peak ceiling of each destination (sources in
// docs/mastering.md).
#include <auralis/mastering.hpp>

#include <array>

namespace auralis {

namespace {

// Indexed by Delivery.
constexpr std::array<DeliveryProfile, 7> kProfiles = {{
    {-14.0, -1.0},  // streaming: Spotify's and YouTube's normalisation level; -2 dBTP when louder
    {-16.0, -1.0},  // apple: Apple Music's Sound Check level, Apple Digital Masters' -1 dBTP
    {-14.0, -1.0},  // youtube: its normalisation level
    {-23.0, -1.0},  // ebu-r128: EBU R 128 (programme loudness -23 LUFS, maximum true peak -1 dBTP)
    {-24.0, -2.0},  // atsc-a85: ATSC A/85 (-24 LKFS, true peak -2 dBTP)
    {-10.0, -0.3},  // cd: no standard; a loud CD master, peaks under -0.3 dB for consumer converters
    {-16.0, -1.0},  // podcast: Apple Podcasts' -16 LUFS, -1 dBTP
}};

constexpr double kStreamingLoudLufs = -14.0;
constexpr double kStreamingLoudCeilingDbtp = -2.0;

}  // namespace

DeliveryProfile delivery_profile(Delivery delivery, std::optional<double> target_lufs) {
  DeliveryProfile profile = kProfiles[static_cast<std::size_t>(delivery)];
  if (target_lufs) profile.target_lufs = *target_lufs;
  if (delivery == Delivery::streaming && profile.target_lufs > kStreamingLoudLufs) {
    profile.ceiling_dbtp = kStreamingLoudCeilingDbtp;
  }
  return profile;
}

}  // namespace auralis
