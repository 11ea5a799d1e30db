// lt_llm.cpp — decoder-only language models for `ltbench llm` (the "decoder-only
// language models" heading of lt_shim.h): open a TorchScript module with prefill/decode
// and vocab_size/max_seq_len, or an AOTInductor package (.pt2) holding two compiled
// models "prefill" and "decode" with vocab_size/max_seq_len in their metadata; run one
// prefill or one decode step, keep the model's cache as an opaque IValue the C side
// passes back, and hand the logits to a host float buffer. Sampling is the caller's.
// Same rules as lt_shim.cpp: no exception crosses the C boundary, every call runs under
// InferenceMode, an lt_llm is immutable after open.
// Builds against LibTorch 1.13 and 2.x alike: the package's models go through
// lt_aoti.hpp, which refuses them with the version on a LibTorch < 2.6.

#include "lt_aoti.hpp"
#include "lt_errors.hpp"
#include "lt_model_internal.hpp"
#include "lt_shim.h"
#include "lt_torch_compat.h"

#include <torch/script.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct lt_llm {
    lt_model *model = nullptr;    // opened by lt_model_open: device, precision, optimize
    torch::jit::Module *module = nullptr;     // a TorchScript file; else a package:
    std::unique_ptr<lt_aoti::Package> prefill_pkg, decode_pkg;   // its two models
    c10::Device device{c10::kCPU};
    std::string path;
    lt_llm_info info{};
};

struct lt_llm_cache {
    c10::IValue value;            // what the model returned as its cache (a package's: a tensor)
};

namespace {

using lt_errors::fail;
using lt_errors::from_exception;

void clear_error(lt_error *err) {
    if (err) err->msg[0] = '\0';
}

lt_status need_method(const lt_llm &m, const char *name, lt_error *err) {
    if (m.module->find_method(name).has_value()) return LT_OK;
    return fail(err, LT_ERR_NOT_FOUND,
                "model '%s' has no %s method: not a decoder-only language model (ltbench llm "
                "needs prefill(ids) -> (logits, cache) and decode(ids, cache, pos) -> (logits, "
                "cache); see models/README.md)", m.path.c_str(), name);
}

lt_status need_int_attr(const lt_llm &m, const char *name, int64_t lo, int64_t *out, lt_error *err) {
    if (m.module->hasattr(name)) {
        c10::IValue v = m.module->attr(name);
        if (v.isInt() && v.toInt() >= lo) {
            *out = v.toInt();
            return LT_OK;
        }
    }
    return fail(err, LT_ERR_NOT_FOUND, "model '%s' needs an int attribute %s >= %lld (see "
                "models/README.md, the llm contract)", m.path.c_str(), name, (long long)lo);
}

// The host ids [batch, len] as an int64 tensor on the model's device.
at::Tensor ids_tensor(const lt_llm &m, const int64_t *ids, int64_t batch, int64_t len) {
    at::Tensor t = torch::from_blob(const_cast<int64_t *>(ids), {batch, len}, at::kLong).clone();
    return m.device.is_cpu() ? t : t.to(m.device);
}

// Copies a step's logits [batch, vocab] to the host.
lt_status take_logits(const lt_llm &m, const char *method, const at::Tensor &t, int64_t batch,
                      float *logits, lt_error *err) {
    const int64_t V = m.info.vocab_size;
    if (t.dim() != 2 || t.size(0) != batch || t.size(1) != V)
        return fail(err, LT_ERR_SHAPE, "model '%s': %s returned logits of shape %s, not [%lld, %lld] "
                    "([batch, vocab_size])", m.path.c_str(), method,
                    c10::str(t.sizes()).c_str(), (long long)batch, (long long)V);
    at::Tensor host = t.to(c10::kCPU, at::kFloat).contiguous();   // waits for the step
    std::memcpy(logits, host.data_ptr<float>(), (size_t)(batch * V) * sizeof(float));
    return LT_OK;
}

// Splits a method's (logits, cache) answer; copies logits [batch, vocab] to the host.
lt_status take_answer(const lt_llm &m, const char *method, const c10::IValue &out, int64_t batch,
                      float *logits, c10::IValue *cache, lt_error *err) {
    if (!out.isTuple() || out.toTupleRef().elements().size() != 2 ||
        !out.toTupleRef().elements()[0].isTensor())
        return fail(err, LT_ERR_SHAPE, "model '%s': %s must return (logits, cache), a tuple of a "
                    "tensor and the cache", m.path.c_str(), method);
    const auto &el = out.toTupleRef().elements();
    lt_status s = take_logits(m, method, el[0].toTensor(), batch, logits, err);
    if (s == LT_OK) *cache = el[1];
    return s;
}

// A package model's [logits, cache] answer (its outputs flattened: two tensors).
lt_status take_package_answer(const lt_llm &m, const char *method, const std::vector<at::Tensor> &out,
                              int64_t batch, float *logits, c10::IValue *cache, lt_error *err) {
    if (out.size() != 2)
        return fail(err, LT_ERR_SHAPE, "model '%s': its %s model returned %d tensors, not 2 (logits, "
                    "cache)", m.path.c_str(), method, (int)out.size());
    lt_status s = take_logits(m, method, out[0], batch, logits, err);
    if (s == LT_OK) *cache = out[1];
    return s;
}

// An int >= lo from the package's metadata (the export's aot_inductor.metadata).
lt_status need_int_metadata(const lt_llm &m, const lt_aoti::Metadata &md, const char *name, int64_t lo,
                            int64_t *out, lt_error *err) {
    auto it = md.entries.find(name);
    if (it != md.entries.end()) {
        errno = 0;
        char *end = nullptr;
        long long v = std::strtoll(it->second.c_str(), &end, 10);
        if (errno == 0 && end != it->second.c_str() && *end == '\0' && v >= lo) {
            *out = (int64_t)v;
            return LT_OK;
        }
    }
    return fail(err, LT_ERR_NOT_FOUND, "package '%s' needs an int %s >= %lld in its prefill model's "
                "metadata (see models/README.md, the llm contract)", m.path.c_str(), name, (long long)lo);
}

// Loads a package's "prefill" and "decode" models; reads vocab_size and max_seq_len.
lt_status open_package(lt_llm &m, lt_error *err) {
    const char *path = m.path.c_str();
    for (const char *name : {"prefill", "decode"}) {
        std::string why = "not in the package";
        bool found = false;
        try {
            found = !lt_aoti::read_metadata(m.path, name).entries.empty();
        } catch (...) {
            why = lt_errors::exception_line();
        }
        if (!found)
            return fail(err, LT_ERR_NOT_FOUND, "'%s' has no %s model (%s): ltbench llm needs an "
                        "AOTInductor package holding the models prefill and decode (models/README.md, "
                        "the llm contract)", path, name, why.c_str());
    }
    try {
        m.prefill_pkg = lt_aoti::load(m.path, m.device, LT_AOTI_RUNNERS, "prefill");
        m.decode_pkg = lt_aoti::load(m.path, m.device, LT_AOTI_RUNNERS, "decode");
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, "'" + m.path + "' cannot be loaded as an AOTInductor package");
    }
    const lt_aoti::Metadata &md = m.prefill_pkg->metadata();
    lt_status s = need_int_metadata(m, md, "vocab_size", 2, &m.info.vocab_size, err);
    if (s == LT_OK) s = need_int_metadata(m, md, "max_seq_len", 2, &m.info.max_seq_len, err);
    if (s == LT_OK && md.entries.count("max_batch"))
        s = need_int_metadata(m, md, "max_batch", 1, &m.info.max_batch, err);
    return s;   // params: compiled into constants (the sidecar has the count)
}

// Opens a TorchScript file's module: the contract's methods and attributes, its parameters.
lt_status open_module(lt_llm &m, lt_error *err) {
    lt_status s;
    if ((s = need_method(m, "prefill", err)) == LT_OK && (s = need_method(m, "decode", err)) == LT_OK &&
        (s = need_int_attr(m, "vocab_size", 2, &m.info.vocab_size, err)) == LT_OK &&
        (s = need_int_attr(m, "max_seq_len", 2, &m.info.max_seq_len, err)) == LT_OK) {
        std::vector<const void *> seen;   // a tied weight (GPT-2's head) counts once
        for (const at::Tensor &p : m.module->parameters()) {
            if (std::find(seen.begin(), seen.end(), p.data_ptr()) != seen.end()) continue;
            seen.push_back(p.data_ptr());
            m.info.params += p.numel();
            m.info.param_bytes += p.numel() * (int64_t)p.element_size();
        }
    }
    return s;
}

lt_status check_ids(const lt_llm *m, const int64_t *ids, int64_t batch, int64_t len, float *logits,
                    const char *what, lt_error *err) {
    if (!m || !ids || !logits) return fail(err, LT_ERR_ARG, "%s: NULL model, ids or logits", what);
    if (batch < 1 || len < 1) return fail(err, LT_ERR_ARG, "%s: batch %lld x %lld tokens", what,
                                          (long long)batch, (long long)len);
    if (m->info.max_batch > 0 && batch > m->info.max_batch)   // a compiled package's dynamic range
        return fail(err, LT_ERR_ARG, "%s: batch %lld, over the largest batch %lld '%s' was compiled "
                    "for", what, (long long)batch, (long long)m->info.max_batch, m->path.c_str());
    for (int64_t i = 0; i < batch * len; i++)
        if (ids[i] < 0 || ids[i] >= m->info.vocab_size)
            return fail(err, LT_ERR_ARG, "%s: token id %lld is outside the vocabulary [0, %lld)", what,
                        (long long)ids[i], (long long)m->info.vocab_size);
    return LT_OK;
}

}  // namespace

extern "C" {

lt_status lt_llm_open(const char *path, const lt_open_options *opt, lt_llm **out, lt_error *err) {
    clear_error(err);
    if (!out) return fail(err, LT_ERR_ARG, "lt_llm_open: out is NULL");
    *out = nullptr;
    std::unique_ptr<lt_llm> m(new (std::nothrow) lt_llm());
    if (!m) return fail(err, LT_ERR_OOM, "lt_llm_open: out of memory");
    const bool package = path && lt_aoti::is_package_path(path);
    lt_status s = package ? lt_model_open_package_shell(path, opt, &m->model, err)
                          : lt_model_open(path, opt, &m->model, err);
    if (s != LT_OK) return s;
    try {
        m->path = path;
        m->module = lt_model_module(m->model);
        m->device = lt_model_torch_device(m->model);
        if (package)
            s = open_package(*m, err);
        else if (!m->module)
            s = fail(err, LT_ERR_UNSUPPORTED, "'%s' has no TorchScript module for ltbench llm", path);
        else
            s = open_module(*m, err);
    } catch (...) {
        s = from_exception(err, LT_ERR_FILE, "cannot read the llm contract of '" + std::string(path) + "'");
    }
    if (s != LT_OK) {
        lt_model_close(m->model);
        return s;
    }
    *out = m.release();
    return LT_OK;
}

void lt_llm_close(lt_llm *m) {
    if (!m) return;
    lt_model_close(m->model);
    delete m;
}

const char *lt_llm_device(const lt_llm *m) {
    return m ? lt_model_device(m->model) : "";
}

void lt_llm_get_info(const lt_llm *m, lt_llm_info *out) {
    if (out) *out = m ? m->info : lt_llm_info{};
}

lt_status lt_llm_prefill(lt_llm *m, const int64_t *ids, int64_t batch, int64_t len, float *logits,
                         lt_llm_cache **cache, lt_error *err) {
    clear_error(err);
    lt_status s = check_ids(m, ids, batch, len, logits, "prefill", err);
    if (s != LT_OK) return s;
    if (!cache) return fail(err, LT_ERR_ARG, "prefill: cache is NULL");
    if (len > m->info.max_seq_len)
        return fail(err, LT_ERR_ARG, "prefill: %lld tokens, over the model's max_seq_len %lld",
                    (long long)len, (long long)m->info.max_seq_len);
    try {
        lt_llm_cache_free(*cache);
        *cache = nullptr;
        std::unique_ptr<lt_llm_cache> c(new lt_llm_cache());
        lt_compat::InferenceGuard guard;
        if (m->prefill_pkg) {
            std::vector<at::Tensor> out = m->prefill_pkg->run({ids_tensor(*m, ids, batch, len)}, nullptr);
            s = take_package_answer(*m, "prefill", out, batch, logits, &c->value, err);
        } else {
            std::vector<c10::IValue> in{ids_tensor(*m, ids, batch, len)};
            c10::IValue out = m->module->get_method("prefill")(std::move(in));
            s = take_answer(*m, "prefill", out, batch, logits, &c->value, err);
        }
        if (s == LT_OK) *cache = c.release();
        return s;
    } catch (...) {
        return from_exception(err, LT_ERR_RUN, "prefill of '" + m->path + "'", true);
    }
}

lt_status lt_llm_decode(lt_llm *m, const int64_t *ids, int64_t batch, int64_t pos, lt_llm_cache *cache,
                        float *logits, lt_error *err) {
    clear_error(err);
    lt_status s = check_ids(m, ids, batch, 1, logits, "decode", err);
    if (s != LT_OK) return s;
    if (!cache) return fail(err, LT_ERR_ARG, "decode: no cache (run prefill first)");
    if (pos < 1 || pos >= m->info.max_seq_len)
        return fail(err, LT_ERR_ARG, "decode: position %lld is outside [1, max_seq_len %lld)",
                    (long long)pos, (long long)m->info.max_seq_len);
    try {
        lt_compat::InferenceGuard guard;
        if (m->decode_pkg) {   // pos as an int64 [1] tensor: a compiled model takes tensors only
            if (!cache->value.isTensor())
                return fail(err, LT_ERR_ARG, "decode: the cache is not a package's cache tensor");
            at::Tensor where = torch::full({1}, pos, at::TensorOptions().dtype(at::kLong).device(m->device));
            std::vector<at::Tensor> out =
                m->decode_pkg->run({ids_tensor(*m, ids, batch, 1), cache->value.toTensor(), where}, nullptr);
            return take_package_answer(*m, "decode", out, batch, logits, &cache->value, err);
        }
        std::vector<c10::IValue> in{ids_tensor(*m, ids, batch, 1), cache->value, c10::IValue(pos)};
        c10::IValue out = m->module->get_method("decode")(std::move(in));
        return take_answer(*m, "decode", out, batch, logits, &cache->value, err);
    } catch (...) {
        return from_exception(err, LT_ERR_RUN, "decode of '" + m->path + "'", true);
    }
}

void lt_llm_cache_free(lt_llm_cache *c) {
    try {
        delete c;
    } catch (...) {
    }
}

}  // extern "C"
