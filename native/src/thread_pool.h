// A tiny persistent thread pool for the kernels: the JavaScript thread hands out numbered tasks
// and works on them too, so a pool of N threads has N-1 workers.
//
// Determinism: callers split work so that every output element is written by exactly one task
// with a fixed order of arithmetic; which thread runs a task never changes the result.
#pragma once

#include <cstdint>
#include <functional>

namespace palestra {

// Runs task(i) for every i in [0, count), spread over the pool; returns when all are done.
// Nested calls (from inside a task) run serially on the calling thread.
void parallel_for(int64_t count, const std::function<void(int64_t)>& task);

// Number of threads kernels may use (the JavaScript thread included).
int thread_count();

// Changes the number of threads (1 = everything on the JavaScript thread).
void set_thread_count(int threads);

}  // namespace palestra
