// Per-stage wall and CPU time for reports and --profile, and progress callbacks as stages start.
#pragma once

#include <auralis/mastering.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

namespace auralis::mastering {

class StageClock {
 public:
  StageClock(std::vector<StageTiming>& timings, const ProgressCallback& progress)
      : timings_(timings), progress_(progress) {}
  ~StageClock() { finish(); }
  StageClock(const StageClock&) = delete;
  StageClock& operator=(const StageClock&) = delete;

  /// Ends the running stage (if any) and starts `stage`, reporting `fraction` of the work as done.
  void start(const std::string& stage, double fraction) {
    finish();
    if (progress_) progress_(stage, fraction);
    stage_ = stage;
    wall_ = std::chrono::steady_clock::now();
    cpu_ = process_cpu_seconds();
  }

  /// Ends the running stage; a stage started twice accumulates into one entry.
  void finish() {
    if (stage_.empty()) return;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    const double cpu = process_cpu_seconds() - cpu_;
    auto it = std::find_if(timings_.begin(), timings_.end(),
                           [&](const StageTiming& t) { return t.stage == stage_; });
    if (it == timings_.end()) {
      timings_.push_back({stage_, wall, cpu});
    } else {
      it->wall_seconds += wall;
      it->cpu_seconds += cpu;
    }
    stage_.clear();
  }

 private:
  static double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }

  std::vector<StageTiming>& timings_;
  const ProgressCallback& progress_;
  std::string stage_;
  std::chrono::steady_clock::time_point wall_;
  double cpu_ = 0.0;
};

}  // namespace auralis::mastering
