/* cli_sweep.c — sweep dimensions and their variants (see cli_sweep.h). */
#include "cli_sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_sweep_defaults(cli_sweep *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->devices[0], sizeof s->devices[0], "cpu");
    s->n_devices = 1;
    snprintf(s->precisions[0], sizeof s->precisions[0], "fp32");
    s->n_precisions = 1;
    s->n_channels_last = s->n_cudnn_benchmark = s->n_cuda_graph = 1;
}

/* cpu, cuda or cuda:N (N decimal, no sign). */
static int is_device_name(const char *d)
{
    if (!strcmp(d, "cpu") || !strcmp(d, "cuda"))
        return 1;
    if (strncmp(d, "cuda:", 5) != 0 || d[5] == '\0')
        return 0;
    for (const char *p = d + 5; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return strlen(d + 5) <= 4;
}

int cli_sweep_parse_devices(cli_sweep *s, const char *v, char *err, size_t errlen)
{
    int n = ltb_parse_items("--device", v, s->devices, LTB_MAX_SWEEP_DEVICES, err, errlen);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (!is_device_name(s->devices[i])) {
            snprintf(err, errlen, "--device: '%s' is not cpu, cuda or cuda:N", s->devices[i]);
            return -1;
        }
    s->n_devices = n;
    return 0;
}

int cli_sweep_parse_precisions(cli_sweep *s, const char *v, char *err, size_t errlen)
{
    int n = ltb_parse_items("--precision", v, s->precisions, 3, err, errlen);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s->precisions[i], "fp32") && strcmp(s->precisions[i], "fp16") &&
            strcmp(s->precisions[i], "bf16")) {
            snprintf(err, errlen, "--precision: '%s' is not one of fp32, fp16, bf16", s->precisions[i]);
            return -1;
        }
    s->n_precisions = n;
    return 0;
}

int cli_sweep_parse_switch(const char *opt, const char *v, int *values, int *n, char *err,
                           size_t errlen)
{
    if (!v) {
        values[0] = 1;
        *n = 1;
        return 0;
    }
    int k = ltb_parse_int_list(opt, v, 0, 1, values, 2, err, errlen);
    if (k < 0)
        return -1;
    if (k == 2 && values[0] == values[1]) {
        snprintf(err, errlen, "%s: '%s' gives the same value twice", opt, v);
        return -1;
    }
    *n = k;
    return 0;
}

int cli_sweep_is_list(const cli_sweep *s)
{
    return s->n_models > 1 || s->n_devices > 1 || s->n_precisions > 1 || s->n_channels_last > 1 ||
           s->n_cudnn_benchmark > 1 || s->n_cuda_graph > 1;
}

/* Adds v unless an equal variant is already in out. */
static int add_unique(cli_variant *out, int n, int max, const cli_variant *v)
{
    for (int i = 0; i < n; i++)
        if (out[i].model == v->model && out[i].device == v->device && out[i].precision == v->precision &&
            out[i].channels_last == v->channels_last && out[i].cudnn_benchmark == v->cudnn_benchmark &&
            out[i].cuda_graph == v->cuda_graph)
            return n;
    if (n < max)
        out[n++] = *v;
    return n;
}

int cli_sweep_variants(const cli_sweep *s, cli_variant *out, int max)
{
    int n = 0;
    int n_models = s->n_models > 1 ? s->n_models : 1;
    for (int m = 0; m < n_models; m++)
    for (int d = 0; d < s->n_devices; d++) {
        int cpu = !strcmp(s->devices[d], "cpu");
        for (int p = 0; p < s->n_precisions; p++)
            for (int c = 0; c < s->n_channels_last; c++)
                for (int k = 0; k < s->n_cudnn_benchmark; k++)
                    for (int g = 0; g < s->n_cuda_graph; g++) {
                        cli_variant v;
                        memset(&v, 0, sizeof v);
                        v.model = s->n_models > 1 ? s->models[m] : NULL;
                        v.device = s->devices[d];
                        v.precision = s->precisions[p];
                        v.channels_last = s->channels_last[c];
                        v.cudnn_benchmark = cpu ? 0 : s->cudnn_benchmark[k];
                        v.cuda_graph = s->cuda_graph[g];
                        if (cpu && v.cuda_graph)
                            snprintf(v.refused, sizeof v.refused,
                                     "--cuda-graph needs a CUDA device: CUDA graphs cannot run on the cpu");
                        n = add_unique(out, n, max, &v);
                    }
    }
    return n;
}

void cli_variant_suffix(const cli_variant *v, char *buf, size_t len)
{
    char device[LTB_LIST_ITEM_LEN];
    size_t k = 0;
    for (const char *p = v->device; *p && k + 1 < sizeof device; p++)
        if (*p != ':')
            device[k++] = *p;
    device[k] = '\0';
    char model[64] = "";
    if (v->model) {
        model[0] = '_';
        cli_model_suffix_part(v->model, model + 1, sizeof model - 1);
    }
    snprintf(buf, len, "%s_%s_%s%s%s%s", model, device, v->precision, v->channels_last ? "_cl" : "",
             v->cudnn_benchmark ? "_cudnn" : "", v->cuda_graph ? "_graph" : "");
}

void cli_variant_label(const cli_variant *v, char *buf, size_t len)
{
    const char *slash = v->model ? strrchr(v->model, '/') : NULL;
    const char *model = v->model ? (slash ? slash + 1 : v->model) : "";
    snprintf(buf, len, "%.64s%s%s %s%s%s%s", model, v->model ? " " : "", v->device, v->precision,
             v->channels_last ? " channels_last" : "", v->cudnn_benchmark ? " cudnn-benchmark" : "",
             v->cuda_graph ? " cuda-graph" : "");
}
