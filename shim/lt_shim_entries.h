/* lt_shim_entries.h — every function of lt_shim.h, once, as an X-macro list: the shim's
 * table of entry points (lt_shim_table.cpp) and the harness's forwarders that load the
 * shim on first use (src/base/shim_loader.c) are both made from it. Adding a function
 * to lt_shim.h is one line here too (tests/unit/base/test_shim_entries.c fails until it
 * is): LT_SHIM_FN(return type, name, (parameters), (arguments)), or for a function that
 * returns nothing LT_SHIM_VOID(name, (parameters), (arguments)). The includer defines
 * both macros; no include guard on purpose. */
LT_SHIM_VOID(lt_get_info, (lt_info *out), (out))
LT_SHIM_FN(lt_status, lt_device_name, (int idx, char *buf, size_t len, lt_error *err),
           (idx, buf, len, err))
LT_SHIM_FN(lt_status, lt_set_threads, (int intra_op, int inter_op, lt_error *err),
           (intra_op, inter_op, err))
LT_SHIM_FN(lt_status, lt_set_worker_threads, (int n, lt_error *err), (n, err))
LT_SHIM_FN(lt_status, lt_model_open,
           (const char *path, const lt_open_options *opt, lt_model **out, lt_error *err),
           (path, opt, out, err))
LT_SHIM_VOID(lt_model_close, (lt_model *m), (m))
LT_SHIM_FN(const char *, lt_model_device, (const lt_model *m), (m))
LT_SHIM_FN(int, lt_model_optimized, (const lt_model *m, const char **why), (m, why))
LT_SHIM_FN(lt_status, lt_model_run,
           (lt_model *m, const lt_tensor_view *in, lt_tensor_buf *out, lt_run_stats *stats,
            lt_error *err),
           (m, in, out, stats, err))
LT_SHIM_FN(lt_status, lt_model_run_method,
           (lt_model *m, const char *method, const lt_tensor_view *in, lt_tensor_buf *out,
            lt_run_stats *stats, lt_error *err),
           (m, method, in, out, stats, err))
LT_SHIM_FN(lt_status, lt_model_run_method_n,
           (lt_model *m, const char *method, const lt_tensor_view *ins, int n_in,
            lt_tensor_buf *out, lt_run_stats *stats, lt_error *err),
           (m, method, ins, n_in, out, stats, err))
LT_SHIM_FN(int, lt_model_has_method, (const lt_model *m, const char *method), (m, method))
LT_SHIM_FN(lt_status, lt_model_attr_int,
           (const lt_model *m, const char *name, int64_t *out, lt_error *err),
           (m, name, out, err))
LT_SHIM_FN(lt_status, lt_model_attr_float,
           (const lt_model *m, const char *name, double *out, lt_error *err),
           (m, name, out, err))
LT_SHIM_FN(lt_status, lt_model_attr_string,
           (const lt_model *m, const char *name, char *buf, size_t len, lt_error *err),
           (m, name, buf, len, err))
LT_SHIM_FN(lt_status, lt_device_sync, (const char *device, lt_error *err), (device, err))
LT_SHIM_FN(lt_status, lt_stream_create, (const char *device, lt_stream **out, lt_error *err),
           (device, out, err))
LT_SHIM_FN(lt_status, lt_stream_sync, (lt_stream *s, lt_error *err), (s, err))
LT_SHIM_VOID(lt_stream_destroy, (lt_stream *s), (s))
LT_SHIM_FN(lt_status, lt_model_run_on,
           (lt_model *m, lt_stream *s, const char *method, const lt_tensor_view *in,
            lt_tensor_buf *out, lt_run_stats *stats, lt_error *err),
           (m, s, method, in, out, stats, err))
LT_SHIM_FN(lt_status, lt_set_cudnn_benchmark, (int on, lt_error *err), (on, err))
LT_SHIM_FN(lt_status, lt_cuda_device_info, (int idx, lt_cuda_device *out, lt_error *err),
           (idx, out, err))
LT_SHIM_FN(lt_status, lt_memory_stats_read,
           (const char *device, lt_memory_stats *out, lt_error *err), (device, out, err))
LT_SHIM_FN(lt_status, lt_memory_reset_peak, (const char *device, lt_error *err), (device, err))
LT_SHIM_FN(lt_status, lt_bench_matmul,
           (const char *device, int n, lt_precision p, int iters, double *tflops, lt_error *err),
           (device, n, p, iters, tflops, err))
LT_SHIM_FN(lt_status, lt_bench_copy,
           (const char *device, int64_t bytes, int iters, double *gbps, lt_error *err),
           (device, bytes, iters, gbps, err))
LT_SHIM_FN(lt_status, lt_generic_open,
           (const char *path, const lt_open_options *opt, lt_generic **out, lt_error *err),
           (path, opt, out, err))
LT_SHIM_VOID(lt_generic_close, (lt_generic *m), (m))
LT_SHIM_FN(const char *, lt_generic_device, (const lt_generic *m), (m))
LT_SHIM_FN(int, lt_generic_arg_count, (const lt_generic *m), (m))
LT_SHIM_FN(const lt_generic_arg *, lt_generic_args, (const lt_generic *m), (m))
LT_SHIM_FN(const char *, lt_generic_return_type, (const lt_generic *m), (m))
LT_SHIM_FN(int, lt_generic_is_package, (const lt_generic *m), (m))
LT_SHIM_FN(lt_status, lt_generic_name_args,
           (lt_generic *m, const char *const *names, int n, lt_error *err), (m, names, n, err))
LT_SHIM_FN(lt_status, lt_generic_run,
           (lt_generic *m, const lt_gtensor *ins, int n_in, lt_goutputs *outs,
            lt_run_stats *stats, lt_error *err),
           (m, ins, n_in, outs, stats, err))
LT_SHIM_VOID(lt_goutputs_free, (lt_goutputs *o), (o))
LT_SHIM_FN(lt_status, lt_tensor_file_load, (const char *path, lt_goutput *out, lt_error *err),
           (path, out, err))
LT_SHIM_FN(lt_status, lt_inspect_torchscript,
           (const char *path, lt_inspect_info *out, lt_error *err), (path, out, err))
LT_SHIM_FN(lt_status, lt_inspect_package,
           (const char *path, lt_package_info *out, lt_error *err), (path, out, err))
LT_SHIM_FN(lt_status, lt_profile_supported, (lt_error *err), (err))
LT_SHIM_FN(lt_status, lt_profile_begin, (int with_cuda, lt_error *err), (with_cuda, err))
LT_SHIM_FN(lt_status, lt_profile_end,
           (const char *trace_path, lt_profile_op *ops, int max_ops, int *n_ops, int *n_groups,
            lt_error *err),
           (trace_path, ops, max_ops, n_ops, n_groups, err))
LT_SHIM_FN(lt_status, lt_llm_open,
           (const char *path, const lt_open_options *opt, lt_llm **out, lt_error *err),
           (path, opt, out, err))
LT_SHIM_VOID(lt_llm_close, (lt_llm *m), (m))
LT_SHIM_FN(const char *, lt_llm_device, (const lt_llm *m), (m))
LT_SHIM_VOID(lt_llm_get_info, (const lt_llm *m, lt_llm_info *out), (m, out))
LT_SHIM_FN(lt_status, lt_llm_prefill,
           (lt_llm *m, const int64_t *ids, int64_t batch, int64_t len, float *logits,
            lt_llm_cache **cache, lt_error *err),
           (m, ids, batch, len, logits, cache, err))
LT_SHIM_FN(lt_status, lt_llm_decode,
           (lt_llm *m, const int64_t *ids, int64_t batch, int64_t pos, lt_llm_cache *cache,
            float *logits, lt_error *err),
           (m, ids, batch, pos, cache, logits, err))
LT_SHIM_VOID(lt_llm_cache_free, (lt_llm_cache *c), (c))
LT_SHIM_VOID(lt_tensor_buf_free, (lt_tensor_buf *b), (b))
LT_SHIM_FN(const char *, lt_status_name, (lt_status s), (s))
