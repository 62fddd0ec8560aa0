// SPDX-License-Identifier: MIT
// run_pass: the block loop, the latency bookkeeping of the stage chain, and the read-ahead / sink-behind
// threads with their bounded queues.
#include "mastering/stream_pass.hpp"

#include "core/denormals.hpp"
#include "core/signal_free_thread.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace auralis::mastering {

namespace {

// Blocks in flight when threaded: one at each of the four workers, and one spare between each two.
constexpr std::size_t kBlocksInFlight = 8;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Wall and CPU time spent inside one participant of the pass.
struct Clocked {
  std::string name;
  double wall = 0.0;
  double cpu = 0.0;

  template <class Work>
  auto time(Work&& work) {
    const auto wall_start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    struct Stop {
      Clocked& self;
      std::chrono::steady_clock::time_point wall_start;
      double cpu_start;
      ~Stop() {
        self.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        self.cpu += thread_cpu_seconds() - cpu_start;
      }
    } stop{*this, wall_start, cpu_start};
    return work();
  }
};

struct Block {
  AudioBuffer storage;
  std::vector<float*> planes;
  std::vector<float*> view;  // planes + offset, for the stage at work
  std::size_t offset = 0;
  std::size_t frames = 0;
  std::atomic<int> pending = 0;  // sink threads still to consume the block

  Block(std::size_t channels, std::size_t capacity, std::uint32_t rate)
      : storage(AudioBuffer::uninitialized(channels, capacity, rate)), view(channels) {
    for (std::size_t c = 0; c < channels; ++c) planes.push_back(storage.channel(c).data());
  }
};

// A bounded hand-over of block indices between threads; close() wakes every waiter for good.
class BlockQueue {
 public:
  void push(std::size_t index) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(index);
    }
    changed_.notify_one();
  }
  std::optional<std::size_t> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (closed_) return std::nullopt;
    const std::size_t index = items_.front();
    items_.pop_front();
    return index;
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> items_;
  bool closed_ = false;
};

// The stages in order with what each has been given and has passed on. A range of stages is worked by
// one thread at a time; different ranges may run on different threads.
class Chain {
 public:
  Chain(std::span<dsp::Stage* const> stages, std::vector<Clocked>& clocks)
      : stages_(stages), clocks_(clocks), totals_(stages.size()) {
    for (dsp::Stage* stage : stages) {
      to_skip_.push_back(stage->latency());
      inputs_.push_back(0);
      delivered_.push_back(0);
    }
  }

  /// The source has ended after `frames` frames: no stage in [first, last) passes on more than that.
  void end(std::uint64_t frames, std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) totals_[i] = frames;
  }

  /// Runs block.frames frames through stages [first, last); block.offset and block.frames then say what
  /// goes on.
  void process(Block& block, std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last && block.frames > 0; ++i) {
      for (std::size_t c = 0; c < block.planes.size(); ++c) block.view[c] = block.planes[c] + block.offset;
      clocks_[i].time([&] { stages_[i]->process(block.view, block.frames); });
      inputs_[i] += block.frames;
      const std::size_t skip = static_cast<std::size_t>(std::min<std::uint64_t>(block.frames, to_skip_[i]));
      to_skip_[i] -= skip;
      block.offset += skip;
      block.frames -= skip;
      if (totals_[i]) {
        block.frames =
            static_cast<std::size_t>(std::min<std::uint64_t>(block.frames, *totals_[i] - delivered_[i]));
      }
      delivered_[i] += block.frames;
    }
  }

  void end_of_stream(std::size_t i) { stages_[i]->end_of_stream(); }

  /// After end(): silence for stage i until it has passed on the whole stream, or 0.
  std::size_t flush_frames(std::size_t i, std::size_t capacity) const {
    if (delivered_[i] >= *totals_[i]) return 0;
    const std::uint64_t wanted = *totals_[i] + stages_[i]->latency() - inputs_[i];
    return static_cast<std::size_t>(std::min<std::uint64_t>(wanted, capacity));
  }
  std::size_t size() const noexcept { return stages_.size(); }

 private:
  std::span<dsp::Stage* const> stages_;
  std::vector<Clocked>& clocks_;
  std::vector<std::uint64_t> to_skip_, inputs_, delivered_;
  std::vector<std::optional<std::uint64_t>> totals_;
};

class Pass {
 public:
  Pass(BlockSource& source, std::span<dsp::Stage* const> stages, std::span<BlockSink* const> sinks,
       const PassOptions& options)
      : source_(source), sinks_(sinks), options_(options), chain_(stages, stage_clocks_) {
    source_clock_.name = "decode";
    for (dsp::Stage* stage : stages) stage_clocks_.push_back({stage->name()});
    for (BlockSink* sink : sinks) sink_clocks_.push_back({sink->name()});
    const std::size_t count = options.threads > 1 ? kBlocksInFlight : 1;
    for (std::size_t b = 0; b < count; ++b)
      blocks_.emplace_back(source.channels(), options.block_frames, source.sample_rate());
  }

  std::uint64_t run() {
    if (options_.threads > 1) {
      run_threaded();
    } else {
      run_serial();
    }
    return frames_;
  }

  void add_timings(const std::string& pass, std::vector<StageTiming>& timings) const {
    const auto add = [&](const Clocked& clock) {
      timings.push_back({clock.name, clock.wall, clock.cpu, pass});
    };
    add(source_clock_);
    for (const Clocked& clock : stage_clocks_) add(clock);
    for (const Clocked& clock : sink_clocks_) add(clock);
  }

 private:
  std::size_t read(Block& block) {
    block.offset = 0;
    block.frames = source_clock_.time([&] { return source_.read(block.planes, options_.block_frames); });
    frames_ += block.frames;
    return block.frames;
  }

  // Hands the block to sinks [first, last).
  void sink(const Block& block, std::size_t first, std::size_t last) {
    if (block.frames == 0) return;
    // On the stack: several sink threads may hand on the same block at once.
    std::array<const float*, max_channels> planes{};
    const std::size_t channels = block.planes.size();
    for (std::size_t c = 0; c < channels; ++c) planes[c] = block.planes[c] + block.offset;
    for (std::size_t s = first; s < last; ++s) {
      sink_clocks_[s].time([&] { sinks_[s]->consume(std::span(planes.data(), channels), block.frames); });
    }
  }
  void sink(const Block& block) { sink(block, 0, sinks_.size()); }

  // The processed blocks go to every sink's thread; the last to finish with a block frees it.
  class FanOut {
   public:
    FanOut(Pass& pass, std::span<BlockQueue* const> queues) : pass_(pass), queues_(queues) {}
    void push(std::size_t b) {
      if (b < pass_.blocks_.size()) pass_.blocks_[b].pending = static_cast<int>(queues_.size());
      for (BlockQueue* queue : queues_) queue->push(b);
    }

   private:
    Pass& pass_;
    std::span<BlockQueue* const> queues_;
  };

  // Sends stages [first, last) their silence after the end, block by block, each block then going where
  // `deliver` puts it; `take` gives an empty block (null when the pass is failing).
  template <class Take, class Deliver>
  void flush(std::size_t first, std::size_t last, Take&& take, Deliver&& deliver) {
    for (std::size_t i = first; i < last; ++i) {
      // Everything before stage i has passed its whole stream on: stage i has all it will get but silence.
      chain_.end_of_stream(i);
      while (const std::size_t frames = chain_.flush_frames(i, options_.block_frames)) {
        Block* block = take();
        if (block == nullptr) return;
        for (float* plane : block->planes) std::fill_n(plane, frames, 0.0f);
        block->offset = 0;
        block->frames = frames;
        chain_.process(*block, i, last);
        deliver(*block);
      }
    }
  }

  void run_serial() {
    Block& block = blocks_[0];
    const std::size_t stages = chain_.size();
    while (read(block) > 0) {
      chain_.process(block, 0, stages);
      sink(block);
    }
    chain_.end(frames_, 0, stages);
    flush(
        0, stages, [&] { return &block; }, [&](Block& done) { sink(done); });
  }

  // Runs `work` on a helper thread; its first failure closes every queue and is rethrown by the caller.
  std::jthread helper(auto work) {
    return core::start_signal_free_thread<std::jthread>([this, work] {
      const core::ScopedFlushDenormals flush_denormals;
      if (!wait_for_start()) return;
      try {
        work();
      } catch (...) {
        fail(std::current_exception());
      }
    });
  }

  void fail(std::exception_ptr failure) {
    {
      std::lock_guard lock(failure_mutex_);
      if (!failure_) failure_ = failure;
    }
    for (BlockQueue& queue : queues_) queue.close();
  }

  // One thread's share of the stages: blocks from `in`, through stages [first, last), to `out`; at the end
  // of the stream, the silence these stages need, then the end on to `out`.
  template <class Out>
  void run_stages(std::size_t first, std::size_t last, BlockQueue& in, Out& out) {
    const std::size_t end_marker = blocks_.size();
    for (;;) {
      const auto b = in.pop();
      if (!b) return;
      if (*b == end_marker) break;
      chain_.process(blocks_[*b], first, last);
      out.push(*b);
    }
    chain_.end(frames_, first, last);
    std::optional<std::size_t> taken;
    flush(
        first, last,
        [&]() -> Block* {
          taken = free_.pop();
          return taken ? &blocks_[*taken] : nullptr;
        },
        [&](Block&) { out.push(*taken); });
    out.push(end_marker);
  }

  // The source is read on one helper thread and each sink runs on a helper of its own; the stages are split
  // in two halves, the first on the calling thread and the second on another helper (when there are two
  // or more), so that a pass's work spreads over the cores whatever its mix. The helpers start parked, and
  // the source is read only once all exist: where a thread cannot be had (a process limit, no memory for
  // its stack) the pass runs on this thread alone instead.
  void run_threaded() {
    // An index past the blocks marks the end of the stream in the queues.
    const std::size_t end_marker = blocks_.size();
    const std::size_t stages = chain_.size();
    const std::size_t split = stages / 2;
    BlockQueue& free = free_;
    BlockQueue& read_queue = queues_.emplace_back();
    BlockQueue& middle = queues_.emplace_back();
    // One thread for each sink, or one that only frees the blocks when there is none.
    const std::size_t sink_threads = std::max<std::size_t>(1, sinks_.size());
    std::vector<BlockQueue*> sink_queues;
    for (std::size_t t = 0; t < sink_threads; ++t) sink_queues.push_back(&queues_.emplace_back());
    FanOut processed(*this, sink_queues);
    std::vector<std::jthread> helpers;
    try {
      helpers.reserve(2 + sink_threads);
      helpers.push_back(helper([&] {
        for (;;) {
          const auto b = free.pop();
          if (!b) return;
          if (read(blocks_[*b]) == 0) {
            free.push(*b);
            read_queue.push(end_marker);
            return;
          }
          read_queue.push(*b);
        }
      }));
      if (split > 0) helpers.push_back(helper([&] { run_stages(split, stages, middle, processed); }));
      for (std::size_t t = 0; t < sink_threads; ++t) {
        helpers.push_back(helper([&, t] {
          for (;;) {
            const auto b = sink_queues[t]->pop();
            if (!b || *b == end_marker) return;
            sink(blocks_[*b], t, std::min(t + 1, sinks_.size()));
            if (--blocks_[*b].pending == 0) free.push(*b);
          }
        }));
      }
    } catch (const std::system_error&) {
      start(false);
      helpers.clear();
      run_serial();
      return;
    }
    start(true);
    for (std::size_t b = 0; b < blocks_.size(); ++b) free.push(b);
    try {
      if (split > 0) {
        run_stages(0, split, read_queue, middle);
      } else {
        run_stages(0, stages, read_queue, processed);
      }
    } catch (...) {
      fail(std::current_exception());
    }
    helpers.clear();
    if (failure_) std::rethrow_exception(failure_);
  }

  void start(bool go) {
    {
      std::lock_guard lock(start_mutex_);
      started_ = go ? Start::go : Start::cancelled;
    }
    start_changed_.notify_all();
  }

  bool wait_for_start() {
    std::unique_lock lock(start_mutex_);
    start_changed_.wait(lock, [&] { return started_ != Start::waiting; });
    return started_ == Start::go;
  }

  BlockSource& source_;
  std::span<BlockSink* const> sinks_;
  PassOptions options_;
  std::vector<Clocked> stage_clocks_;
  Chain chain_;
  Clocked source_clock_;
  std::vector<Clocked> sink_clocks_;
  std::deque<Block> blocks_;
  std::uint64_t frames_ = 0;
  // free blocks, then (threaded) read, between the two halves of the stages, and one per sink thread
  std::deque<BlockQueue> queues_ = std::deque<BlockQueue>(1);
  BlockQueue& free_ = queues_.front();
  enum class Start { waiting, go, cancelled };
  std::mutex start_mutex_;
  std::condition_variable start_changed_;
  Start started_ = Start::waiting;
  std::mutex failure_mutex_;
  std::exception_ptr failure_;
};

}  // namespace

std::uint64_t run_pass(const std::string& pass, BlockSource& source, std::span<dsp::Stage* const> stages,
                       std::span<BlockSink* const> sinks, const PassOptions& options,
                       std::vector<StageTiming>& timings) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_seconds();
  const core::ScopedFlushDenormals flush;
  const dsp::StreamSpec spec{source.sample_rate(), source.channels(), options.block_frames};
  for (dsp::Stage* stage : stages) stage->prepare(spec);
  Pass runner(source, stages, sinks, options);
  const std::uint64_t frames = runner.run();
  timings.push_back({"total",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count(),
                     process_cpu_seconds() - cpu_start, pass});
  runner.add_timings(pass, timings);
  return frames;
}

}  // namespace auralis::mastering
