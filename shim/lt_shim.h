/* lt_shim.h — the C API of the LibTorch shim: the only door from C to LibTorch.
 *
 * Opaque handles, every call returns an lt_status and, on failure, fills a human
 * sentence into lt_error. No C++ exception ever crosses this boundary. Every
 * forward runs under torch::InferenceMode. Thread safety: one lt_model may be run
 * from many threads at once (TorchScript forward is re-entrant); lt_set_threads
 * is process-wide. */
#ifndef LT_SHIM_H
#define LT_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Inside liblt_shim.so these functions are hidden: its one exported symbol is the table of
 * them (lt_shim_table.h), which the harness's forwarders (src/base/shim_loader.c) load on
 * first use. Every function declared here is also one line of lt_shim_entries.h. */
#if defined(LT_SHIM_BUILDING) && defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

typedef enum {
    LT_OK = 0,
    LT_ERR_ARG = 1,          /* bad argument from the caller */
    LT_ERR_FILE = 2,         /* model file missing, unreadable, not TorchScript */
    LT_ERR_DEVICE = 3,       /* device string invalid or device unavailable */
    LT_ERR_RUN = 4,          /* forward / method threw */
    LT_ERR_OOM = 5,          /* out of memory (CPU or GPU) during a run */
    LT_ERR_UNSUPPORTED = 6,  /* combination not implemented (e.g. fp16 conv on CPU) */
    LT_ERR_SHAPE = 7,        /* output is not what the caller asked for */
    LT_ERR_NOT_FOUND = 8     /* attribute or method absent */
} lt_status;

typedef struct { char msg[512]; } lt_error;

typedef enum { LT_FLOAT32 = 0, LT_INT64 = 1 } lt_dtype;
typedef enum { LT_FP32 = 0, LT_FP16 = 1, LT_BF16 = 2 } lt_precision;

#define LT_MAX_DIMS 8
#define LT_MAX_INPUTS 8           /* inputs of one lt_model_run_method_n call */

/* A tensor the caller owns; the shim reads it (no copy on CPU fp32). */
typedef struct {
    lt_dtype dtype;
    int ndim;
    int64_t shape[LT_MAX_DIMS];
    const void *data;             /* contiguous, row-major */
} lt_tensor_view;

/* Output: float32 on the host. The shim (re)allocates data with malloc when
 * capacity (in elements) is too small; free it with lt_tensor_buf_free.
 * Zero-initialise before the first use. */
typedef struct {
    int ndim;
    int64_t shape[LT_MAX_DIMS];
    float *data;
    size_t numel;
    size_t capacity;
} lt_tensor_buf;

/* Per-call timings, filled by the run functions (nanoseconds, host clock,
 * CLOCK_MONOTONIC, with a device sync after each phase on CUDA). gpu_* are CUDA
 * event times in ms, or -1 where there is no CUDA. */
typedef struct {
    uint64_t h2d_ns;        /* input to device / dtype / memory-format conversion */
    uint64_t forward_ns;    /* the module call */
    uint64_t d2h_ns;        /* output back to host float32 */
    double gpu_h2d_ms, gpu_forward_ms, gpu_d2h_ms;
    uint64_t forward_enqueue_ns; /* CUDA: host time until the module call returned, before
                                    the wait for its kernels (forward_ns includes the wait);
                                    0 on CPU */
} lt_run_stats;

typedef struct {
    const char *device;       /* "cpu", "cuda", "cuda:N"; NULL = "cpu" */
    lt_precision precision;   /* weights and input cast to this dtype */
    int channels_last;        /* 4-D inputs and module in channels_last */
    int optimize;             /* freeze + optimize_for_inference after the cast (eval) */
    int cuda_graph;           /* CUDA only: lt_model_run_on with a stream captures forward
                                 once per input shape in a CUDA graph, then replays it */
} lt_open_options;

typedef struct lt_model lt_model;

/* Library facts. */
typedef struct {
    char torch_version[64];
    int cuda_compiled;        /* the LibTorch linked has CUDA */
    int cuda_available;       /* and a device is usable now */
    int cuda_device_count;
    int intra_threads, inter_threads;
    char cuda_version[32];    /* "" if none */
    char cudnn_version[32];   /* "" if none */
    char cpu_math[192];       /* the CPU math libraries LibTorch reports (its show_config):
                                 "BLAS mkl, LAPACK mkl, MKL 2024.2, oneDNN 3.12.0, OpenMP,
                                 AVX2"; BLAS "generic" is the reference BLAS */
    char parallel_backend[32];/* intra-op thread pool: "OpenMP", "native", "TBB" */
    int aoti_available;       /* this LibTorch can load AOTInductor .pt2 packages (>= 2.6) */
} lt_info;

void lt_get_info(lt_info *out);
/* Name of CUDA device idx into buf; LT_ERR_DEVICE if absent. */
lt_status lt_device_name(int idx, char *buf, size_t len, lt_error *err);

/* Process-wide thread settings; 0 leaves a value unchanged. The inter-op count
 * can be set only once per process, before any inter-op work: a later,
 * different value is LT_ERR_ARG with a message. */
lt_status lt_set_threads(int intra_op, int inter_op, lt_error *err);
/* The calling thread's intra-op threads (n >= 1): its OpenMP pool (libgomp keeps one
 * per thread that starts parallel regions) and MKL's thread-local count get n, so
 * each worker of a level can have its own share of the cores. LibTorch also takes n
 * as the count for threads that have not run a parallel region yet. */
lt_status lt_set_worker_threads(int n, lt_error *err);

/* path: a TorchScript file, or an AOTInductor package when it ends in ".pt2" (LibTorch
 * >= 2.6, else LT_ERR_UNSUPPORTED naming the version). A package runs forward only, in
 * the dtype and memory format it was compiled with: precision other than fp32,
 * channels_last and cuda_graph are LT_ERR_UNSUPPORTED with a sentence; optimize is a
 * note (lt_model_optimized says why it was not applied). */
lt_status lt_model_open(const char *path, const lt_open_options *opt,
                        lt_model **out, lt_error *err);
void lt_model_close(lt_model *m);
const char *lt_model_device(const lt_model *m);   /* canonical, e.g. "cuda:0" */
/* 1 when opt->optimize was asked and freeze + optimize_for_inference were applied;
 * 0 otherwise. When asked but not applied (the module is then run un-frozen), *why
 * (if why is not NULL) gets a one-line reason owned by m; else "". */
int lt_model_optimized(const lt_model *m, const char **why);

/* forward(x) with one input; the output must be a tensor (or a tuple whose first
 * element is a tensor). Output copied to host float32. stats may be NULL. */
lt_status lt_model_run(lt_model *m, const lt_tensor_view *in, lt_tensor_buf *out,
                       lt_run_stats *stats, lt_error *err);
/* Same for a named method (e.g. "encode", "vocode"). */
lt_status lt_model_run_method(lt_model *m, const char *method, const lt_tensor_view *in,
                              lt_tensor_buf *out, lt_run_stats *stats, lt_error *err);
/* A named method with n_in inputs (1..LT_MAX_INPUTS), passed as positional tensor
 * arguments in order (a scalar argument is a 0-d or 1-element tensor); each float32
 * input is cast to the model's precision, int64 stays int64. The timings cover all
 * inputs together. E.g. a diffusion model's denoise_step(latents, t, t_prev, text, g). */
lt_status lt_model_run_method_n(lt_model *m, const char *method, const lt_tensor_view *ins,
                                int n_in, lt_tensor_buf *out, lt_run_stats *stats,
                                lt_error *err);
int lt_model_has_method(const lt_model *m, const char *method);

/* Module attributes (e.g. sample_rate, hop_length, steps). */
lt_status lt_model_attr_int(const lt_model *m, const char *name, int64_t *out, lt_error *err);
lt_status lt_model_attr_float(const lt_model *m, const char *name, double *out, lt_error *err);
lt_status lt_model_attr_string(const lt_model *m, const char *name, char *buf, size_t len,
                               lt_error *err);

/* Synchronise a device ("cpu" is a no-op). */
lt_status lt_device_sync(const char *device, lt_error *err);

/* ---- CUDA streams: one per benchmark worker -------------------------------------
 * A stream from LibTorch's pool on a CUDA device, with its own CUDA events for the
 * phase timings and, for a model opened with cuda_graph, the graphs captured on it.
 * One stream is used by one thread at a time. On "cpu", or where this LibTorch or
 * the shim has no CUDA: LT_ERR_UNSUPPORTED with a sentence, *out = NULL. */
typedef struct lt_stream lt_stream;
lt_status lt_stream_create(const char *device, lt_stream **out, lt_error *err);
/* Waits for everything queued on s. */
lt_status lt_stream_sync(lt_stream *s, lt_error *err);
void lt_stream_destroy(lt_stream *s);
/* lt_model_run_method (method NULL = "forward") with every kernel queued on s under
 * a stream guard and the phase events recorded on s; s NULL = the calling thread's
 * current stream (what lt_model_run does). With cuda_graph and s not NULL, the first
 * call for an input shape captures the graph (a few eager runs, then the capture),
 * later calls copy the input in, replay and copy the output out. */
lt_status lt_model_run_on(lt_model *m, lt_stream *s, const char *method,
                          const lt_tensor_view *in, lt_tensor_buf *out, lt_run_stats *stats,
                          lt_error *err);

/* cuDNN autotuning (torch.backends.cudnn.benchmark), process-wide; a flag only where
 * there is no CUDA. */
lt_status lt_set_cudnn_benchmark(int on, lt_error *err);

/* ---- CUDA facts and memory --------------------------------------------------------- */
typedef struct {
    char name[256];
    char uuid[64];            /* "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", as NVML writes it */
    char pci_bus_id[32];      /* "0000:3b:00.0"; "" if unknown */
    int cc_major, cc_minor;   /* compute capability */
    int multiprocessors;
    int64_t total_memory_bytes;
    int driver_version;       /* CUDA driver API version, e.g. 13000 = 13.0; 0 if unknown */
} lt_cuda_device;
/* Facts of CUDA device idx; LT_ERR_DEVICE when absent or without CUDA. */
lt_status lt_cuda_device_info(int idx, lt_cuda_device *out, lt_error *err);

/* The LibTorch CUDA caching allocator's counters of a device and the device's own
 * free/total memory (cudaMemGetInfo). Peaks are since the last lt_memory_reset_peak. */
typedef struct {
    int64_t allocated_bytes, allocated_peak_bytes;
    int64_t reserved_bytes, reserved_peak_bytes;
    int64_t device_free_bytes, device_total_bytes;
} lt_memory_stats;
/* LT_ERR_UNSUPPORTED on "cpu" (no caching allocator there). */
lt_status lt_memory_stats_read(const char *device, lt_memory_stats *out, lt_error *err);
lt_status lt_memory_reset_peak(const char *device, lt_error *err);

/* ---- ceilings: what the device can do at best ---------------------------------------
 * n x n by n x n matrix product in precision p, iters times after 2 warm-ups, timed on
 * the host between device syncs: *tflops = 2 n^3 iters / seconds / 1e12. An
 * unsupported dtype on the device (fp16 on a CPU LibTorch 1.13) is LT_ERR_UNSUPPORTED. */
lt_status lt_bench_matmul(const char *device, int n, lt_precision p, int iters, double *tflops,
                          lt_error *err);
/* A copy of `bytes` bytes between two buffers on the device, iters times after a
 * warm-up: *gbps = 2 * bytes * iters / seconds / 1e9 (bytes read plus bytes written,
 * the convention of CUDA's bandwidthTest). */
lt_status lt_bench_copy(const char *device, int64_t bytes, int iters, double *gbps,
                        lt_error *err);

/* ---- generic models: any forward signature (lt_generic.cpp) -------------------------
 * `ltbench run` and `ltbench inspect`: a TorchScript module whose forward takes any
 * tensors (or int/float/bool scalars) and returns any structure of tensors. Inputs are
 * a list of tensors, each bound to a forward argument by its index; the output IValue
 * is walked (tensor, tuple, list, dict, nested) into named host tensors. The list of
 * tensors in and out is what an AOTInductor back end (lt_aoti.cpp) can plug into. */
typedef enum {                     /* the ten dtypes of an --input SPEC, in its order */
    LT_G_F32 = 0, LT_G_F16, LT_G_BF16, LT_G_F64, LT_G_I64, LT_G_I32, LT_G_I16, LT_G_I8,
    LT_G_U8, LT_G_BOOL
} lt_gdtype;

/* One input, caller-owned, contiguous row-major; arg = the forward argument's index
 * (0 = the first after self). Float32 inputs are cast to the model's precision. */
typedef struct {
    int arg;
    lt_gdtype dtype;
    int ndim;
    int64_t shape[LT_MAX_DIMS];
    const void *data;
} lt_gtensor;

/* One host tensor of an output (or a loaded file), owned by the shim's caller: data is
 * (re)allocated with malloc as needed (capacity in bytes); name is "output",
 * "output.0", "output.logits", "output.0.boxes" ... */
typedef struct {
    char name[128];
    lt_gdtype dtype;
    int ndim;
    int64_t shape[LT_MAX_DIMS];
    void *data;
    size_t bytes, capacity;
} lt_goutput;

/* The outputs of one call; zero-initialise, reuse across calls, free with
 * lt_goutputs_free. */
typedef struct {
    lt_goutput *items;
    int n, cap;
} lt_goutputs;

typedef enum { LT_ARG_TENSOR = 0, LT_ARG_INT, LT_ARG_FLOAT, LT_ARG_BOOL, LT_ARG_OTHER } lt_arg_kind;

/* A forward argument from the schema (self excluded). */
typedef struct {
    char name[64];
    char type[96];                /* "Tensor", "int", "Optional[Tensor]", ... */
    lt_arg_kind kind;
    int has_default;
} lt_generic_arg;

#define LT_GENERIC_MAX_ARGS 32
typedef struct lt_generic lt_generic;

/* Opens a TorchScript file, or an AOTInductor package (.pt2, LibTorch >= 2.6; fp32 only:
 * a package runs in the dtype it was compiled for), for generic runs (device, precision;
 * channels_last, optimize and cuda_graph are ignored). */
lt_status lt_generic_open(const char *path, const lt_open_options *opt, lt_generic **out,
                          lt_error *err);
void lt_generic_close(lt_generic *m);
const char *lt_generic_device(const lt_generic *m);
int lt_generic_arg_count(const lt_generic *m);
const lt_generic_arg *lt_generic_args(const lt_generic *m);
const char *lt_generic_return_type(const lt_generic *m);
/* 1 when m is an AOTInductor package (.pt2): its arguments are its call spec's tensors,
 * named "0", "1", ... (a package keeps no argument names) until named here, in order
 * (e.g. from the model's sidecar or the --input SPECs). */
int lt_generic_is_package(const lt_generic *m);
lt_status lt_generic_name_args(lt_generic *m, const char *const *names, int n, lt_error *err);
/* forward(ins...) by argument; outputs walked and copied to the host (D2H phase). A
 * forward that raises is LT_ERR_RUN with the model's own message. */
lt_status lt_generic_run(lt_generic *m, const lt_gtensor *ins, int n_in, lt_goutputs *outs,
                         lt_run_stats *stats, lt_error *err);
void lt_goutputs_free(lt_goutputs *o);
/* A tensor saved with torch.save(t, path), onto the host (out zero-initialised;
 * free out->data). LT_ERR_FILE when unreadable or not a single tensor. */
lt_status lt_tensor_file_load(const char *path, lt_goutput *out, lt_error *err);

/* What `ltbench inspect` says of a TorchScript file (loaded onto the CPU). */
typedef struct {
    char dtype[16];
    int64_t tensors, elements, bytes;
} lt_dtype_total;
typedef struct {
    char name[64];
    char value[96];               /* type, then " = value" for a scalar or string */
} lt_named_text;
typedef struct {
    int n_args;
    lt_generic_arg args[LT_GENERIC_MAX_ARGS];
    char return_type[256];
    char schema[1024];
    int n_methods;
    char methods[32][64];
    int n_attributes;
    lt_named_text attributes[64];
    int n_param_dtypes, n_buffer_dtypes;
    lt_dtype_total params[10], buffers[10];
    char device[32];              /* where the parameters are after loading onto the CPU */
} lt_inspect_info;
lt_status lt_inspect_torchscript(const char *path, lt_inspect_info *out, lt_error *err);
/* What `ltbench inspect` says of an AOTInductor package, read without loading its code
 * (LT_ERR_UNSUPPORTED below LibTorch 2.6, with the version named). */
typedef struct {
    char compiled_for[16];        /* "cpu", "cuda" */
    int n_inputs, n_outputs;      /* tensors of its call spec */
    int n_constants;              /* parameters and buffers compiled in */
    char metadata[1024];          /* the package's metadata map, "KEY=VALUE, ..." */
} lt_package_info;
lt_status lt_inspect_package(const char *path, lt_package_info *out, lt_error *err);
/* ---- per-operator profile (lt_profile.cpp) -------------------------------------------
 * LibTorch's profiler around whatever the calling thread runs between begin and end
 * (e.g. K requests after the timed levels, never inside them). One profile at a time,
 * process-wide. Where this LibTorch has no Kineto profiler (< 2.0): LT_ERR_UNSUPPORTED
 * with a sentence naming the version. */
typedef struct {
    char name[128];           /* "aten::conv2d", or a CUDA kernel's name */
    char input_shapes[192];   /* "[[1, 3, 224, 224], [64, 3, 7, 7], []]"; "" for kernels */
    int64_t calls;
    double self_cpu_ms;       /* summed over the calls: its time less the ops nested in it */
    double total_cpu_ms;      /* summed over the calls, nested ops included */
    double self_cuda_ms;      /* CUDA kernels: their device time; 0 for CPU ops */
} lt_profile_op;
/* LT_OK when this LibTorch has the profiler; else LT_ERR_UNSUPPORTED with why. */
lt_status lt_profile_supported(lt_error *err);
/* Starts profiling CPU ops with their input shapes (and CUDA kernels when with_cuda). */
lt_status lt_profile_begin(int with_cuda, lt_error *err);
/* Stops; writes the Chrome trace (Perfetto / chrome://tracing) to trace_path (NULL or ""
 * = none); fills ops[0..max_ops) with the operators grouped by (name, input shapes),
 * most self time (CPU + CUDA) first; *n_ops = rows filled, *n_groups = all groups
 * (either pointer may be NULL). */
lt_status lt_profile_end(const char *trace_path, lt_profile_op *ops, int max_ops, int *n_ops,
                         int *n_groups, lt_error *err);

/* ---- decoder-only language models (lt_llm.cpp) ----------------------------------------
 * `ltbench llm`: a TorchScript module with prefill(ids int64[B,T]) -> (logits [B,V], cache)
 * and decode(ids int64[B,1], cache, pos: int) -> (logits [B,V], cache) and int attributes
 * vocab_size and max_seq_len (models/export_llm_models.py), or an AOTInductor package
 * (.pt2, LibTorch >= 2.6) holding two compiled models "prefill" and "decode" (decode's pos
 * an int64 [1] tensor) with vocab_size and max_seq_len in their metadata
 * (models/export_llm_pt2.py). The cache is whatever the model returns (a tensor or a
 * tuple of them), kept by the shim as an opaque handle the caller passes back. Logits come back to a host float buffer of batch x vocab_size the caller
 * owns; the caller samples. The copy to the host waits for the step's work, so a step's
 * logits are on the host when the call returns. Many threads may run one lt_llm, each
 * with its own caches. */
typedef struct lt_llm lt_llm;
typedef struct lt_llm_cache lt_llm_cache;
typedef struct {
    int64_t vocab_size, max_seq_len;
    int64_t params;               /* parameter elements (0 when frozen into constants) */
    int64_t param_bytes;          /* their bytes in the model's dtype */
    int64_t max_batch;            /* a package's largest batch (its metadata); 0 = any */
} lt_llm_info;
/* Opens the model (lt_model_open's options) and checks the contract: a missing method or
 * attribute is LT_ERR_NOT_FOUND with a sentence naming it. */
lt_status lt_llm_open(const char *path, const lt_open_options *opt, lt_llm **out, lt_error *err);
void lt_llm_close(lt_llm *m);
const char *lt_llm_device(const lt_llm *m);
void lt_llm_get_info(const lt_llm *m, lt_llm_info *out);
/* prefill(ids [batch, len]): the last position's logits into logits (batch x vocab_size)
 * and a new cache into *cache (a cache already there is freed first). */
lt_status lt_llm_prefill(lt_llm *m, const int64_t *ids, int64_t batch, int64_t len,
                         float *logits, lt_llm_cache **cache, lt_error *err);
/* decode(ids [batch, 1], cache, pos): logits of the next position; cache replaced by the
 * one the model returns. pos = the position of ids (the tokens already in the cache). */
lt_status lt_llm_decode(lt_llm *m, const int64_t *ids, int64_t batch, int64_t pos,
                        lt_llm_cache *cache, float *logits, lt_error *err);
void lt_llm_cache_free(lt_llm_cache *c);

void lt_tensor_buf_free(lt_tensor_buf *b);

const char *lt_status_name(lt_status s);

#if defined(LT_SHIM_BUILDING) && defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
