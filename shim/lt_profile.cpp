// lt_profile.cpp — the per-operator profile of lt_shim.h (lt_profile_begin/_end):
// LibTorch's Kineto profiler around a few requests, its Chrome trace written as is, and
// a table of operators by self time, grouped by (name, input shapes) — trtexec's
// --dumpProfile for LibTorch.
//
// Self time of a CPU op = its duration minus the durations of the ops nested directly
// inside it on the same thread (what torch.profiler's key_averages() calls self CPU
// time). CUDA kernels are rows of their own with their device time as self CUDA time
// (they are not attributed back to the op that launched them). LibTorch < 2.0 (the
// Debian 1.13 floor) has only the legacy profiler: there both calls say so.
#include "lt_errors.hpp"
#include "lt_shim.h"
#include "lt_torch_compat.h"

#include <c10/util/Exception.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#if LT_TORCH_AT_LEAST(2, 0)
#define LT_HAVE_KINETO_PROFILER 1
#include <torch/csrc/autograd/profiler_kineto.h>
#else
#define LT_HAVE_KINETO_PROFILER 0
#endif

namespace {

std::mutex g_profile_mutex;

using lt_errors::exception_line;

#if LT_HAVE_KINETO_PROFILER
bool g_profile_active = false;   // guarded by g_profile_mutex
namespace prof = torch::autograd::profiler;
namespace pimpl = torch::profiler::impl;

pimpl::ProfilerConfig profile_config() {
    return pimpl::ProfilerConfig(pimpl::ProfilerState::KINETO, /*report_input_shapes=*/true,
                                 /*profile_memory=*/false, /*with_stack=*/false, /*with_flops=*/false,
                                 /*with_modules=*/false);
}

std::set<pimpl::ActivityType> g_activities;

// "[[1, 3, 224, 224], [64, 3, 7, 7], []]"
std::string shapes_text(const prof::KinetoEvent &e) {
    if (!e.hasShapes()) return "";
    std::string s = "[";
    bool first = true;
    for (const std::vector<int64_t> &shape : e.shapes()) {
        if (!first) s += ", ";
        first = false;
        s += "[";
        for (size_t i = 0; i < shape.size(); i++) {
            if (i) s += ", ";
            s += std::to_string(shape[i]);
        }
        s += "]";
    }
    return s + "]";
}

struct OpTotals {
    int64_t calls = 0;
    uint64_t self_cpu_ns = 0, total_cpu_ns = 0, cuda_ns = 0;
};

struct CpuEvent {
    size_t index;       // into the event list
    uint64_t start, end;
};

// Groups the events by (name, input shapes) with self times.
std::map<std::pair<std::string, std::string>, OpTotals> op_table(const std::vector<prof::KinetoEvent> &events) {
    std::map<std::pair<std::string, std::string>, OpTotals> table;
    std::map<uint64_t, std::vector<CpuEvent>> by_thread;
    for (size_t i = 0; i < events.size(); i++) {
        const prof::KinetoEvent &e = events[i];
        if (e.deviceType() == c10::DeviceType::CUDA) {
            OpTotals &t = table[{e.name(), ""}];
            t.calls++;
            t.cuda_ns += e.durationNs();
        } else if (e.deviceType() == c10::DeviceType::CPU && !e.isAsync() && e.endNs() >= e.startNs()) {
            by_thread[e.startThreadId()].push_back({i, e.startNs(), e.endNs()});
        }
    }
    for (auto &kv : by_thread) {
        std::vector<CpuEvent> &evs = kv.second;
        std::sort(evs.begin(), evs.end(), [](const CpuEvent &a, const CpuEvent &b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
        std::vector<uint64_t> children_ns(evs.size(), 0);
        std::vector<size_t> stack;   // positions in evs of the open ancestors
        for (size_t k = 0; k < evs.size(); k++) {
            while (!stack.empty() && evs[stack.back()].end <= evs[k].start) stack.pop_back();
            if (!stack.empty()) children_ns[stack.back()] += evs[k].end - evs[k].start;
            stack.push_back(k);
        }
        for (size_t k = 0; k < evs.size(); k++) {
            const prof::KinetoEvent &e = events[evs[k].index];
            uint64_t dur = evs[k].end - evs[k].start;
            OpTotals &t = table[{e.name(), shapes_text(e)}];
            t.calls++;
            t.total_cpu_ns += dur;
            t.self_cpu_ns += dur > children_ns[k] ? dur - children_ns[k] : 0;
        }
    }
    return table;
}

void copy_text(char *dst, size_t len, const std::string &s) {
    std::snprintf(dst, len, "%s", s.c_str());
}
#endif

}  // namespace

extern "C" {

lt_status lt_profile_supported(lt_error *err) {
    if (err) err->msg[0] = '\0';
#if LT_HAVE_KINETO_PROFILER
    return LT_OK;
#else
    return lt_errors::fail(err, LT_ERR_UNSUPPORTED,
                        "the per-operator profile needs LibTorch >= 2.0 (its Kineto profiler); this ltbench is "
                        "built against LibTorch %s",
                        TORCH_VERSION);
#endif
}

lt_status lt_profile_begin(int with_cuda, lt_error *err) {
    if (err) err->msg[0] = '\0';
#if LT_HAVE_KINETO_PROFILER
    try {
        std::lock_guard<std::mutex> lock(g_profile_mutex);
        if (g_profile_active) return lt_errors::fail(err, LT_ERR_ARG, "the profiler is already running");
        // Kineto logs an ERROR line when a CUDA build of LibTorch finds no GPU, which is
        // normal here; keep its errors quiet unless the user asked for a log level.
        setenv("KINETO_LOG_LEVEL", "5", 0);
        g_activities = {pimpl::ActivityType::CPU};
        if (with_cuda) g_activities.insert(pimpl::ActivityType::CUDA);
        prof::prepareProfiler(profile_config(), g_activities);
        prof::enableProfiler(profile_config(), g_activities);
        g_profile_active = true;
        return LT_OK;
    } catch (...) {
        std::string why = exception_line();
        return lt_errors::fail(err, LT_ERR_UNSUPPORTED, "cannot start LibTorch's profiler: %s", why.c_str());
    }
#else
    (void)with_cuda;
    return lt_errors::fail(err, LT_ERR_UNSUPPORTED,
                        "the per-operator profile needs LibTorch >= 2.0 (its Kineto profiler); this ltbench is "
                        "built against LibTorch %s",
                        TORCH_VERSION);
#endif
}

lt_status lt_profile_end(const char *trace_path, lt_profile_op *ops, int max_ops, int *n_ops, int *n_groups,
                         lt_error *err) {
    if (err) err->msg[0] = '\0';
    if (n_ops) *n_ops = 0;
    if (n_groups) *n_groups = 0;
#if LT_HAVE_KINETO_PROFILER
    try {
        std::unique_ptr<prof::ProfilerResult> result;
        {
            std::lock_guard<std::mutex> lock(g_profile_mutex);
            if (!g_profile_active) return lt_errors::fail(err, LT_ERR_ARG, "the profiler is not running");
            g_profile_active = false;
            result = prof::disableProfiler();
        }
        if (!result) return lt_errors::fail(err, LT_ERR_RUN, "LibTorch's profiler returned no result");
        if (trace_path && *trace_path) {
            try {
                result->save(trace_path);
            } catch (...) {
                std::string why = exception_line();
                return lt_errors::fail(err, LT_ERR_FILE, "cannot write the trace '%s': %s", trace_path, why.c_str());
            }
            FILE *f = std::fopen(trace_path, "rb");
            if (!f) return lt_errors::fail(err, LT_ERR_FILE, "the profiler did not write the trace '%s'", trace_path);
            std::fclose(f);
        }
        auto table = op_table(result->events());
        std::vector<std::pair<std::pair<std::string, std::string>, OpTotals>> rows(table.begin(), table.end());
        std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
            return a.second.self_cpu_ns + a.second.cuda_ns > b.second.self_cpu_ns + b.second.cuda_ns;
        });
        if (n_groups) *n_groups = (int)rows.size();
        int n = 0;
        for (const auto &r : rows) {
            if (!ops || n >= max_ops) break;
            lt_profile_op *o = &ops[n++];
            std::memset(o, 0, sizeof *o);
            copy_text(o->name, sizeof o->name, r.first.first);
            copy_text(o->input_shapes, sizeof o->input_shapes, r.first.second);
            o->calls = r.second.calls;
            o->self_cpu_ms = (double)r.second.self_cpu_ns / 1e6;
            o->total_cpu_ms = (double)r.second.total_cpu_ns / 1e6;
            o->self_cuda_ms = (double)r.second.cuda_ns / 1e6;
        }
        if (n_ops) *n_ops = n;
        return LT_OK;
    } catch (...) {
        std::string why = exception_line();
        return lt_errors::fail(err, LT_ERR_RUN, "the profiler failed: %s", why.c_str());
    }
#else
    (void)trace_path;
    (void)ops;
    (void)max_ops;
    return lt_errors::fail(err, LT_ERR_UNSUPPORTED,
                        "the per-operator profile needs LibTorch >= 2.0 (its Kineto profiler); this ltbench is "
                        "built against LibTorch %s",
                        TORCH_VERSION);
#endif
}

}  // extern "C"
