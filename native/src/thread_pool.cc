#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace palestra {
namespace {

thread_local bool inside_task = false;

// How long a thread watches for its partner before sleeping: a few tens of microseconds.
constexpr int kSpinChecks = 1 << 12;

inline void pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

class ThreadPool {
 public:
  explicit ThreadPool(int threads) { resize(threads); }
  ~ThreadPool() { stop_workers(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int threads) {
    stop_workers();
    stopping_ = false;
    for (int i = 1; i < std::max(1, threads); ++i) workers_.emplace_back([this] { worker_loop(); });
  }

  void run(int64_t count, const std::function<void(int64_t)>& task) {
    if (count <= 0) return;
    if (count == 1 || workers_.empty() || inside_task) {
      for (int64_t i = 0; i < count; ++i) task(i);
      return;
    }
    // Several JavaScript threads (worker_threads) may share this pool: one job at a time.
    std::lock_guard<std::mutex> one_job_at_a_time(run_mutex_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      count_ = count;
      next_.store(0);
      pending_workers_.store(static_cast<int>(workers_.size()));
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    work_on_current_job();
    // The workers usually finish within microseconds of this thread: watch before sleeping.
    for (int spin = 0; spin < kSpinChecks && pending_workers_.load(std::memory_order_acquire) != 0; ++spin) pause();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_workers_.load() == 0; });
    task_ = nullptr;
  }

 private:
  void work_on_current_job() {
    inside_task = true;
    for (int64_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1)) (*task_)(i);
    inside_task = false;
  }

  void worker_loop() {
    uint64_t seen = 0;
    for (;;) {
      // Kernels come in quick succession (a training step runs dozens; a batched env step comes
      // every few microseconds), and waking a sleeping thread costs more than a small kernel.
      // So a worker first watches for the next job for a moment, then sleeps.
      for (int spin = 0; spin < kSpinChecks && generation_.load(std::memory_order_acquire) == seen; ++spin) pause();
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
        if (stopping_) return;
        seen = generation_.load();
      }
      work_on_current_job();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_workers_.fetch_sub(1, std::memory_order_release);
      }
      done_.notify_one();
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex run_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int64_t)>* task_ = nullptr;
  int64_t count_ = 0;
  std::atomic<int64_t> next_{0};
  // Changed under mutex_; read without the lock by the spinning caller.
  std::atomic<int> pending_workers_{0};
  // Incremented (under mutex_) for every job; read without the lock by spinning workers.
  std::atomic<uint64_t> generation_{0};
  bool stopping_ = false;
};

int default_threads() {
  if (const char* env = std::getenv("PALESTRA_NATIVE_THREADS")) {
    int requested = std::atoi(env);
    if (requested > 0) return requested;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

ThreadPool& pool() {
  static ThreadPool instance(default_threads());
  return instance;
}

}  // namespace

void parallel_for(int64_t count, const std::function<void(int64_t)>& task) { pool().run(count, task); }

int thread_count() { return pool().size(); }

void set_thread_count(int threads) { pool().resize(threads); }

}  // namespace palestra
