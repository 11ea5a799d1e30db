// lt_shim.cpp — the LibTorch side of ltbench: implements the C API of lt_shim.h
// (open a TorchScript file onto a device, cast/optimise it, run forward or a named
// method on a caller-owned tensor with per-phase timings, read module attributes,
// report library facts).
//
// One translation unit on purpose: each file that includes torch/script.h costs
// ~30 s to compile on the 2-core build machine. AOTInductor packages (.pt2) are in
// lt_aoti.cpp, the profiler in lt_profile.cpp; a .pt2 path opens an lt_model whose
// forward runs the package.
//
// Rules kept throughout:
//  - no C++ exception crosses the C boundary: every extern "C" function catches
//    everything and turns it into an lt_status plus a one-line sentence;
//  - every forward/method call runs under c10::InferenceMode;
//  - an lt_model is immutable after lt_model_open, so many threads may run it at
//    once (TorchScript Module calls are re-entrant);
//  - CUDA code only under LT_WITH_CUDA (set by shim/CMakeLists.txt when the
//    LibTorch found has CUDA). Builds against LibTorch 1.13 (Debian) and 2.x; what
//    differs between them is in lt_torch_compat.h and nowhere else.
//
// Notes on choices made here:
//  - channels_last converts the 4-D parameters and buffers of the module in place
//    (what nn.Module.to(memory_format=...) does) and every 4-D input.
//  - optimize = torch::jit::freeze + torch::jit::optimize_for_inference after the
//    cast; other methods and scalar/string attributes are preserved so that
//    lt_model_run_method and lt_model_attr_* keep working. If either step throws,
//    the un-frozen module is kept and lt_model_optimized() says why.
//  - On CUDA, each phase boundary waits for the calling thread's current stream on
//    the model's device (all the work of this call is queued there) rather than the
//    whole device, so that concurrent callers do not wait on each other's work;
//    call lt_device_sync for a whole-device barrier. CUDA events are recorded on
//    that same stream.

#include "lt_errors.hpp"
#include "lt_shim.h"
#include "lt_aoti.hpp"
#include "lt_model_internal.hpp"
#include "lt_torch_compat.h"

#include <torch/script.h>
#include <torch/version.h>
#include <torch/cuda.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <ATen/Parallel.h>
#include <ATen/Context.h>
#include <ATen/Version.h>
#include <c10/core/InferenceMode.h>

#ifdef LT_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <ATen/cuda/CUDAGraph.h>
#include <cuda_runtime_api.h>
#endif

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <sys/stat.h>

// ---- the handle ------------------------------------------------------------------

struct lt_model {
    torch::jit::Module module;
    c10::Device device{c10::kCPU};
    std::string device_name;      // canonical: "cpu" or "cuda:N"
    std::string path;
    at::ScalarType dtype = at::kFloat;
    lt_precision precision = LT_FP32;
    bool channels_last = false;
    bool optimized = false;
    std::string optimize_note;    // why optimize was not applied ("" otherwise)
    bool cuda_graph = false;      // lt_model_run_on with a stream replays CUDA graphs
    std::unique_ptr<lt_aoti::Package> aoti;   // set: an AOTInductor package (.pt2), not
                                              // TorchScript; `module` is then empty
};

namespace {

// ---- errors ----------------------------------------------------------------------

using lt_errors::fail;
using lt_errors::from_exception;
using lt_errors::trim;

void clear_error(lt_error *err) {
    if (err) err->msg[0] = '\0';
}

// ---- small helpers ---------------------------------------------------------------

// The int value of a C enum as the caller stored it, read without loading the enum
// type (a C caller may pass a value outside the enumerators; in C++ loading such a
// value is undefined).
template <class E>
int enum_int(const E &e) {
    static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

uint64_t now_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

const char *precision_name(lt_precision p) {
    switch (p) {
    case LT_FP32: return "fp32";
    case LT_FP16: return "fp16";
    case LT_BF16: return "bf16";
    }
    return "?";
}

// Parses "cpu", "cuda" or "cuda:N" (N decimal). index is -1 for "cpu" and "cuda".
bool parse_device(const char *s, c10::DeviceType *type, int *index) {
    if (std::strcmp(s, "cpu") == 0) {
        *type = c10::DeviceType::CPU;
        *index = -1;
        return true;
    }
    if (std::strncmp(s, "cuda", 4) != 0) return false;
    *type = c10::DeviceType::CUDA;
    if (s[4] == '\0') {
        *index = -1;
        return true;
    }
    if (s[4] != ':' || s[5] < '0' || s[5] > '9') return false;
    char *end = nullptr;
    errno = 0;
    long v = std::strtol(s + 5, &end, 10);
    if (errno || *end != '\0' || v < 0 || v > 1023) return false;
    *index = (int)v;
    return true;
}

// Checks that the parsed device can be used now; resolves "cuda" to the current
// CUDA device. On failure fills err (naming the device string) and returns it.
lt_status check_device(const char *name, c10::DeviceType type, int *index, lt_error *err) {
    if (type == c10::DeviceType::CPU) return LT_OK;
#ifdef LT_WITH_CUDA
    int n = (int)torch::cuda::device_count();
    if (n == 0)
        return fail(err, LT_ERR_DEVICE, "device '%s' is not available: no CUDA device is visible",
                    name);
    if (*index < 0) *index = (int)c10::cuda::current_device();
    if (*index >= n)
        return fail(err, LT_ERR_DEVICE, "device '%s' is not available: this machine has %d CUDA device%s",
                    name, n, n == 1 ? "" : "s");
    return LT_OK;
#else
    (void)index;
    if (torch::cuda::is_available())
        return fail(err, LT_ERR_DEVICE,
                    "device '%s' is not available: the ltbench shim was built without CUDA", name);
    return fail(err, LT_ERR_DEVICE, "device '%s' is not available: this LibTorch has no CUDA", name);
#endif
}

lt_status resolve_device(const char *name, c10::Device *dev, std::string *canonical, lt_error *err) {
    c10::DeviceType type;
    int index;
    if (!parse_device(name, &type, &index))
        return fail(err, LT_ERR_DEVICE, "device '%s' is not valid: use cpu, cuda or cuda:N", name);
    lt_status s = check_device(name, type, &index, err);
    if (s != LT_OK) return s;
    if (type == c10::DeviceType::CPU) {
        *dev = c10::Device(c10::kCPU);
        *canonical = "cpu";
    } else {
        *dev = c10::Device(c10::DeviceType::CUDA, (c10::DeviceIndex)index);
        *canonical = "cuda:" + std::to_string(index);
    }
    return LT_OK;
}

// Checks the model file before LibTorch sees it, for clear messages.
lt_status check_file(const char *path, lt_error *err) {
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return fail(err, LT_ERR_FILE, "model file '%s' not found", path);
        return fail(err, LT_ERR_FILE, "model file '%s' cannot be read: %s", path, std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return fail(err, LT_ERR_FILE, "model file '%s' is a directory", path);
    FILE *f = std::fopen(path, "rb");
    if (!f)
        return fail(err, LT_ERR_FILE, "model file '%s' cannot be read: %s", path, std::strerror(errno));
    std::fclose(f);
    return LT_OK;
}

// Walks a graph block for tensor constants that are floating point with more than
// one element (weights folded into the graph by torch.jit.freeze).
bool block_has_float_constants(torch::jit::Block *b, at::ScalarType target) {
    for (torch::jit::Node *n : b->nodes()) {
        if (n->kind() == c10::prim::Constant && n->outputs().size() == 1 &&
            n->output()->type()->kind() == c10::TypeKind::TensorType) {
            c10::optional<c10::IValue> v = torch::jit::toIValue(n->output());
            if (v && v->isTensor()) {
                const at::Tensor &t = v->toTensor();
                if (t.is_floating_point() && t.numel() > 1 && t.scalar_type() != target)
                    return true;
            }
        }
        for (torch::jit::Block *sub : n->blocks())
            if (block_has_float_constants(sub, target)) return true;
    }
    return false;
}

// A module saved after torch.jit.freeze has no floating parameters or buffers and
// keeps its weights as graph constants, which Module::to(dtype) cannot reach.
bool has_frozen_weights(const torch::jit::Module &module, at::ScalarType target) {
    for (const at::Tensor &p : module.parameters(true))
        if (p.is_floating_point()) return false;
    for (const at::Tensor &b : module.buffers(true))
        if (b.is_floating_point()) return false;
    for (const torch::jit::Method &meth : module.get_methods())
        if (block_has_float_constants(meth.graph()->block(), target)) return true;
    return false;
}

void to_channels_last(torch::jit::Module &module) {
    torch::NoGradGuard no_grad;
    for (at::Tensor p : module.parameters(true))
        if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
    for (at::Tensor b : module.buffers(true))
        if (b.dim() == 4) b.set_data(b.contiguous(at::MemoryFormat::ChannelsLast));
}

// freeze + optimize_for_inference, preserving the other methods and the scalar and
// string attributes. Returns false (module untouched) with the reason in note.
bool optimize_module(torch::jit::Module &module, std::string *note) {
    try {
        std::vector<std::string> keep, other_methods;
        for (const torch::jit::Method &meth : module.get_methods()) {
            if (meth.name() == "forward") continue;
            keep.push_back(meth.name());
            other_methods.push_back(meth.name());
        }
        for (const torch::jit::NameValue &a : module.named_attributes(false)) {
            if (a.name == "training") continue;
            const c10::IValue &v = a.value;
            if (v.isInt() || v.isDouble() || v.isString() || v.isBool()) keep.push_back(a.name);
        }
        torch::jit::Module frozen = torch::jit::freeze(module, keep);
        torch::jit::Module opt = torch::jit::optimize_for_inference(frozen, other_methods);
        module = opt;
        return true;
    } catch (...) {
        lt_error e;
        from_exception(&e, LT_ERR_RUN, "freeze/optimize_for_inference failed");
        *note = e.msg;
        return false;
    }
}

std::string ivalue_type_name(const c10::IValue &v) {
    try {
        return v.type()->repr_str();
    } catch (...) {
        return v.tagKind();
    }
}

#ifdef LT_WITH_CUDA
// Phase timing on CUDA: events on the stream the call runs on; the host clock is read
// after a wait on that stream.
struct CudaPhases {
    at::cuda::CUDAEvent ev[4] = {at::cuda::CUDAEvent(cudaEventDefault),
                                 at::cuda::CUDAEvent(cudaEventDefault),
                                 at::cuda::CUDAEvent(cudaEventDefault),
                                 at::cuda::CUDAEvent(cudaEventDefault)};
};

// A forward captured in a CUDA graph for one (model, method, input shape) on one
// stream: the input is copied into static_in, the graph replayed, static_out read.
struct GraphEntry {
    const lt_model *model = nullptr;
    std::string method;
    std::vector<int64_t> shape;
    bool is_float = true;
    at::cuda::CUDAGraph graph;
    at::Tensor static_in, static_out;
};

// Captures are serialised: two threads capturing at once is legal in thread-local
// mode, but one at a time keeps the allocator's private pools simple to reason about.
std::mutex g_capture_mutex;
#endif

}  // namespace

struct lt_stream {
#ifdef LT_WITH_CUDA
    c10::Device device;
    c10::cuda::CUDAStream stream;
    CudaPhases phases;
    std::vector<std::unique_ptr<GraphEntry>> graphs;
    lt_stream(c10::Device d, c10::cuda::CUDAStream s) : device(d), stream(s) {}
#endif
};

namespace {

// The module output as one tensor: a Tensor, or the first element of a tuple.
lt_status output_tensor(const lt_model *m, const char *method, const c10::IValue &r, at::Tensor *y,
                        lt_error *err) {
    if (r.isTensor()) {
        *y = r.toTensor();
    } else if (r.isTuple() && !r.toTuple()->elements().empty() && r.toTuple()->elements()[0].isTensor()) {
        *y = r.toTuple()->elements()[0].toTensor();
    } else {
        std::string tn = ivalue_type_name(r);
        return fail(err, LT_ERR_SHAPE, "%s of '%s' returned %s, expected a Tensor", method, m->path.c_str(),
                    tn.c_str());
    }
    if (y->dim() > LT_MAX_DIMS)
        return fail(err, LT_ERR_SHAPE, "%s of '%s' returned a %d-D tensor; at most %d dimensions are supported",
                    method, m->path.c_str(), (int)y->dim(), LT_MAX_DIMS);
    return LT_OK;
}

// Copies a host tensor into the caller's buffer (growing it as needed).
lt_status copy_out(const lt_model *m, const char *method, const at::Tensor &host_out, lt_tensor_buf *out,
                   lt_error *err) {
    size_t n = (size_t)host_out.numel();
    if (n > out->capacity || (n > 0 && !out->data)) {
        float *p = (float *)std::realloc(out->data, n * sizeof(float));
        if (!p)
            return fail(err, LT_ERR_OOM, "%s of '%s': cannot allocate %zu floats for the output", method,
                        m->path.c_str(), n);
        out->data = p;
        out->capacity = n;
    }
    if (n) std::memcpy(out->data, host_out.data_ptr<float>(), n * sizeof(float));
    out->ndim = (int)host_out.dim();
    for (int i = 0; i < LT_MAX_DIMS; i++) out->shape[i] = i < out->ndim ? host_out.size(i) : 0;
    out->numel = n;
    return LT_OK;
}

// Checks one input view; "input" or "input 2" (1-based) in messages.
lt_status check_input(const lt_model *m, const char *method, const lt_tensor_view *in, int index,
                      int n_in, lt_error *err) {
    char which[32];
    if (n_in > 1) std::snprintf(which, sizeof which, "input %d", index + 1);
    else std::snprintf(which, sizeof which, "input");
    if (!in) return fail(err, LT_ERR_ARG, "%s of '%s': %s is NULL", method, m->path.c_str(), which);
    if (in->ndim < 0 || in->ndim > LT_MAX_DIMS)
        return fail(err, LT_ERR_ARG, "%s of '%s': %s has %d dimensions (0..%d allowed)", method,
                    m->path.c_str(), which, in->ndim, LT_MAX_DIMS);
    const int in_dtype = enum_int(in->dtype);
    if (in_dtype != LT_FLOAT32 && in_dtype != LT_INT64)
        return fail(err, LT_ERR_ARG, "%s of '%s': %s dtype %d is not float32 or int64", method,
                    m->path.c_str(), which, in_dtype);
    int64_t numel = 1;
    for (int i = 0; i < in->ndim; i++) {
        if (in->shape[i] < 0)
            return fail(err, LT_ERR_ARG, "%s of '%s': %s dimension %d is negative (%lld)", method,
                        m->path.c_str(), which, i, (long long)in->shape[i]);
        if (in->shape[i] > 0 && numel > INT64_MAX / 8 / in->shape[i])
            return fail(err, LT_ERR_ARG, "%s of '%s': %s is too large", method, m->path.c_str(), which);
        numel *= in->shape[i];
    }
    if (numel > 0 && !in->data)
        return fail(err, LT_ERR_ARG, "%s of '%s': %s data is NULL", method, m->path.c_str(), which);
    return LT_OK;
}

#ifdef LT_WITH_CUDA
// Ends a capture that threw half-way, so the stream and the allocator leave capture
// mode; errors here are expected (an invalidated capture) and dropped.
void abandon_capture(GraphEntry *g) {
    try {
        g->graph.capture_end();
    } catch (...) {
    }
    (void)cudaGetLastError();
}

// The graph entry of (m, method, shape) on s, captured now when there is none. The
// caller holds a stream guard on s and InferenceMode.
GraphEntry *graph_for(lt_model *m, lt_stream *s, const char *method, torch::jit::Method &meth,
                      const at::Tensor &x_dev, lt_status *st, lt_error *err) {
    std::vector<int64_t> shape(x_dev.sizes().begin(), x_dev.sizes().end());
    bool is_float = x_dev.is_floating_point();
    for (auto &g : s->graphs)
        if (g->model == m && g->method == method && g->shape == shape && g->is_float == is_float)
            return g.get();
    std::unique_ptr<GraphEntry> g(new GraphEntry());
    g->model = m;
    g->method = method;
    g->shape = shape;
    g->is_float = is_float;
    g->static_in = x_dev.clone(m->channels_last && x_dev.dim() == 4 ? at::MemoryFormat::ChannelsLast
                                                                    : at::MemoryFormat::Contiguous);
    // Eager runs first: the TorchScript profiling executor and cuDNN settle their
    // plans, and lazily created handles exist before the capture.
    for (int i = 0; i < 3; i++) {
        std::vector<c10::IValue> args;
        args.emplace_back(g->static_in);
        meth(std::move(args));
    }
    s->stream.synchronize();
    std::lock_guard<std::mutex> lock(g_capture_mutex);
    bool capturing = false;
    try {
        lt_compat::capture_begin(g->graph);
        capturing = true;
        std::vector<c10::IValue> args;
        args.emplace_back(g->static_in);
        c10::IValue r = meth(std::move(args));
        at::Tensor y;
        lt_status os = output_tensor(m, method, r, &y, err);
        if (os != LT_OK) {
            abandon_capture(g.get());
            *st = os;
            return nullptr;
        }
        g->static_out = y;
        g->graph.capture_end();
        capturing = false;
    } catch (...) {
        if (capturing) abandon_capture(g.get());
        *st = from_exception(err, LT_ERR_UNSUPPORTED,
                             std::string("cannot capture ") + method + " of '" + m->path + "' in a CUDA graph");
        return nullptr;
    }
    s->graphs.push_back(std::move(g));
    return s->graphs.back().get();
}
#endif

// The shared body of the run functions. method is the name to call ("forward" for
// lt_model_run); s the stream (NULL = the thread's current one); ins the n_in inputs.
lt_status run_impl(lt_model *m, lt_stream *s, const char *method, const lt_tensor_view *ins, int n_in,
                   lt_tensor_buf *out, lt_run_stats *stats, lt_error *err) {
    if (stats) {
        stats->h2d_ns = stats->forward_ns = stats->d2h_ns = 0;
        stats->gpu_h2d_ms = stats->gpu_forward_ms = stats->gpu_d2h_ms = -1.0;
        stats->forward_enqueue_ns = 0;
    }
    if (!m) return fail(err, LT_ERR_ARG, "%s: model is NULL", method);
    if (!ins || n_in < 1 || n_in > LT_MAX_INPUTS)
        return fail(err, LT_ERR_ARG, "%s of '%s': %d inputs (1..%d allowed)", method,
                    m->path.c_str(), ins ? n_in : 0, LT_MAX_INPUTS);
    if (!out) return fail(err, LT_ERR_ARG, "%s of '%s': output buffer is NULL", method, m->path.c_str());
    for (int k = 0; k < n_in; k++) {
        lt_status st = check_input(m, method, &ins[k], k, n_in, err);
        if (st != LT_OK) return st;
    }

    c10::optional<torch::jit::Method> meth;
    if (m->aoti) {
        if (std::strcmp(method, "forward") != 0)
            return fail(err, LT_ERR_NOT_FOUND, "'%s' is an AOTInductor package: it runs forward only, it has no method '%s'",
                        m->path.c_str(), method);
    } else {
        meth = m->module.find_method(method);
        if (!meth)
            return fail(err, LT_ERR_NOT_FOUND, "'%s' has no method '%s'", m->path.c_str(), method);
    }

    const bool cuda = m->device.is_cuda();
    uint64_t t0, t1, t2, t3, t_enqueued = 0;
    at::Tensor host_out;
    {
        lt_compat::InferenceGuard guard;
#ifdef LT_WITH_CUDA
        c10::cuda::OptionalCUDAGuard device_guard;
        c10::cuda::OptionalCUDAStreamGuard stream_guard;
        c10::optional<c10::cuda::CUDAStream> stream;
        std::unique_ptr<CudaPhases> own_ph;
        CudaPhases *ph = nullptr;
        if (cuda) {
            device_guard.set_device(m->device);
            if (s) {
                if (s->device != m->device)
                    return fail(err, LT_ERR_ARG, "%s of '%s': the stream is on %s, the model on %s", method,
                                m->path.c_str(), s->device.str().c_str(), m->device_name.c_str());
                stream_guard.reset_stream(s->stream);
                stream = s->stream;
                if (stats) ph = &s->phases;
            } else {
                stream = c10::cuda::getCurrentCUDAStream(m->device.index());
                if (stats) {
                    own_ph.reset(new CudaPhases());
                    ph = own_ph.get();
                }
            }
        }
        const bool use_graph = cuda && s && m->cuda_graph;
#define LT_MARK(i, t)                                     \
        do {                                              \
            if (cuda) {                                   \
                if (ph) ph->ev[i].record(*stream);        \
                stream->synchronize();                    \
            }                                             \
            t = now_ns();                                 \
        } while (0)
#else
        (void)s;
        const bool use_graph = false;
#define LT_MARK(i, t) do { (void)(i); t = now_ns(); } while (0)
#endif
        // Host views of the inputs and the dtype each runs in.
        std::vector<at::Tensor> xs;
        std::vector<at::ScalarType> wants;
        for (int k = 0; k < n_in; k++) {
            const lt_tensor_view *in = &ins[k];
            const bool is_float = enum_int(in->dtype) == LT_FLOAT32;
            std::vector<int64_t> sizes(in->shape, in->shape + in->ndim);
            xs.push_back(torch::from_blob(const_cast<void *>(in->data), sizes,
                                          torch::TensorOptions().dtype(is_float ? at::kFloat : at::kLong)));
            wants.push_back(is_float ? m->dtype : at::kLong);
        }

        at::Tensor y;
#ifdef LT_WITH_CUDA
        GraphEntry *g = nullptr;
        if (use_graph) {
            if (n_in != 1)
                return fail(err, LT_ERR_UNSUPPORTED, "%s of '%s': CUDA graphs replay one-input methods, not %d inputs",
                            method, m->path.c_str(), n_in);
            at::Tensor x_dev = xs[0].to(m->device, wants[0]);
            lt_status gs = LT_OK;
            g = graph_for(m, s, method, *meth, x_dev, &gs, err);
            if (!g) return gs;
        }
#endif
        LT_MARK(0, t0);
        if (use_graph) {
#ifdef LT_WITH_CUDA
            g->static_in.copy_(xs[0]);
            LT_MARK(1, t1);
            g->graph.replay();
            t_enqueued = now_ns();
            LT_MARK(2, t2);
            y = g->static_out;
#endif
        } else {
            std::vector<c10::IValue> args;
            for (int k = 0; k < n_in; k++) {
                at::Tensor x = xs[k];
                if (cuda || x.scalar_type() != wants[k]) x = x.to(m->device, wants[k]);
                if (m->channels_last && x.dim() == 4) x = x.contiguous(at::MemoryFormat::ChannelsLast);
                args.emplace_back(x);
            }
            LT_MARK(1, t1);

            if (m->aoti) {
                std::vector<at::Tensor> tensors;
                for (const c10::IValue &a : args) tensors.push_back(a.toTensor());
                void *stream_handle = nullptr;
#ifdef LT_WITH_CUDA
                if (cuda) stream_handle = (void *)stream->stream();
#endif
                std::vector<at::Tensor> outs = m->aoti->run(tensors, stream_handle);
                t_enqueued = now_ns();
                LT_MARK(2, t2);
                if (outs.empty())
                    return fail(err, LT_ERR_SHAPE, "%s of '%s' returned no tensors", method, m->path.c_str());
                y = outs[0];
                if (y.dim() > LT_MAX_DIMS)
                    return fail(err, LT_ERR_SHAPE, "%s of '%s' returned a %d-D tensor; at most %d dimensions are supported",
                                method, m->path.c_str(), (int)y.dim(), LT_MAX_DIMS);
            } else {
                c10::IValue r = (*meth)(std::move(args));
                t_enqueued = now_ns();
                LT_MARK(2, t2);
                lt_status os = output_tensor(m, method, r, &y, err);
                if (os != LT_OK) return os;
            }
        }
        host_out = y.to(at::kCPU, at::kFloat).contiguous();
        lt_status co = copy_out(m, method, host_out, out, err);
        if (co != LT_OK) return co;
        LT_MARK(3, t3);
#undef LT_MARK

        if (stats) {
            stats->h2d_ns = t1 - t0;
            stats->forward_ns = t2 - t1;
            stats->d2h_ns = t3 - t2;
            if (cuda && t_enqueued >= t1) stats->forward_enqueue_ns = t_enqueued - t1;
#ifdef LT_WITH_CUDA
            if (ph) {
                stats->gpu_h2d_ms = ph->ev[0].elapsed_time(ph->ev[1]);
                stats->gpu_forward_ms = ph->ev[1].elapsed_time(ph->ev[2]);
                stats->gpu_d2h_ms = ph->ev[2].elapsed_time(ph->ev[3]);
            }
#endif
        }
    }
    return LT_OK;
}

// Frees what the CUDA caching allocator holds after an out-of-memory failure, so the
// next (smaller) level of a sweep starts from a clean pool.
void release_cached_memory_on(const c10::Device &dev) {
#ifdef LT_WITH_CUDA
    try {
        if (dev.is_cuda()) c10::cuda::CUDACachingAllocator::emptyCache();
    } catch (...) {
    }
#else
    (void)dev;
#endif
}

void release_cached_memory(const lt_model *m) {
    if (m) release_cached_memory_on(m->device);
}

// Waits for all work on a device (nothing on the CPU).
void sync_device(const c10::Device &dev) {
#ifdef LT_WITH_CUDA
    if (dev.is_cuda()) torch::cuda::synchronize(dev.index());
#else
    (void)dev;
#endif
}

lt_status run_entry(lt_model *m, lt_stream *s, const char *method, const lt_tensor_view *ins, int n_in,
                    lt_tensor_buf *out, lt_run_stats *stats, lt_error *err) {
    clear_error(err);
    try {
        return run_impl(m, s, method, ins, n_in, out, stats, err);
    } catch (...) {
        std::string ctx;
        try {
            ctx = std::string(method) + " of '" + (m ? m->path : std::string("?")) + "' failed";
            if (m && m->precision != LT_FP32)
                ctx += std::string(" (") + precision_name(m->precision) + " on " + m->device_name + ")";
        } catch (...) {
        }
        lt_status st = from_exception(err, LT_ERR_RUN, ctx, true);
        if (st == LT_ERR_OOM) release_cached_memory(m);
        return st;
    }
}

lt_status get_attr(const lt_model *m, const char *name, c10::IValue *v, lt_error *err) {
    if (!m) return fail(err, LT_ERR_ARG, "attribute '%s': model is NULL", name ? name : "(null)");
    if (!name || !*name) return fail(err, LT_ERR_ARG, "'%s': no attribute name given", m->path.c_str());
    if (m->aoti)
        return fail(err, LT_ERR_NOT_FOUND, "'%s' is an AOTInductor package: it has no attribute '%s'",
                    m->path.c_str(), name);
    if (!m->module.hasattr(name))
        return fail(err, LT_ERR_NOT_FOUND, "'%s' has no attribute '%s'", m->path.c_str(), name);
    *v = m->module.attr(name);
    return LT_OK;
}

lt_status attr_wrong_type(const lt_model *m, const char *name, const c10::IValue &v,
                          const char *wanted, lt_error *err) {
    std::string tn = ivalue_type_name(v);
    return fail(err, LT_ERR_ARG, "attribute '%s' of '%s' is %s, not %s", name, m->path.c_str(),
                tn.c_str(), wanted);
}

std::mutex g_threads_mutex;
int g_interop_set = 0;   // the inter-op count this process set, 0 = none yet

void copy_str(char *dst, size_t len, const std::string &s) {
    if (!dst || len == 0) return;
    std::snprintf(dst, len, "%s", s.c_str());
}

// The value after "KEY=" in LibTorch's build settings line ("BLAS_INFO=mkl, ..."), "".
std::string config_setting(const std::string &config, const char *key) {
    std::string k = std::string(key) + "=";
    size_t at = config.find(k);
    if (at == std::string::npos) return "";
    at += k.size();
    size_t end = config.find_first_of(",\n", at);
    return trim(config.substr(at, end == std::string::npos ? std::string::npos : end - at));
}

// The first word after `marker` in config up to the next space or bracket, "".
std::string config_word_after(const std::string &config, const char *marker) {
    size_t at = config.find(marker);
    if (at == std::string::npos) return "";
    at += std::strlen(marker);
    size_t end = config.find_first_of(" \n(-", at);
    return trim(config.substr(at, end == std::string::npos ? std::string::npos : end - at));
}

// "BLAS mkl, LAPACK mkl, MKL 2024.2, oneDNN 3.12.0, OpenMP, AVX2" from at::show_config().
std::string cpu_math_summary(const std::string &config) {
    std::string out;
    auto add = [&out](const std::string &part) {
        if (part.empty()) return;
        if (!out.empty()) out += ", ";
        out += part;
    };
    std::string blas = config_setting(config, "BLAS_INFO");
    std::string lapack = config_setting(config, "LAPACK_INFO");
    add(blas.empty() ? "" : "BLAS " + blas + (blas == "generic" ? " (reference)" : ""));
    add(lapack.empty() ? "" : "LAPACK " + lapack);
    std::string mkl = config_word_after(config, "Math Kernel Library Version ");
    add(mkl.empty() ? "" : "MKL " + mkl);
    std::string dnn = config_word_after(config, "MKL-DNN v");
    add(dnn.empty() ? "" : "oneDNN " + dnn);
    if (config.find("OpenMP ") != std::string::npos) add("OpenMP");
    add(config_word_after(config, "CPU capability usage: "));
    return out;
}

// Opens an AOTInductor package (.pt2) into m (device resolved, file checked). The
// package was compiled for one dtype and memory format: options that would change
// them are refused; --optimize has nothing to do (the package is compiled) and says so.
// load false: only those checks; the caller loads the package's models it names.
lt_status open_aoti(lt_model *m, const lt_open_options &o, bool load, lt_error *err) {
    const char *path = m->path.c_str();
    if (!lt_aoti::available())
        return fail(err, LT_ERR_UNSUPPORTED, "'%s': %s", path, lt_aoti::unavailable_reason().c_str());
    if (m->precision != LT_FP32)
        return fail(err, LT_ERR_UNSUPPORTED,
                    "'%s' is an AOTInductor package: it runs in the dtype it was compiled for, so --precision %s "
                    "cannot apply (export the package in %s instead)",
                    path, precision_name(m->precision), precision_name(m->precision));
    if (m->channels_last)
        return fail(err, LT_ERR_UNSUPPORTED,
                    "'%s' is an AOTInductor package: its memory format is fixed when it is compiled, so "
                    "--channels-last cannot apply",
                    path);
    if (m->cuda_graph)
        return fail(err, LT_ERR_UNSUPPORTED,
                    "'%s' is an AOTInductor package: --cuda-graph replays TorchScript forwards only", path);
    if (!load) return LT_OK;
    try {
        m->aoti = lt_aoti::load(m->path, m->device, LT_AOTI_RUNNERS);
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, "'" + m->path + "' cannot be loaded as an AOTInductor package");
    }
    if (o.optimize) m->optimize_note = "an AOTInductor package is already compiled: --optimize does not apply";
    return LT_OK;
}

}  // namespace

// ---- the C API -------------------------------------------------------------------

extern "C" {

void lt_get_info(lt_info *out) {
    if (!out) return;
    std::memset(out, 0, sizeof *out);
    try {
        copy_str(out->torch_version, sizeof out->torch_version, TORCH_VERSION);
#ifdef LT_WITH_CUDA
        out->cuda_compiled = 1;
#endif
        out->cuda_available = torch::cuda::is_available() ? 1 : 0;
        out->cuda_device_count = (int)torch::cuda::device_count();
        out->intra_threads = at::get_num_threads();
        out->inter_threads = at::get_num_interop_threads();
        out->aoti_available = LT_HAVE_AOTI;
        try {
            copy_str(out->cpu_math, sizeof out->cpu_math, cpu_math_summary(at::show_config()));
            std::string par = at::get_parallel_info();
            copy_str(out->parallel_backend, sizeof out->parallel_backend,
                     trim(config_word_after(par, "ATen parallel backend: ")));
        } catch (...) {
        }
#ifdef LT_WITH_CUDA
        try {
            long v = at::detail::getCUDAHooks().versionCUDART();
            std::snprintf(out->cuda_version, sizeof out->cuda_version, "%ld.%ld", v / 1000,
                          (v % 1000) / 10);
        } catch (...) {
        }
        try {
            if (at::detail::getCUDAHooks().hasCuDNN()) {
                long v = at::detail::getCUDAHooks().versionCuDNN();
                if (v >= 90000)  // cuDNN 9+: major*10000 + minor*100 + patch
                    std::snprintf(out->cudnn_version, sizeof out->cudnn_version, "%ld.%ld.%ld",
                                  v / 10000, (v % 10000) / 100, v % 100);
                else             // cuDNN <= 8: major*1000 + minor*100 + patch
                    std::snprintf(out->cudnn_version, sizeof out->cudnn_version, "%ld.%ld.%ld",
                                  v / 1000, (v % 1000) / 100, v % 100);
            }
        } catch (...) {
        }
#endif
    } catch (...) {
        if (!out->torch_version[0]) copy_str(out->torch_version, sizeof out->torch_version, TORCH_VERSION);
    }
}

lt_status lt_device_name(int idx, char *buf, size_t len, lt_error *err) {
    clear_error(err);
    try {
        if (!buf || len == 0) return fail(err, LT_ERR_ARG, "lt_device_name: no buffer given");
        buf[0] = '\0';
#ifdef LT_WITH_CUDA
        int n = (int)torch::cuda::device_count();
        if (idx < 0 || idx >= n)
            return fail(err, LT_ERR_DEVICE, "no CUDA device %d: this machine has %d CUDA device%s", idx, n,
                        n == 1 ? "" : "s");
        const cudaDeviceProp *prop = at::cuda::getDeviceProperties(idx);
        std::snprintf(buf, len, "%s", prop->name);
        return LT_OK;
#else
        return fail(err, LT_ERR_DEVICE, "no CUDA device %d: this LibTorch has no CUDA", idx);
#endif
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, "cannot read the name of CUDA device " + std::to_string(idx));
    }
}

lt_status lt_set_threads(int intra_op, int inter_op, lt_error *err) {
    clear_error(err);
    try {
        if (intra_op < 0 || inter_op < 0)
            return fail(err, LT_ERR_ARG, "thread counts must be >= 0 (got intra-op %d, inter-op %d)",
                        intra_op, inter_op);
        std::lock_guard<std::mutex> lock(g_threads_mutex);
        if (inter_op > 0 && inter_op != g_interop_set) {
            if (g_interop_set != 0)
                return fail(err, LT_ERR_ARG,
                            "inter-op threads were already set to %d; LibTorch allows setting them once "
                            "per process, so %d cannot be applied",
                            g_interop_set, inter_op);
            try {
                at::set_num_interop_threads(inter_op);
                g_interop_set = inter_op;
            } catch (...) {
                int have = at::get_num_interop_threads();
                if (have != inter_op)
                    return fail(err, LT_ERR_ARG,
                                "cannot set inter-op threads to %d: LibTorch already started its inter-op "
                                "pool with %d (set it once, before any model runs)",
                                inter_op, have);
                g_interop_set = inter_op;
            }
        }
        if (intra_op > 0) at::set_num_threads(intra_op);
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, "cannot set thread counts");
    }
}

lt_status lt_set_worker_threads(int n, lt_error *err) {
    clear_error(err);
    try {
        if (n < 1) return fail(err, LT_ERR_ARG, "intra-op threads must be >= 1 (got %d)", n);
        at::set_num_threads(n);   // this thread's OpenMP count (omp_set_num_threads is per thread)
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, "cannot set this thread's intra-op threads");
    }
}

// lt_model_open; load_package false: a .pt2 is checked but none of its models loaded.
static lt_status open_model(const char *path, const lt_open_options *opt, bool load_package,
                            lt_model **out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "lt_model_open: out is NULL");
        *out = nullptr;
        if (!path || !*path) return fail(err, LT_ERR_ARG, "lt_model_open: no model path given");
        lt_open_options o = {nullptr, LT_FP32, 0, 0, 0};
        if (opt) o = *opt;
        const int prec = enum_int(o.precision);
        if (prec != LT_FP32 && prec != LT_FP16 && prec != LT_BF16)
            return fail(err, LT_ERR_ARG, "'%s': precision %d is not fp32, fp16 or bf16", path, prec);
        const char *devname = o.device ? o.device : "cpu";

        std::unique_ptr<lt_model> m(new lt_model());
        m->path = path;
        m->precision = o.precision;
        m->dtype = o.precision == LT_FP16 ? at::kHalf : o.precision == LT_BF16 ? at::kBFloat16 : at::kFloat;
        m->channels_last = o.channels_last != 0;
        lt_status s = resolve_device(devname, &m->device, &m->device_name, err);
        if (s != LT_OK) return s;
        if (o.cuda_graph && !m->device.is_cuda())
            return fail(err, LT_ERR_UNSUPPORTED, "'%s': CUDA graphs need a CUDA device, not %s", path,
                        m->device_name.c_str());
        m->cuda_graph = o.cuda_graph != 0;
        s = check_file(path, err);
        if (s != LT_OK) return s;

        if (lt_aoti::is_package_path(m->path)) {
            s = open_aoti(m.get(), o, load_package, err);
            if (s != LT_OK) return s;
            *out = m.release();
            return LT_OK;
        }

        try {
            m->module = torch::jit::load(m->path, m->device);
        } catch (...) {
            return from_exception(err, LT_ERR_FILE, "'" + m->path + "' is not a TorchScript file");
        }

        try {
            m->module.eval();
            if (m->dtype != at::kFloat) {
                if (has_frozen_weights(m->module, m->dtype))
                    return fail(err, LT_ERR_UNSUPPORTED,
                                "'%s' holds frozen weights (saved after torch.jit.freeze) that cannot be "
                                "cast to %s: export it unfrozen, or already in %s",
                                path, precision_name(m->precision), precision_name(m->precision));
                try {
                    m->module.to(m->dtype);
                } catch (...) {
                    return from_exception(err, LT_ERR_UNSUPPORTED,
                                          "'" + m->path + "' cannot be cast to " + precision_name(m->precision));
                }
            }
            if (m->channels_last) to_channels_last(m->module);
            if (o.optimize) m->optimized = optimize_module(m->module, &m->optimize_note);
        } catch (...) {
            return from_exception(err, LT_ERR_RUN, "cannot prepare '" + m->path + "' on " + m->device_name);
        }
        *out = m.release();
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, std::string("cannot open '") + (path ? path : "(null)") + "'");
    }
}

lt_status lt_model_open(const char *path, const lt_open_options *opt, lt_model **out, lt_error *err) {
    return open_model(path, opt, true, out, err);
}

void lt_model_close(lt_model *m) {
    try {
        delete m;
    } catch (...) {
    }
}

const char *lt_model_device(const lt_model *m) {
    return m ? m->device_name.c_str() : "";
}

int lt_model_optimized(const lt_model *m, const char **why) {
    if (why) *why = m ? m->optimize_note.c_str() : "";
    return m && m->optimized ? 1 : 0;
}

lt_status lt_model_run(lt_model *m, const lt_tensor_view *in, lt_tensor_buf *out, lt_run_stats *stats,
                       lt_error *err) {
    return run_entry(m, nullptr, "forward", in, 1, out, stats, err);
}

lt_status lt_model_run_method(lt_model *m, const char *method, const lt_tensor_view *in, lt_tensor_buf *out,
                              lt_run_stats *stats, lt_error *err) {
    if (!method || !*method) {
        clear_error(err);
        return fail(err, LT_ERR_ARG, "lt_model_run_method: no method name given");
    }
    return run_entry(m, nullptr, method, in, 1, out, stats, err);
}

lt_status lt_model_run_method_n(lt_model *m, const char *method, const lt_tensor_view *ins, int n_in,
                                lt_tensor_buf *out, lt_run_stats *stats, lt_error *err) {
    if (!method || !*method) {
        clear_error(err);
        return fail(err, LT_ERR_ARG, "lt_model_run_method_n: no method name given");
    }
    return run_entry(m, nullptr, method, ins, n_in, out, stats, err);
}

lt_status lt_model_run_on(lt_model *m, lt_stream *s, const char *method, const lt_tensor_view *in,
                          lt_tensor_buf *out, lt_run_stats *stats, lt_error *err) {
    if (method && !*method) {
        clear_error(err);
        return fail(err, LT_ERR_ARG, "lt_model_run_on: empty method name");
    }
    return run_entry(m, s, method ? method : "forward", in, 1, out, stats, err);
}

int lt_model_has_method(const lt_model *m, const char *method) {
    try {
        if (m && m->aoti) return method && std::strcmp(method, "forward") == 0 ? 1 : 0;
        return m && method && m->module.find_method(method).has_value() ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

lt_status lt_model_attr_int(const lt_model *m, const char *name, int64_t *out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "attribute '%s': out is NULL", name ? name : "(null)");
        c10::IValue v;
        lt_status s = get_attr(m, name, &v, err);
        if (s != LT_OK) return s;
        if (!v.isInt()) return attr_wrong_type(m, name, v, "int", err);
        *out = v.toInt();
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, std::string("cannot read attribute '") + (name ? name : "") + "'");
    }
}

lt_status lt_model_attr_float(const lt_model *m, const char *name, double *out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "attribute '%s': out is NULL", name ? name : "(null)");
        c10::IValue v;
        lt_status s = get_attr(m, name, &v, err);
        if (s != LT_OK) return s;
        if (v.isDouble())
            *out = v.toDouble();
        else if (v.isInt())
            *out = (double)v.toInt();
        else
            return attr_wrong_type(m, name, v, "float", err);
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, std::string("cannot read attribute '") + (name ? name : "") + "'");
    }
}

lt_status lt_model_attr_string(const lt_model *m, const char *name, char *buf, size_t len, lt_error *err) {
    clear_error(err);
    try {
        if (!buf || len == 0)
            return fail(err, LT_ERR_ARG, "attribute '%s': no buffer given", name ? name : "(null)");
        buf[0] = '\0';
        c10::IValue v;
        lt_status s = get_attr(m, name, &v, err);
        if (s != LT_OK) return s;
        if (!v.isString()) return attr_wrong_type(m, name, v, "str", err);
        const std::string &str = v.toStringRef();
        copy_str(buf, len, str);
        if (str.size() + 1 > len)
            return fail(err, LT_ERR_ARG, "attribute '%s' of '%s' is %zu bytes long; the buffer holds %zu",
                        name, m->path.c_str(), str.size(), len - 1);
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, std::string("cannot read attribute '") + (name ? name : "") + "'");
    }
}

lt_status lt_device_sync(const char *device, lt_error *err) {
    clear_error(err);
    try {
        const char *name = device ? device : "cpu";
        c10::DeviceType type;
        int index;
        if (!parse_device(name, &type, &index))
            return fail(err, LT_ERR_DEVICE, "device '%s' is not valid: use cpu, cuda or cuda:N", name);
        if (type == c10::DeviceType::CPU) return LT_OK;
        lt_status s = check_device(name, type, &index, err);
        if (s != LT_OK) return s;
#ifdef LT_WITH_CUDA
        torch::cuda::synchronize(index);
#endif
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE,
                              std::string("cannot synchronise device '") + (device ? device : "cpu") + "'");
    }
}

lt_status lt_stream_create(const char *device, lt_stream **out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "lt_stream_create: out is NULL");
        *out = nullptr;
        const char *name = device ? device : "cpu";
        c10::Device dev(c10::kCPU);
        std::string canonical;
        lt_status s = resolve_device(name, &dev, &canonical, err);
        if (s != LT_OK) return s;
        if (!dev.is_cuda())
            return fail(err, LT_ERR_UNSUPPORTED, "streams need a CUDA device, not '%s'", name);
#ifdef LT_WITH_CUDA
        c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool(false, dev.index());
        *out = new lt_stream(dev, stream);
        return LT_OK;
#else
        return fail(err, LT_ERR_UNSUPPORTED, "streams need CUDA: this shim was built without it");
#endif
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, std::string("cannot create a stream on '") +
                                                      (device ? device : "cpu") + "'");
    }
}

lt_status lt_stream_sync(lt_stream *s, lt_error *err) {
    clear_error(err);
    if (!s) return fail(err, LT_ERR_ARG, "lt_stream_sync: stream is NULL");
    try {
#ifdef LT_WITH_CUDA
        s->stream.synchronize();
#endif
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, "cannot synchronise a stream");
    }
}

void lt_stream_destroy(lt_stream *s) {
    try {
        delete s;
    } catch (...) {
    }
}

lt_status lt_set_cudnn_benchmark(int on, lt_error *err) {
    clear_error(err);
    try {
        at::globalContext().setBenchmarkCuDNN(on != 0);
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_ARG, "cannot set cuDNN benchmark mode");
    }
}

lt_status lt_cuda_device_info(int idx, lt_cuda_device *out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "lt_cuda_device_info: out is NULL");
        std::memset(out, 0, sizeof *out);
#ifdef LT_WITH_CUDA
        int n = (int)torch::cuda::device_count();
        if (idx < 0 || idx >= n)
            return fail(err, LT_ERR_DEVICE, "no CUDA device %d: this machine has %d CUDA device%s", idx, n,
                        n == 1 ? "" : "s");
        const cudaDeviceProp *prop = at::cuda::getDeviceProperties(idx);
        std::snprintf(out->name, sizeof out->name, "%s", prop->name);
        out->cc_major = prop->major;
        out->cc_minor = prop->minor;
        out->multiprocessors = prop->multiProcessorCount;
        out->total_memory_bytes = (int64_t)prop->totalGlobalMem;
        const unsigned char *u = reinterpret_cast<const unsigned char *>(prop->uuid.bytes);
        std::snprintf(out->uuid, sizeof out->uuid,
                      "GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
                      u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
        if (cudaDeviceGetPCIBusId(out->pci_bus_id, (int)sizeof out->pci_bus_id, idx) != cudaSuccess) {
            out->pci_bus_id[0] = '\0';
            (void)cudaGetLastError();
        }
        int v = 0;
        if (cudaDriverGetVersion(&v) == cudaSuccess) out->driver_version = v;
        else (void)cudaGetLastError();
        return LT_OK;
#else
        return fail(err, LT_ERR_DEVICE, "no CUDA device %d: this LibTorch has no CUDA", idx);
#endif
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, "cannot read the facts of CUDA device " + std::to_string(idx));
    }
}

lt_status lt_memory_stats_read(const char *device, lt_memory_stats *out, lt_error *err) {
    clear_error(err);
    try {
        if (!out) return fail(err, LT_ERR_ARG, "lt_memory_stats_read: out is NULL");
        std::memset(out, 0, sizeof *out);
        const char *name = device ? device : "cpu";
        c10::Device dev(c10::kCPU);
        std::string canonical;
        lt_status s = resolve_device(name, &dev, &canonical, err);
        if (s != LT_OK) return s;
        if (!dev.is_cuda())
            return fail(err, LT_ERR_UNSUPPORTED, "'%s' has no caching allocator to read", name);
#ifdef LT_WITH_CUDA
        auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(dev.index());
        out->allocated_bytes = stats.allocated_bytes[0].current;        // [0]: all pools
        out->allocated_peak_bytes = stats.allocated_bytes[0].peak;
        out->reserved_bytes = stats.reserved_bytes[0].current;
        out->reserved_peak_bytes = stats.reserved_bytes[0].peak;
        c10::cuda::CUDAGuard guard(dev.index());
        size_t free_bytes = 0, total_bytes = 0;
        C10_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
        out->device_free_bytes = (int64_t)free_bytes;
        out->device_total_bytes = (int64_t)total_bytes;
#endif
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, std::string("cannot read the memory of '") +
                                                      (device ? device : "cpu") + "'");
    }
}

lt_status lt_memory_reset_peak(const char *device, lt_error *err) {
    clear_error(err);
    try {
        const char *name = device ? device : "cpu";
        c10::Device dev(c10::kCPU);
        std::string canonical;
        lt_status s = resolve_device(name, &dev, &canonical, err);
        if (s != LT_OK) return s;
        if (!dev.is_cuda())
            return fail(err, LT_ERR_UNSUPPORTED, "'%s' has no caching allocator to reset", name);
#ifdef LT_WITH_CUDA
        c10::cuda::CUDACachingAllocator::resetPeakStats(dev.index());
#endif
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_DEVICE, std::string("cannot reset the memory peaks of '") +
                                                      (device ? device : "cpu") + "'");
    }
}

lt_status lt_bench_matmul(const char *device, int n, lt_precision p, int iters, double *tflops, lt_error *err) {
    clear_error(err);
    try {
        if (!tflops) return fail(err, LT_ERR_ARG, "lt_bench_matmul: tflops is NULL");
        *tflops = 0;
        if (n < 1 || n > 65536 || iters < 1)
            return fail(err, LT_ERR_ARG, "matmul: n must be 1..65536 and iters >= 1 (got %d, %d)", n, iters);
        const int prec = enum_int(p);
        if (prec != LT_FP32 && prec != LT_FP16 && prec != LT_BF16)
            return fail(err, LT_ERR_ARG, "matmul: precision %d is not fp32, fp16 or bf16", prec);
        const char *name = device ? device : "cpu";
        c10::Device dev(c10::kCPU);
        std::string canonical;
        lt_status s = resolve_device(name, &dev, &canonical, err);
        if (s != LT_OK) return s;
        at::ScalarType dt = p == LT_FP16 ? at::kHalf : p == LT_BF16 ? at::kBFloat16 : at::kFloat;
        try {
            lt_compat::InferenceGuard guard;
            at::Tensor a = torch::randn({n, n}).to(dev, dt);
            at::Tensor b = torch::randn({n, n}).to(dev, dt);
            at::Tensor c = at::empty({n, n}, a.options());
            for (int i = 0; i < 2; i++) at::mm_out(c, a, b);
            sync_device(dev);
            uint64_t t0 = now_ns();
            for (int i = 0; i < iters; i++) at::mm_out(c, a, b);
            sync_device(dev);
            double seconds = (double)(now_ns() - t0) / 1e9;
            *tflops = seconds > 0 ? 2.0 * (double)n * (double)n * (double)n * iters / seconds / 1e12 : 0.0;
        } catch (...) {
            lt_status st = from_exception(err, LT_ERR_RUN,
                                          std::string("matmul ") + std::to_string(n) + "x" + std::to_string(n) + " " +
                                              precision_name(p) + " on " + canonical + " failed",
                                          true);
            if (st == LT_ERR_OOM) release_cached_memory_on(dev);
            return st;
        }
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_RUN, "matmul failed");
    }
}

lt_status lt_bench_copy(const char *device, int64_t bytes, int iters, double *gbps, lt_error *err) {
    clear_error(err);
    try {
        if (!gbps) return fail(err, LT_ERR_ARG, "lt_bench_copy: gbps is NULL");
        *gbps = 0;
        if (bytes < 1 || iters < 1)
            return fail(err, LT_ERR_ARG, "copy: bytes and iters must be >= 1 (got %lld, %d)", (long long)bytes,
                        iters);
        const char *name = device ? device : "cpu";
        c10::Device dev(c10::kCPU);
        std::string canonical;
        lt_status s = resolve_device(name, &dev, &canonical, err);
        if (s != LT_OK) return s;
        try {
            lt_compat::InferenceGuard guard;
            auto opts = torch::TensorOptions().dtype(at::kByte).device(dev);
            at::Tensor src = at::ones({bytes}, opts);
            at::Tensor dst = at::empty({bytes}, opts);
            dst.copy_(src);
            sync_device(dev);
            uint64_t t0 = now_ns();
            for (int i = 0; i < iters; i++) dst.copy_(src);
            sync_device(dev);
            double seconds = (double)(now_ns() - t0) / 1e9;
            *gbps = seconds > 0 ? 2.0 * (double)bytes * iters / seconds / 1e9 : 0.0;
        } catch (...) {
            lt_status st = from_exception(err, LT_ERR_RUN,
                                          "copy of " + std::to_string(bytes) + " bytes on " + canonical + " failed");
            if (st == LT_ERR_OOM) release_cached_memory_on(dev);
            return st;
        }
        return LT_OK;
    } catch (...) {
        return from_exception(err, LT_ERR_RUN, "copy failed");
    }
}

void lt_tensor_buf_free(lt_tensor_buf *b) {
    if (!b) return;
    std::free(b->data);
    std::memset(b, 0, sizeof *b);
}

const char *lt_status_name(lt_status s) {
    switch (enum_int(s)) {
    case LT_OK: return "ok";
    case LT_ERR_ARG: return "bad argument";
    case LT_ERR_FILE: return "file error";
    case LT_ERR_DEVICE: return "device error";
    case LT_ERR_RUN: return "run error";
    case LT_ERR_OOM: return "out of memory";
    case LT_ERR_UNSUPPORTED: return "unsupported";
    case LT_ERR_SHAPE: return "shape error";
    case LT_ERR_NOT_FOUND: return "not found";
    }
    return "unknown status";
}

}  // extern "C"

// ---- for other files of the shim (lt_model_internal.hpp) ---------------------------
lt_status lt_model_open_package_shell(const char *path, const lt_open_options *opt, lt_model **out,
                                      lt_error *err) {
    return open_model(path, opt, false, out, err);
}

torch::jit::Module *lt_model_module(lt_model *m) {
    return m && !m->aoti && !lt_aoti::is_package_path(m->path) ? &m->module : nullptr;
}

c10::Device lt_model_torch_device(const lt_model *m) {
    return m ? m->device : c10::Device(c10::kCPU);
}
