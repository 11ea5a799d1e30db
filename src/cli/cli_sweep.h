/* cli_sweep.h — the run-level sweep dimensions of `ltbench image|tts`: model files
 * (-m a.pt,a.pt2), devices (--device cpu,cuda:0), precisions (--precision fp32,fp16,bf16), memory format
 * (--channels-last[=0,1]), cuDNN autotuning (--cudnn-benchmark[=0,1]) and CUDA-graph
 * replay (--cuda-graph[=0,1]). Their cartesian product is a list of variants, each
 * one full benchmark (its own batch x concurrency levels and files), like
 * llama-bench's rows. On the CPU cuDNN autotuning means nothing, so such variants
 * collapse into one; CUDA graphs on the CPU are refused with a reason. */
#ifndef LTB_CLI_SWEEP_H
#define LTB_CLI_SWEEP_H

#include <stddef.h>

#include "cli_parse.h"

#define LTB_MAX_SWEEP_DEVICES 8
#define LTB_MAX_VARIANTS 96
#define LTB_MAX_SWEEP_MODELS 8
#define LTB_MODEL_PATH_LEN 4096

typedef struct cli_sweep {
    char models[LTB_MAX_SWEEP_MODELS][LTB_MODEL_PATH_LEN];   /* -m a,b (cli_sweep_models.c) */
    int n_models;                  /* 0: one model (the command's own -m or default) */
    char devices[LTB_MAX_SWEEP_DEVICES][LTB_LIST_ITEM_LEN];
    int n_devices;
    char precisions[3][LTB_LIST_ITEM_LEN];
    int n_precisions;
    int channels_last[2], n_channels_last;
    int cudnn_benchmark[2], n_cudnn_benchmark;
    int cuda_graph[2], n_cuda_graph;
} cli_sweep;

typedef struct cli_variant {
    const char *model;             /* points into the sweep; NULL: the one model */
    const char *device;            /* points into the sweep */
    const char *precision;
    int channels_last, cudnn_benchmark, cuda_graph;
    char refused[160];             /* non-empty: this combination cannot run, and why */
} cli_variant;

/* cpu, fp32, and every switch off. */
void cli_sweep_defaults(cli_sweep *s);
/* --device LIST: each cpu, cuda or cuda:N. 0, or -1 with a one-line err. */
int cli_sweep_parse_devices(cli_sweep *s, const char *v, char *err, size_t errlen);
/* -m LIST with a comma: each a model file (TorchScript .pt or AOTInductor .pt2), at
 * most LTB_MAX_SWEEP_MODELS, none empty or repeated. Implemented in cli_sweep_models.c. */
int cli_sweep_parse_models(cli_sweep *s, const char *v, char *err, size_t errlen);
/* "resnet18.pt2" -> "resnet18_pt2": a model file's name as a part of file names. */
void cli_model_suffix_part(const char *model, char *buf, size_t len);
/* --precision LIST: each fp32, fp16 or bf16. */
int cli_sweep_parse_precisions(cli_sweep *s, const char *v, char *err, size_t errlen);
/* A switch (--channels-last, --cudnn-benchmark, --cuda-graph): v NULL = on; else a
 * list of 0 and 1. */
int cli_sweep_parse_switch(const char *opt, const char *v, int *values, int *n, char *err,
                           size_t errlen);
/* The variants, model file outermost, then device, then precision, memory format, cuDNN, graphs;
 * returns how many (at most max). */
int cli_sweep_variants(const cli_sweep *s, cli_variant *out, int max);
/* 1 when the sweep has more than one value in any dimension. */
int cli_sweep_is_list(const cli_sweep *s);
/* "[_resnet18_pt2]_cuda0_fp16_cl_cudnn_graph": what a variant's result files add to the
 * run name (the model part only in a sweep of model files). */
void cli_variant_suffix(const cli_variant *v, char *buf, size_t len);
/* "[resnet18.pt2 ]cuda:0 fp16 channels_last cudnn-benchmark cuda-graph": a variant for
 * people. */
void cli_variant_label(const cli_variant *v, char *buf, size_t len);
#endif
