/* cmd_inspect.c — `ltbench inspect FILE [-o json]`: what a model file is and holds.
 * A TorchScript file: forward's arguments and return type from its schema, other
 * methods, attributes, parameters and buffers (count and bytes by dtype), and the
 * device its tensors were saved for (their storage locations in data.pkl). An
 * AOTInductor package (.pt2: a zip with data/aotinductor/ or an archive_format
 * entry): what the zip shows, without loading it. */
#include "commands.h"
#include "file_read.h"
#include "lt_shim.h"
#include "zip_read.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSPECT_MAX_FILE ((size_t)8 << 30)

static void usage(FILE *out)
{
    fprintf(out, "usage: ltbench inspect FILE [-o table|json]\n"
                 "What a TorchScript file or AOTInductor package (.pt2) holds: format, forward's\n"
                 "arguments and return type, methods, attributes, parameters and buffers by dtype,\n"
                 "the device it was saved for. -o json prints one JSON object.\n");
}

static int is_aoti(const ltb_zip_entry *e, int n)
{
    for (int i = 0; i < n; i++) {
        const char *name = e[i].name;
        const char *slash = strrchr(name, '/');
        if (strstr(name, "data/aotinductor/") || !strcmp(slash ? slash + 1 : name, "archive_format"))
            return 1;
    }
    return 0;
}

/* "cuda:0" when a storage location in data.pkl names CUDA, else "cpu" */
static void saved_device(const unsigned char *buf, size_t len, const ltb_zip_entry *e, int n,
                         char *out, size_t cap)
{
    snprintf(out, cap, "cpu");
    for (int i = 0; i < n; i++) {
        size_t l = strlen(e[i].name);
        if (l < 8 || strcmp(e[i].name + l - 8, "data.pkl"))
            continue;
        unsigned char *pkl;
        size_t pkl_len;
        char why[128];
        if (ltb_zip_extract(buf, len, &e[i], 256u << 20, &pkl, &pkl_len, why, sizeof why) != 0)
            continue;
        for (size_t k = 0; k + 4 <= pkl_len; k++)
            if (!memcmp(pkl + k, "cuda", 4)) {
                size_t m = 4;
                while (k + m < pkl_len && m < 10 && (pkl[k + m] == ':' || (pkl[k + m] >= '0' && pkl[k + m] <= '9')))
                    m++;
                snprintf(out, cap, "%.*s", (int)m, (const char *)pkl + k);
                break;
            }
        free(pkl);
    }
}

static cJSON *totals_json(const lt_dtype_total *t, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "dtype", t[i].dtype);
        cJSON_AddNumberToObject(o, "tensors", (double)t[i].tensors);
        cJSON_AddNumberToObject(o, "count", (double)t[i].elements);
        cJSON_AddNumberToObject(o, "bytes", (double)t[i].bytes);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static const char *kind_name(lt_arg_kind k)
{
    return k == LT_ARG_TENSOR ? "tensor" : k == LT_ARG_INT ? "int" : k == LT_ARG_FLOAT ? "float"
         : k == LT_ARG_BOOL ? "bool" : "other";
}

static cJSON *torchscript_json(const char *path, const lt_inspect_info *in, const char *device)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", path);
    cJSON_AddStringToObject(o, "format", "TorchScript");
    cJSON *args = cJSON_AddArrayToObject(o, "forward_arguments");
    for (int i = 0; i < in->n_args; i++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "name", in->args[i].name);
        cJSON_AddStringToObject(a, "type", in->args[i].type);
        cJSON_AddStringToObject(a, "kind", kind_name(in->args[i].kind));
        cJSON_AddBoolToObject(a, "optional", in->args[i].has_default);
        cJSON_AddItemToArray(args, a);
    }
    cJSON_AddStringToObject(o, "forward_returns", in->return_type);
    cJSON_AddStringToObject(o, "forward_schema", in->schema);
    cJSON *m = cJSON_AddArrayToObject(o, "methods");
    for (int i = 0; i < in->n_methods; i++)
        cJSON_AddItemToArray(m, cJSON_CreateString(in->methods[i]));
    cJSON *at = cJSON_AddObjectToObject(o, "attributes");
    for (int i = 0; i < in->n_attributes; i++)
        cJSON_AddStringToObject(at, in->attributes[i].name, in->attributes[i].value);
    int64_t count = 0, bytes = 0;
    for (int i = 0; i < in->n_param_dtypes; i++)
        count += in->params[i].elements, bytes += in->params[i].bytes;
    cJSON_AddNumberToObject(o, "parameter_count", (double)count);
    cJSON_AddNumberToObject(o, "parameter_bytes", (double)bytes);
    cJSON_AddItemToObject(o, "parameters_by_dtype", totals_json(in->params, in->n_param_dtypes));
    cJSON_AddItemToObject(o, "buffers_by_dtype", totals_json(in->buffers, in->n_buffer_dtypes));
    cJSON_AddStringToObject(o, "saved_device", device);
    return o;
}

static void print_totals(const char *what, const lt_dtype_total *t, int n)
{
    int64_t count = 0, bytes = 0;
    for (int i = 0; i < n; i++)
        count += t[i].elements, bytes += t[i].bytes;
    printf("%-12s %lld (%.2f MB)", what, (long long)count, bytes / 1e6);
    for (int i = 0; i < n; i++)
        printf("%s%s: %lld in %lld tensors, %.2f MB", i ? "; " : " — ", t[i].dtype,
               (long long)t[i].elements, (long long)t[i].tensors, t[i].bytes / 1e6);
    printf("\n");
}

static void print_torchscript(const char *path, const lt_inspect_info *in, const char *device)
{
    printf("file         %s\nformat       TorchScript\n", path);
    printf("forward      %s\n", in->schema);
    for (int i = 0; i < in->n_args; i++)
        printf("  argument   %s: %s%s\n", in->args[i].name, in->args[i].type,
               in->args[i].has_default ? " (optional)" : "");
    printf("  returns    %s\n", in->return_type);
    printf("methods     ");
    for (int i = 0; i < in->n_methods; i++)
        printf(" %s", in->methods[i]);
    printf("\n");
    for (int i = 0; i < in->n_attributes; i++)
        printf("attribute    %s: %s\n", in->attributes[i].name, in->attributes[i].value);
    print_totals("parameters", in->params, in->n_param_dtypes);
    print_totals("buffers", in->buffers, in->n_buffer_dtypes);
    printf("saved for    %s\n", device);
}

static int inspect_aoti(const char *path, const ltb_zip_entry *e, int n, int json)
{
    lt_package_info pk;
    lt_error pe;
    int read = lt_inspect_package(path, &pk, &pe) == LT_OK;
    const char *note = read ? "`ltbench run` and `ltbench image` load it (inputs by position, or named "
                              "by --input / the sidecar)"
                            : pe.msg;
    char models[512] = "";
    size_t used = 0;
    for (int i = 0; i < n && used < sizeof models; i++) {
        const char *p = strstr(e[i].name, "data/aotinductor/");
        if (!p)
            continue;
        p += strlen("data/aotinductor/");
        const char *slash = strchr(p, '/');
        if (!slash)
            continue;
        char model[128];
        snprintf(model, sizeof model, "%.*s", (int)(slash - p), p);
        if (!strstr(models, model))
            used += (size_t)snprintf(models + used, sizeof models - used, "%s%s", used ? "," : "", model);
    }
    if (read && strstr(models, "prefill") && strstr(models, "decode"))
        note = "a language model (prefill and decode; inputs, outputs, constants and metadata are "
               "prefill's): `ltbench llm` runs it";
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", path);
        cJSON_AddStringToObject(o, "format", "AOTInductor package");
        cJSON_AddNumberToObject(o, "entries", n);
        cJSON_AddStringToObject(o, "models", models);
        if (read) {
            cJSON_AddStringToObject(o, "compiled_for", pk.compiled_for);
            cJSON_AddNumberToObject(o, "inputs", pk.n_inputs);
            cJSON_AddNumberToObject(o, "outputs", pk.n_outputs);
            cJSON_AddNumberToObject(o, "constants", pk.n_constants);
            cJSON_AddStringToObject(o, "metadata", pk.metadata);
        }
        cJSON_AddStringToObject(o, "note", note);
        char *s = cJSON_Print(o);
        printf("%s\n", s);
        free(s);
        cJSON_Delete(o);
    } else {
        printf("file         %s\nformat       AOTInductor package\nentries      %d\nmodels       %s\n",
               path, n, models[0] ? models : "(none found)");
        if (read)
            printf("compiled for %s\ninputs       %d tensor%s (by position)\noutputs      %d tensor%s\n"
                   "constants    %d\nmetadata     %s\n",
                   pk.compiled_for, pk.n_inputs, pk.n_inputs == 1 ? "" : "s", pk.n_outputs,
                   pk.n_outputs == 1 ? "" : "s", pk.n_constants, pk.metadata);
        printf("note         %s\n", note);
    }
    return LTB_EXIT_OK;
}

int cmd_inspect(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return LTB_EXIT_OK;
        }
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc || (strcmp(argv[i + 1], "json") && strcmp(argv[i + 1], "table"))) {
                fprintf(stderr, "ltbench inspect: -o takes table or json\n");
                return LTB_EXIT_USAGE;
            }
            json = !strcmp(argv[++i], "json");
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "ltbench inspect: unknown option '%s' (see ltbench inspect --help)\n", argv[i]);
            return LTB_EXIT_USAGE;
        } else if (path) {
            fprintf(stderr, "ltbench inspect: one FILE only ('%s' and '%s')\n", path, argv[i]);
            return LTB_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "ltbench inspect: no FILE given (usage: ltbench inspect FILE [-o json])\n");
        return LTB_EXIT_USAGE;
    }
    unsigned char *buf;
    size_t len;
    char err[512];
    if (ltb_read_file(path, INSPECT_MAX_FILE, &buf, &len, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench inspect: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    ltb_zip_entry *entries;
    int n;
    if (ltb_zip_list(buf, len, &entries, &n, err, sizeof err) != 0) {
        free(buf);
        fprintf(stderr, "ltbench inspect: '%s' is not a TorchScript file or AOTInductor package: %s\n",
                path, err);
        return LTB_EXIT_USAGE;
    }
    int code = LTB_EXIT_OK;
    if (is_aoti(entries, n)) {
        code = inspect_aoti(path, entries, n, json);
    } else {
        char device[32];
        saved_device(buf, len, entries, n, device, sizeof device);
        lt_inspect_info *info = malloc(sizeof *info);
        lt_error e;
        if (!info || lt_inspect_torchscript(path, info, &e) != LT_OK) {
            fprintf(stderr, "ltbench inspect: %s\n", info ? e.msg : "out of memory");
            code = LTB_EXIT_USAGE;
        } else if (json) {
            cJSON *o = torchscript_json(path, info, device);
            char *s = cJSON_Print(o);
            printf("%s\n", s);
            free(s);
            cJSON_Delete(o);
        } else {
            print_torchscript(path, info, device);
        }
        free(info);
    }
    free(entries);
    free(buf);
    return code;
}
