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
} lt_run_stats;

typedef struct {
    const char *device;       /* "cpu", "cuda", "cuda:N"; NULL = "cpu" */
    lt_precision precision;   /* weights and input cast to this dtype */
    int channels_last;        /* 4-D inputs and module in channels_last */
    int optimize;             /* freeze + optimize_for_inference after the cast (eval) */
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
} lt_info;

void lt_get_info(lt_info *out);
/* Name of CUDA device idx into buf; LT_ERR_DEVICE if absent. */
lt_status lt_device_name(int idx, char *buf, size_t len, lt_error *err);

/* Process-wide thread settings; 0 leaves a value unchanged. The inter-op count
 * can be set only once per process, before any inter-op work: a later,
 * different value is LT_ERR_ARG with a message. */
lt_status lt_set_threads(int intra_op, int inter_op, lt_error *err);

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

void lt_tensor_buf_free(lt_tensor_buf *b);

const char *lt_status_name(lt_status s);

#ifdef __cplusplus
}
#endif
#endif
