/* test_gpu_device.c — the CUDA path on a real GPU (CTest label "gpu"). Without a
 * CUDA device it prints why and exits 77, which CTest reports as skipped.
 *
 * Shim: device facts; a forward on a worker stream gives the CPU's answer, CUDA event
 * times and an enqueue time; caching-allocator peaks reset and grow; a CUDA graph
 * replays the eager answer; a CUDA out-of-memory error is LT_ERR_OOM and the device
 * works after it; the matmul and copy ceilings run. CLI: an image run on cuda:0 fills
 * the GPU columns (compute time per request, memory, telemetry when NVML is there);
 * --cuda-graph gives the eager top-1; a batch that does not fit is skipped as out of
 * memory while the next batch runs; streaming TTS on the GPU; qualify --quick. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "lt_shim.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEV "cuda:0"

static char *model(const char *file)
{
    return tu_path(tu_env("LTBENCH_MODELS_DIR"), file);
}

static lt_model *open_on(const char *file, const char *device, int cuda_graph)
{
    char *path = model(file);
    lt_open_options o = {.device = device, .cuda_graph = cuda_graph};
    lt_model *m = NULL;
    lt_error e;
    if (lt_model_open(path, &o, &m, &e) != LT_OK)
        fail_msg("open %s on %s: %s", path, device, e.msg);
    free(path);
    return m;
}

/* A seeded [n,3,224,224] input. */
static float *input(int n)
{
    size_t len = (size_t)n * 3 * 224 * 224;
    float *x = malloc(len * sizeof *x);
    uint32_t s = 12345;
    for (size_t i = 0; i < len; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (float)((s >> 8) & 0xffff) / 65536.0f - 0.5f;
    }
    return x;
}

static double max_abs_diff(const lt_tensor_buf *a, const lt_tensor_buf *b)
{
    assert_int_equal((int)a->numel, (int)b->numel);
    double d = 0;
    for (size_t i = 0; i < a->numel; i++)
        d = fmax(d, fabs((double)a->data[i] - (double)b->data[i]));
    return d;
}

static void device_facts(void **state)
{
    (void)state;
    lt_cuda_device d;
    lt_error e;
    assert_int_equal(lt_cuda_device_info(0, &d, &e), LT_OK);
    print_message("cuda:0: %s, cc %d.%d, %d SMs, %lld MB, %s, %s, driver API %d\n", d.name, d.cc_major,
                  d.cc_minor, d.multiprocessors, (long long)(d.total_memory_bytes >> 20), d.pci_bus_id,
                  d.uuid, d.driver_version);
    assert_true(d.name[0] != '\0');
    assert_true(d.cc_major >= 3);
    assert_true(d.multiprocessors > 0);
    assert_true(d.total_memory_bytes > (1LL << 30));
    assert_memory_equal(d.uuid, "GPU-", 4);
}

static void a_stream_forward_matches_the_cpu_and_is_timed_by_events(void **state)
{
    (void)state;
    lt_model *cpu = open_on("resnet18.pt", "cpu", 0);
    lt_model *gpu = open_on("resnet18.pt", DEV, 0);
    lt_stream *s = NULL;
    lt_error e;
    assert_int_equal(lt_stream_create(DEV, &s, &e), LT_OK);
    float *x = input(2);
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {2, 3, 224, 224}, .data = x};
    lt_tensor_buf a = {0}, b = {0};
    lt_run_stats st;
    assert_int_equal(lt_model_run(cpu, &in, &a, NULL, &e), LT_OK);
    for (int i = 0; i < 3; i++)                      /* warm, then the timed one */
        assert_int_equal(lt_model_run_on(gpu, s, NULL, &in, &b, &st, &e), LT_OK);
    assert_int_equal(lt_stream_sync(s, &e), LT_OK);
    double diff = max_abs_diff(&a, &b);
    print_message("cpu vs cuda max |diff| %.2e; h2d %.3f fwd %.3f d2h %.3f ms by events; "
                  "host fwd %.3f ms, enqueue %.3f ms\n", diff, st.gpu_h2d_ms, st.gpu_forward_ms,
                  st.gpu_d2h_ms, st.forward_ns / 1e6, st.forward_enqueue_ns / 1e6);
    assert_true(diff < 2e-2);
    assert_true(st.gpu_forward_ms > 0 && st.gpu_h2d_ms >= 0 && st.gpu_d2h_ms >= 0);
    assert_true(st.forward_enqueue_ns > 0 && st.forward_enqueue_ns <= st.forward_ns);
    lt_tensor_buf_free(&a);
    lt_tensor_buf_free(&b);
    free(x);
    lt_stream_destroy(s);
    lt_model_close(cpu);
    lt_model_close(gpu);
}

static void memory_peaks_reset_and_grow(void **state)
{
    (void)state;
    lt_model *m = open_on("resnet18.pt", DEV, 0);
    lt_error e;
    lt_memory_stats before, after;
    assert_int_equal(lt_memory_reset_peak(DEV, &e), LT_OK);
    assert_int_equal(lt_memory_stats_read(DEV, &before, &e), LT_OK);
    float *x = input(16);
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {16, 3, 224, 224}, .data = x};
    lt_tensor_buf out = {0};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &e), LT_OK);
    assert_int_equal(lt_memory_stats_read(DEV, &after, &e), LT_OK);
    print_message("allocated peak %lld MB, reserved peak %lld MB, device used %lld of %lld MB\n",
                  (long long)(after.allocated_peak_bytes >> 20), (long long)(after.reserved_peak_bytes >> 20),
                  (long long)((after.device_total_bytes - after.device_free_bytes) >> 20),
                  (long long)(after.device_total_bytes >> 20));
    assert_true(after.allocated_peak_bytes > before.allocated_bytes + 16LL * 3 * 224 * 224 * 4);
    assert_true(after.reserved_peak_bytes >= after.allocated_peak_bytes);
    assert_true(after.device_total_bytes > 0 && after.device_free_bytes <= after.device_total_bytes);
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(m);
}

static void a_cuda_graph_replays_the_eager_answer(void **state)
{
    (void)state;
    lt_model *eager = open_on("resnet18.pt", DEV, 0);
    lt_model *graph = open_on("resnet18.pt", DEV, 1);
    lt_stream *s = NULL;
    lt_error e;
    assert_int_equal(lt_stream_create(DEV, &s, &e), LT_OK);
    float *x = input(4);
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {4, 3, 224, 224}, .data = x};
    lt_tensor_buf a = {0}, b = {0};
    lt_run_stats st;
    assert_int_equal(lt_model_run_on(eager, s, NULL, &in, &a, NULL, &e), LT_OK);
    for (int i = 0; i < 3; i++) {                    /* capture, then replays */
        lt_status rc = lt_model_run_on(graph, s, NULL, &in, &b, &st, &e);
        if (rc != LT_OK)
            fail_msg("graph run %d: %s: %s", i, lt_status_name(rc), e.msg);
    }
    double diff = max_abs_diff(&a, &b);
    print_message("graph vs eager max |diff| %.2e; replay %.3f ms by events\n", diff, st.gpu_forward_ms);
    assert_true(diff < 1e-3);
    x[0] += 1.0f;                                    /* new data, same shape: the graph sees it */
    assert_int_equal(lt_model_run_on(eager, s, NULL, &in, &a, NULL, &e), LT_OK);
    assert_int_equal(lt_model_run_on(graph, s, NULL, &in, &b, NULL, &e), LT_OK);
    assert_true(max_abs_diff(&a, &b) < 1e-3);
    lt_tensor_buf_free(&a);
    lt_tensor_buf_free(&b);
    free(x);
    lt_stream_destroy(s);
    lt_model_close(eager);
    lt_model_close(graph);
}

static void out_of_memory_is_reported_and_the_device_still_works(void **state)
{
    (void)state;
    char *path = tu_path(tu_env("LTBENCH_SHIM_FIXTURES"), "fixture_oom_device.pt");
    lt_open_options o = {.device = DEV};
    lt_model *m = NULL;
    lt_error e;
    assert_int_equal(lt_model_open(path, &o, &m, &e), LT_OK);
    float one = 1.0f;
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 1, .shape = {1}, .data = &one};
    lt_tensor_buf out = {0};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &e), LT_ERR_OOM);
    print_message("oom: %s\n", e.msg);
    assert_true(tu_is_one_line(e.msg));
    lt_model_close(m);
    free(path);
    lt_model *r = open_on("resnet18.pt", DEV, 0);      /* the device is usable afterwards */
    float *x = input(1);
    lt_tensor_view one_image = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {1, 3, 224, 224}, .data = x};
    assert_int_equal(lt_model_run(r, &one_image, &out, NULL, &e), LT_OK);
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(r);
}

static void ceilings_run(void **state)
{
    (void)state;
    lt_error e;
    double fp16 = 0, fp32 = 0, gbps = 0;
    assert_int_equal(lt_bench_matmul(DEV, 4096, LT_FP16, 10, &fp16, &e), LT_OK);
    assert_int_equal(lt_bench_matmul(DEV, 4096, LT_FP32, 5, &fp32, &e), LT_OK);
    assert_int_equal(lt_bench_copy(DEV, 256LL << 20, 10, &gbps, &e), LT_OK);
    print_message("matmul 4096: fp16 %.1f, fp32 %.1f TFLOP/s; copy 256 MiB: %.0f GB/s\n", fp16, fp32, gbps);
    assert_true(fp16 > 1.0 && fp32 > 0.5 && gbps > 50.0);
}

/* ---- the command line on the GPU ----------------------------------------------------- */

static const cJSON *level_metrics(const cJSON *root, int i)
{
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "levels"), i);
    assert_non_null(lvl);
    return cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
}

static int nvml_here(void)
{
    tu_output o;
    assert_int_equal(tu_run_cli("info", &o), 0);
    int yes = strstr(o.out, "nvml           driver") != NULL;
    print_message("%s", o.out);
    tu_output_free(&o);
    return yes;
}

static void an_image_run_fills_the_gpu_columns(void **state)
{
    (void)state;
    int nvml = nvml_here();
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "image --device " DEV " -c 1,2 -b 1,8 -n 20 --synthetic 4 -o table,csv,json "
             "--no-plots --output-dir '%s' --name eager", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    print_message("%s%s", o.out, o.err);
    assert_non_null(strstr(o.out, "GPU (ms: host latency vs CUDA events"));
    tu_output_free(&o);
    cJSON *j = tu_read_json(dir, "eager.json");
    for (int i = 0; i < 4; i++) {
        const cJSON *m = level_metrics(j, i);
        const cJSON *gpu = cJSON_GetObjectItemCaseSensitive(m, "gpu");
        const cJSON *compute = cJSON_GetObjectItemCaseSensitive(gpu, "compute_ms");
        assert_int_equal((int)tu_json_number(compute, "n"), 20);
        assert_true(tu_json_number(compute, "mean") > 0);
        assert_true(tu_json_number(gpu, "mean_enqueue_ms") > 0);
        assert_true(tu_json_number(gpu, "mem_peak_allocated_mb") > 0);
        assert_true(tu_json_number(gpu, "mem_total_mb") > 1000);
        assert_true(tu_json_number(m, "gpu_mem_mb") > 0);
        if (nvml) {
            assert_true(tu_json_number(gpu, "telemetry_samples") >= 1);
            assert_true(tu_json_number(gpu, "avg_power_w") > 0);
            const cJSON *energy = cJSON_GetObjectItemCaseSensitive(gpu, "energy_j");
            if (cJSON_IsNumber(energy))              /* a short level may see no counter tick */
                assert_true(energy->valuedouble >= 0);
        }
    }
    cJSON_Delete(j);
    char *summary = tu_path(dir, "eager_summary.csv");
    char *text = tu_read_file(summary);
    assert_non_null(strstr(text, "GPU_Compute_Mean_ms"));
    free(text);
    free(summary);

    snprintf(args, sizeof args, "image --device " DEV " --cuda-graph -c 2 -b 8 -n 10 --synthetic 4 -q -o json "
             "--no-plots --output-dir '%s' --name graph", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    tu_output_free(&o);
    cJSON *e = tu_read_json(dir, "eager.json"), *g = tu_read_json(dir, "graph.json");
    const cJSON *er = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                                             cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "levels"), 1),
                                             "records"), 0);
    const cJSON *gr = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                                             cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g, "levels"), 0),
                                             "records"), 0);
    assert_int_equal((int)tu_json_number(er, "sample"), (int)tu_json_number(gr, "sample"));
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(er, "topk_ids"), 0)->valueint,
                     cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(gr, "topk_ids"), 0)->valueint);
    cJSON_Delete(e);
    cJSON_Delete(g);
    free(dir);
}

static void a_batch_that_does_not_fit_is_skipped_and_the_sweep_goes_on(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    /* ResNet-50 at 2048x2048: batch 256 needs far more than any GPU's memory */
    snprintf(args, sizeof args, "image -m \"$LTBENCH_MODELS_DIR/resnet50.pt\" --device " DEV
             " --synthetic 1 --width 2048 --height 2048 -b 1,256,2 -c 1 -n 2 --warmup 1 -q -o json "
             "--no-plots --output-dir '%s' --name oom", dir);
    assert_int_equal(tu_run_cli(args, &o), 1);
    tu_output_free(&o);
    cJSON *j = tu_read_json(dir, "oom.json");
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(j, "levels");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(levels, 0), "skipped")));
    const cJSON *big = cJSON_GetArrayItem(levels, 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(big, "skipped")));
    const char *note = cJSON_GetObjectItemCaseSensitive(big, "note")->valuestring;
    print_message("batch 256: %s\n", note);
    assert_non_null(strstr(note, "out of memory at batch 256"));
    const cJSON *after = cJSON_GetArrayItem(levels, 2);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(after, "skipped")));
    assert_true(tu_json_number(cJSON_GetObjectItemCaseSensitive(after, "metrics"), "ok_requests") == 2);
    cJSON_Delete(j);
    free(dir);
}

static void streaming_tts_and_qualify_run_on_the_gpu(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "tts -m \"$LTBENCH_MODELS_DIR/tts_small.pt\" --device " DEV
             " --streaming -c 1,2 -n 4 -q -o json --no-plots --output-dir '%s' --name tts", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    tu_output_free(&o);
    cJSON *j = tu_read_json(dir, "tts.json");
    const cJSON *gpu = cJSON_GetObjectItemCaseSensitive(level_metrics(j, 0), "gpu");
    assert_true(tu_json_number(cJSON_GetObjectItemCaseSensitive(gpu, "compute_ms"), "mean") > 0);
    cJSON_Delete(j);

    snprintf(args, sizeof args, "qualify --quick --device " DEV " -q --output-dir '%s' --name prof", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    print_message("%s", o.out);
    tu_output_free(&o);
    j = tu_read_json(dir, "prof.json");
    const cJSON *dev = cJSON_GetObjectItemCaseSensitive(j, "device");
    assert_memory_equal(cJSON_GetObjectItemCaseSensitive(dev, "uuid")->valuestring, "GPU-", 4);
    cJSON_Delete(j);
    free(dir);
}

int main(void)
{
    lt_info info;
    lt_get_info(&info);
    if (!info.cuda_available) {
        printf("SKIP: no CUDA device (%s): the GPU tests need one\n",
               info.cuda_compiled ? "this LibTorch has CUDA but sees no device" : "this LibTorch has no CUDA");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(device_facts),
        cmocka_unit_test(a_stream_forward_matches_the_cpu_and_is_timed_by_events),
        cmocka_unit_test(memory_peaks_reset_and_grow),
        cmocka_unit_test(a_cuda_graph_replays_the_eager_answer),
        cmocka_unit_test(out_of_memory_is_reported_and_the_device_still_works),
        cmocka_unit_test(ceilings_run),
        cmocka_unit_test(an_image_run_fills_the_gpu_columns),
        cmocka_unit_test(a_batch_that_does_not_fit_is_skipped_and_the_sweep_goes_on),
        cmocka_unit_test(streaming_tts_and_qualify_run_on_the_gpu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
