// SPDX-License-Identifier: MIT
// True peak of a whole channel in one call: the meter's streaming scan (history carried between chunks,
// the interpolator's ring-out after the last sample), usable on its own thread.
#pragma once

#include <span>

namespace auralis::analysis {

/// Largest 4x-oversampled |x| (BS.1770 Annex 2 interpolator) of the channel, ring-out included; the same
/// value a LoudnessMeter reports for it before taking the sample peak into account.
double channel_true_peak(std::span<const float> x);

}  // namespace auralis::analysis
