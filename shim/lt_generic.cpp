// lt_generic.cpp — generic TorchScript models for `ltbench run` and `ltbench inspect`
// (the "generic models" heading of lt_shim.h): any forward signature in, any structure
// of tensors out, tensors saved with torch.save, and what a module holds.
//
// Shaped for a second back end: the inputs become a std::vector<at::Tensor> bound to
// forward's arguments by index (build_inputs), the forward gives one c10::IValue, and
// walk_output flattens any IValue into named tensors; an AOTInductor runner
// (lt_aoti.cpp: vector of tensors in, vector out) can reuse both ends.
// Same rules as lt_shim.cpp: no exception crosses the C boundary, every forward runs
// under InferenceMode, an lt_generic is immutable after open (many threads run it).

#include "lt_aoti.hpp"
#include "lt_errors.hpp"
#include "lt_shim.h"
#include "lt_torch_compat.h"

#include <torch/script.h>
#include <torch/cuda.h>
#include <torch/serialize.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

struct lt_generic {
    torch::jit::Module module;
    c10::Device device{c10::kCPU};
    std::string device_name;
    std::string path;
    at::ScalarType dtype = at::kFloat;
    std::vector<lt_generic_arg> args;
    std::string return_type;
    std::unique_ptr<lt_aoti::Package> package;   // set: an AOTInductor .pt2, not TorchScript
};

namespace {

using lt_errors::fail;
using lt_errors::from_exception;

uint64_t gnow_ns() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

at::ScalarType scalar_type_of(lt_gdtype d) {
    switch (d) {
    case LT_G_F32: return at::kFloat;
    case LT_G_F16: return at::kHalf;
    case LT_G_BF16: return at::kBFloat16;
    case LT_G_F64: return at::kDouble;
    case LT_G_I64: return at::kLong;
    case LT_G_I32: return at::kInt;
    case LT_G_I16: return at::kShort;
    case LT_G_I8: return at::kChar;
    case LT_G_U8: return at::kByte;
    case LT_G_BOOL: return at::kBool;
    }
    return at::kFloat;
}

bool gdtype_of(at::ScalarType t, lt_gdtype *d) {
    switch (t) {
    case at::kFloat: *d = LT_G_F32; return true;
    case at::kHalf: *d = LT_G_F16; return true;
    case at::kBFloat16: *d = LT_G_BF16; return true;
    case at::kDouble: *d = LT_G_F64; return true;
    case at::kLong: *d = LT_G_I64; return true;
    case at::kInt: *d = LT_G_I32; return true;
    case at::kShort: *d = LT_G_I16; return true;
    case at::kChar: *d = LT_G_I8; return true;
    case at::kByte: *d = LT_G_U8; return true;
    case at::kBool: *d = LT_G_BOOL; return true;
    default: return false;
    }
}

void copy_text(char *dst, size_t cap, const std::string &s) {
    std::snprintf(dst, cap, "%s", s.c_str());
}

lt_arg_kind kind_of(const c10::TypePtr &t) {
    switch (t->kind()) {
    case c10::TypeKind::TensorType: return LT_ARG_TENSOR;
    case c10::TypeKind::IntType: return LT_ARG_INT;
    case c10::TypeKind::FloatType: return LT_ARG_FLOAT;
    case c10::TypeKind::BoolType: return LT_ARG_BOOL;
    case c10::TypeKind::OptionalType: {
        auto inner = t->castRaw<c10::OptionalType>()->getElementType();
        return inner->kind() == c10::TypeKind::TensorType ? LT_ARG_TENSOR : LT_ARG_OTHER;
    }
    default: return LT_ARG_OTHER;
    }
}

// forward's arguments (self dropped) and return type from its schema.
void read_schema(const torch::jit::Module &module, std::vector<lt_generic_arg> *args, std::string *ret,
                 std::string *schema_text) {
    const c10::FunctionSchema &schema = module.get_method("forward").function().getSchema();
    const auto &a = schema.arguments();
    for (size_t i = 1; i < a.size(); i++) {
        lt_generic_arg g;
        std::memset(&g, 0, sizeof g);
        copy_text(g.name, sizeof g.name, a[i].name());
        copy_text(g.type, sizeof g.type, a[i].type()->annotation_str());
        g.kind = kind_of(a[i].type());
        g.has_default = a[i].default_value().has_value() ? 1 : 0;
        args->push_back(g);
    }
    std::string r;
    const auto &rets = schema.returns();
    for (size_t i = 0; i < rets.size(); i++) r += (i ? ", " : "") + rets[i].type()->annotation_str();
    *ret = r;
    if (schema_text) {
        std::ostringstream os;
        os << schema;
        *schema_text = os.str();
    }
}

// One output tensor into item (growing its buffer); host tensor expected.
bool store_tensor(const std::string &name, const at::Tensor &host, lt_goutput *item) {
    at::Tensor t = host.contiguous();
    lt_gdtype d;
    if (!gdtype_of(t.scalar_type(), &d)) {
        t = t.to(at::kFloat);
        d = LT_G_F32;
    }
    size_t bytes = (size_t)t.numel() * t.element_size();
    if (bytes > item->capacity || !item->data) {
        void *p = std::realloc(item->data, bytes ? bytes : 1);
        if (!p) return false;
        item->data = p;
        item->capacity = bytes ? bytes : 1;
    }
    if (bytes) std::memcpy(item->data, t.data_ptr(), bytes);
    item->bytes = bytes;
    item->dtype = d;
    item->ndim = (int)std::min<int64_t>(t.dim(), LT_MAX_DIMS);
    for (int i = 0; i < LT_MAX_DIMS; i++) item->shape[i] = i < item->ndim ? t.size(i) : 0;
    copy_text(item->name, sizeof item->name, name);
    return true;
}

lt_goutput *next_item(lt_goutputs *o) {
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 8;
        auto *p = (lt_goutput *)std::realloc(o->items, (size_t)cap * sizeof(lt_goutput));
        if (!p) return nullptr;
        std::memset(p + o->cap, 0, (size_t)(cap - o->cap) * sizeof *p);
        o->items = p;
        o->cap = cap;
    }
    return &o->items[o->n++];
}

// Flattens any IValue into named host tensors: a tensor is one item; tuples and lists
// add ".i", dicts ".key"; ints, floats and bools become 0-d tensors; None and strings
// are skipped. Returns false when out of memory.
bool walk_output(const c10::IValue &v, const std::string &name, lt_goutputs *o) {
    if (v.isTensor()) {
        lt_goutput *item = next_item(o);
        return item && store_tensor(name, v.toTensor().to(c10::kCPU), item);
    }
    if (v.isTuple()) {
        const auto &el = v.toTupleRef().elements();
        for (size_t i = 0; i < el.size(); i++)
            if (!walk_output(el[i], name + "." + std::to_string(i), o)) return false;
        return true;
    }
    if (v.isList()) {
        auto list = v.toListRef();
        for (size_t i = 0; i < list.size(); i++)
            if (!walk_output(list[i], name + "." + std::to_string(i), o)) return false;
        return true;
    }
    if (v.isGenericDict()) {
        for (const auto &kv : v.toGenericDict()) {
            const c10::IValue &k = kv.key();
            std::string key = k.isString() ? k.toStringRef() : k.isInt() ? std::to_string(k.toInt()) : "key";
            if (!walk_output(kv.value(), name + "." + key, o)) return false;
        }
        return true;
    }
    if (v.isInt() || v.isDouble() || v.isBool()) {
        lt_goutput *item = next_item(o);
        at::Tensor t = v.isInt() ? at::scalar_tensor(v.toInt(), at::kLong)
                     : v.isDouble() ? at::scalar_tensor(v.toDouble(), at::kDouble)
                                    : at::scalar_tensor(v.toBool(), at::kBool);
        return item && store_tensor(name, t, item);
    }
    return true;
}

void sync_if_cuda(const c10::Device &dev) {
#ifdef LT_WITH_CUDA
    if (dev.is_cuda()) torch::cuda::synchronize(dev.index());
#else
    (void)dev;
#endif
}

void add_total(std::vector<lt_dtype_total> *v, const at::Tensor &t) {
    std::string d = c10::toString(t.scalar_type());
    for (auto &x : *v)
        if (d == x.dtype) {
            x.tensors++, x.elements += t.numel(), x.bytes += t.numel() * t.element_size();
            return;
        }
    if (v->size() >= 10) return;
    lt_dtype_total x;
    std::memset(&x, 0, sizeof x);
    copy_text(x.dtype, sizeof x.dtype, d);
    x.tensors = 1, x.elements = t.numel(), x.bytes = t.numel() * t.element_size();
    v->push_back(x);
}

std::string scalar_text(const c10::IValue &v) {
    if (v.isInt()) return std::to_string(v.toInt());
    if (v.isDouble()) {
        char b[64];
        std::snprintf(b, sizeof b, "%g", v.toDouble());
        return b;
    }
    if (v.isBool()) return v.toBool() ? "True" : "False";
    if (v.isString()) return "\"" + v.toStringRef().substr(0, 60) + "\"";
    return "";
}

// The number of tensors a package's call spec takes: the leaves ("type": null) of its
// serialised input pytree spec (positional arguments, then keyword arguments).
int package_leaf_count(const std::string &input_spec) {
    int n = 0;
    for (size_t at = input_spec.find("\"type\": null"); at != std::string::npos;
         at = input_spec.find("\"type\": null", at + 1))
        n++;
    return n;
}

// Opens an AOTInductor package into m: its arguments are its call spec's tensors, named
// by position ("0", "1", ...) until lt_generic_name_args names them.
lt_status open_package(lt_generic *m, const lt_open_options *opt, lt_error *err) {
    if (!lt_aoti::available())
        return fail(err, LT_ERR_UNSUPPORTED, "'%s': %s", m->path.c_str(), lt_aoti::unavailable_reason().c_str());
    if (opt && opt->precision != LT_FP32)
        return fail(err, LT_ERR_UNSUPPORTED,
                     "'%s' is an AOTInductor package: it runs in the dtype it was compiled for, so a "
                     "--precision other than fp32 cannot apply", m->path.c_str());
    m->package = lt_aoti::load(m->path, m->device, 8);
    int n = package_leaf_count(m->package->metadata().input_spec);
    if (n <= 0) n = 1;
    for (int i = 0; i < n && i < LT_GENERIC_MAX_ARGS; i++) {
        lt_generic_arg a{};
        std::snprintf(a.name, sizeof a.name, "%d", i);
        std::snprintf(a.type, sizeof a.type, "Tensor");
        a.kind = LT_ARG_TENSOR;
        m->args.push_back(a);
    }
    const std::string &out = m->package->metadata().output_spec;
    int n_out = package_leaf_count(out);
    m->return_type = n_out <= 1 ? "Tensor" : "tuple of " + std::to_string(n_out) + " Tensors";
    return LT_OK;
}

}  // namespace

extern "C" {

lt_status lt_generic_open(const char *path, const lt_open_options *opt, lt_generic **out, lt_error *err) {
    if (!out) return fail(err, LT_ERR_ARG, "lt_generic_open: out is NULL");
    *out = nullptr;
    if (!path) return fail(err, LT_ERR_ARG, "lt_generic_open: path is NULL");
    std::FILE *f = std::fopen(path, "rb");
    if (!f) return fail(err, LT_ERR_FILE, "model file '%s' cannot be read: %s", path, std::strerror(errno));
    std::fclose(f);
    auto *m = new (std::nothrow) lt_generic;
    if (!m) return fail(err, LT_ERR_OOM, "out of memory opening '%s'", path);
    try {
        const char *dev = opt && opt->device ? opt->device : "cpu";
        m->device = c10::Device(std::string(dev));
        if (m->device.is_cuda() && !torch::cuda::is_available()) {
            delete m;
            return fail(err, LT_ERR_DEVICE, "device '%s' is not available: no CUDA device is visible", dev);
        }
        if (!m->device.is_cpu() && !m->device.is_cuda()) {
            delete m;
            return fail(err, LT_ERR_DEVICE, "device '%s' is not valid: use cpu, cuda or cuda:N", dev);
        }
        if (m->device.is_cuda() && !m->device.has_index()) m->device = c10::Device(c10::kCUDA, 0);
        m->device_name = m->device.str();
        m->path = path;
        if (lt_aoti::is_package_path(m->path)) {
            lt_status s = open_package(m, opt, err);
            if (s != LT_OK) {
                delete m;
                return s;
            }
            *out = m;
            return LT_OK;
        }
        m->module = torch::jit::load(path, m->device);
        m->module.eval();
        lt_precision p = opt ? opt->precision : LT_FP32;
        m->dtype = p == LT_FP16 ? at::kHalf : p == LT_BF16 ? at::kBFloat16 : at::kFloat;
        if (m->dtype != at::kFloat) m->module.to(m->dtype);
        if (!m->module.find_method("forward")) {
            delete m;
            return fail(err, LT_ERR_FILE, "model '%s' has no forward method", path);
        }
        read_schema(m->module, &m->args, &m->return_type, nullptr);
    } catch (...) {
        bool package = lt_aoti::is_package_path(m->path);
        delete m;
        return from_exception(err, LT_ERR_FILE,
                               std::string(package ? "cannot load AOTInductor package '" : "cannot load TorchScript model '") +
                                   path + "'");
    }
    *out = m;
    return LT_OK;
}

void lt_generic_close(lt_generic *m) { delete m; }
const char *lt_generic_device(const lt_generic *m) { return m ? m->device_name.c_str() : "cpu"; }
int lt_generic_arg_count(const lt_generic *m) { return m ? (int)m->args.size() : 0; }
const lt_generic_arg *lt_generic_args(const lt_generic *m) { return m ? m->args.data() : nullptr; }
const char *lt_generic_return_type(const lt_generic *m) { return m ? m->return_type.c_str() : ""; }
int lt_generic_is_package(const lt_generic *m) { return m && m->package ? 1 : 0; }

lt_status lt_generic_name_args(lt_generic *m, const char *const *names, int n, lt_error *err) {
    if (!m || (n > 0 && !names)) return fail(err, LT_ERR_ARG, "lt_generic_name_args: NULL argument");
    if (!m->package)
        return fail(err, LT_ERR_ARG, "'%s': a TorchScript forward names its own arguments", m->path.c_str());
    if (n != (int)m->args.size())
        return fail(err, LT_ERR_ARG, "'%s' (AOTInductor package) takes %d input tensor%s, %d name%s given",
                     m->path.c_str(), (int)m->args.size(), m->args.size() == 1 ? "" : "s", n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++)
        if (names[i] && names[i][0]) copy_text(m->args[(size_t)i].name, sizeof m->args[(size_t)i].name, names[i]);
    return LT_OK;
}

lt_status lt_generic_run(lt_generic *m, const lt_gtensor *ins, int n_in, lt_goutputs *outs, lt_run_stats *stats,
                         lt_error *err) {
    if (!m || !outs || (n_in > 0 && !ins)) return fail(err, LT_ERR_ARG, "lt_generic_run: NULL argument");
    lt_run_stats local;
    if (!stats) stats = &local;
    std::memset(stats, 0, sizeof *stats);
    stats->gpu_h2d_ms = stats->gpu_forward_ms = stats->gpu_d2h_ms = -1;
    outs->n = 0;
    try {
        lt_compat::InferenceGuard guard;
        // H2D: the list of tensors, bound to forward's arguments by name
        uint64_t t0 = gnow_ns();
        std::vector<at::Tensor> tensors;
        std::unordered_map<std::string, c10::IValue> kwargs;
        for (int i = 0; i < n_in; i++) {
            const lt_gtensor &g = ins[i];
            if (g.arg < 0 || g.arg >= (int)m->args.size() || g.ndim < 0 || g.ndim > LT_MAX_DIMS)
                return fail(err, LT_ERR_ARG, "forward of '%s': input %d is not valid", m->path.c_str(), i);
            std::vector<int64_t> shape(g.shape, g.shape + g.ndim);
            at::Tensor t = torch::from_blob(const_cast<void *>(g.data), shape, scalar_type_of(g.dtype));
            if (g.dtype == LT_G_F32 && m->dtype != at::kFloat) t = t.to(m->dtype);
            t = t.to(m->device);
            tensors.push_back(t);
            const lt_generic_arg &a = m->args[(size_t)g.arg];
            c10::IValue v;
            if (a.kind == LT_ARG_INT) v = t.item<int64_t>();
            else if (a.kind == LT_ARG_FLOAT) v = t.item<double>();
            else if (a.kind == LT_ARG_BOOL) v = t.item<bool>();
            else v = t;
            kwargs[a.name] = v;
        }
        sync_if_cuda(m->device);
        uint64_t t1 = gnow_ns();
        c10::IValue r;
        try {
            if (m->package) {
                std::vector<at::Tensor> ordered(m->args.size());
                for (int i = 0; i < n_in; i++) ordered[(size_t)ins[i].arg] = tensors[(size_t)i];
                for (size_t i = 0; i < ordered.size(); i++)
                    if (!ordered[i].defined())
                        return fail(err, LT_ERR_ARG, "'%s' (AOTInductor package): input %zu was not given",
                                     m->path.c_str(), i);
                std::vector<at::Tensor> res = m->package->run(ordered, nullptr);
                r = res.size() == 1 ? c10::IValue(res[0])
                                    : c10::IValue(c10::ivalue::Tuple::create(std::vector<c10::IValue>(res.begin(), res.end())));
            } else {
                r = m->module.get_method("forward")(std::vector<c10::IValue>{}, kwargs);
            }
            sync_if_cuda(m->device);
        } catch (...) {
            return from_exception(err, LT_ERR_RUN, "forward of '" + m->path + "'");
        }
        uint64_t t2 = gnow_ns();
        if (!walk_output(r, "output", outs))
            return fail(err, LT_ERR_OOM, "forward of '%s': out of memory copying the outputs", m->path.c_str());
        uint64_t t3 = gnow_ns();
        stats->h2d_ns = t1 - t0;
        stats->forward_ns = t2 - t1;
        stats->d2h_ns = t3 - t2;
    } catch (...) {
        return from_exception(err, LT_ERR_RUN, "forward of '" + m->path + "'");
    }
    return LT_OK;
}

void lt_goutputs_free(lt_goutputs *o) {
    if (!o) return;
    for (int i = 0; i < o->cap; i++) std::free(o->items[i].data);
    std::free(o->items);
    o->items = nullptr;
    o->n = o->cap = 0;
}

lt_status lt_tensor_file_load(const char *path, lt_goutput *out, lt_error *err) {
    try {
        std::ifstream in(path, std::ios::binary);
        if (!in) return fail(err, LT_ERR_FILE, "'%s' cannot be read: %s", path, std::strerror(errno));
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        c10::IValue v = torch::pickle_load(bytes);
        if (!v.isTensor())
            return fail(err, LT_ERR_FILE, "'%s' holds a %s, not a single tensor", path,
                         v.tagKind().c_str());
        if (!store_tensor("tensor", v.toTensor().to(c10::kCPU), out))
            return fail(err, LT_ERR_OOM, "'%s': out of memory", path);
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, std::string("'") + path + "' is not a tensor saved with torch.save");
    }
    return LT_OK;
}

lt_status lt_inspect_package(const char *path, lt_package_info *out, lt_error *err) {
    if (!path || !out) return fail(err, LT_ERR_ARG, "lt_inspect_package: NULL argument");
    std::memset(out, 0, sizeof *out);
    if (!lt_aoti::available())
        return fail(err, LT_ERR_UNSUPPORTED, "'%s': %s", path, lt_aoti::unavailable_reason().c_str());
    try {
        // One model named "model"; a language model's package has "prefill" and "decode"
        // instead: then prefill's facts.
        std::string model = "model";
        lt_aoti::Metadata md;
        try {
            md = lt_aoti::read_metadata(path, model);
        } catch (...) {
        }
        if (md.entries.empty()) md = lt_aoti::read_metadata(path, model = "prefill");
        // The call spec and the constants come with the compiled code: load it where it can run.
        std::unique_ptr<lt_aoti::Package> loaded;
        if (md.compiled_for == "cpu")
            loaded = lt_aoti::load(path, c10::Device(c10::kCPU), 1, model);
        else if (md.compiled_for == "cuda" && torch::cuda::is_available())
            loaded = lt_aoti::load(path, c10::Device(c10::kCUDA, 0), 1, model);
        if (loaded) md = loaded->metadata();
        copy_text(out->compiled_for, sizeof out->compiled_for, md.compiled_for);
        out->n_inputs = package_leaf_count(md.input_spec);
        out->n_outputs = package_leaf_count(md.output_spec);
        out->n_constants = (int)md.constant_names.size();
        std::string text;
        for (const auto &kv : md.entries) text += (text.empty() ? "" : ", ") + kv.first + "=" + kv.second;
        copy_text(out->metadata, sizeof out->metadata, text);
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, std::string("cannot read AOTInductor package '") + path + "'");
    }
    return LT_OK;
}

lt_status lt_inspect_torchscript(const char *path, lt_inspect_info *out, lt_error *err) {
    if (!out || !path) return fail(err, LT_ERR_ARG, "lt_inspect_torchscript: NULL argument");
    std::memset(out, 0, sizeof *out);
    try {
        torch::jit::Module module = torch::jit::load(path, c10::Device(c10::kCPU));
        std::vector<lt_generic_arg> args;
        std::string ret, schema;
        if (module.find_method("forward")) {
            read_schema(module, &args, &ret, &schema);
            out->n_args = (int)std::min<size_t>(args.size(), LT_GENERIC_MAX_ARGS);
            for (int i = 0; i < out->n_args; i++) out->args[i] = args[(size_t)i];
            copy_text(out->return_type, sizeof out->return_type, ret);
            copy_text(out->schema, sizeof out->schema, schema);
        }
        for (const auto &meth : module.get_methods()) {
            if (out->n_methods >= 32) break;
            copy_text(out->methods[out->n_methods++], 64, meth.name());
        }
        const auto &type = module.type();
        for (size_t i = 0; i < type->numAttributes() && out->n_attributes < 64; i++) {
            const auto &t = type->getAttribute(i);
            if (type->is_parameter(i) || type->is_buffer(i) || t->kind() == c10::TypeKind::ClassType) continue;
            std::string name = type->getAttributeName(i);
            if (name == "training") continue;
            lt_named_text &a = out->attributes[out->n_attributes++];
            copy_text(a.name, sizeof a.name, name);
            std::string val = scalar_text(module.attr(name));
            copy_text(a.value, sizeof a.value, t->annotation_str() + (val.empty() ? "" : " = " + val));
        }
        std::vector<lt_dtype_total> params, buffers;
        std::string device;
        for (const auto &p : module.named_parameters(true)) {
            add_total(&params, p.value);
            if (device.empty()) device = p.value.device().str();
        }
        for (const auto &b : module.named_buffers(true)) add_total(&buffers, b.value);
        out->n_param_dtypes = (int)params.size();
        for (size_t i = 0; i < params.size(); i++) out->params[i] = params[i];
        out->n_buffer_dtypes = (int)buffers.size();
        for (size_t i = 0; i < buffers.size(); i++) out->buffers[i] = buffers[i];
        copy_text(out->device, sizeof out->device, device.empty() ? "none (no parameters)" : device);
    } catch (...) {
        return from_exception(err, LT_ERR_FILE, std::string("cannot load TorchScript model '") + path + "'");
    }
    return LT_OK;
}

}  // extern "C"
