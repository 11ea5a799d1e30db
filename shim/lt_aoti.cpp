// lt_aoti.cpp — AOTInductor packages (.pt2) through torch::inductor::AOTIModelPackageLoader
// (see lt_aoti.hpp). Where the LibTorch is older than 2.6 every entry throws a sentence
// naming the version instead.
#include "lt_aoti.hpp"
#include "lt_torch_compat.h"

#include <torch/version.h>

#include <cstdio>
#include <stdexcept>

#if LT_HAVE_AOTI
#include <torch/csrc/inductor/aoti_package/model_package_loader.h>
#include <torch/csrc/inductor/aoti_runner/model_container_runner.h>
#endif

namespace lt_aoti {

bool available() { return LT_HAVE_AOTI != 0; }

std::string unavailable_reason() {
    if (available()) return "";
    return std::string("AOTInductor packages (.pt2) need LibTorch >= 2.6; this ltbench is built against LibTorch ") +
           TORCH_VERSION;
}

bool is_package_path(const std::string &path) {
    const std::string suffix = ".pt2";
    return path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

#if LT_HAVE_AOTI

namespace {

// The metadata key under which torch._inductor stores the device type it compiled for.
const char *const kDeviceKey = "AOTI_DEVICE_KEY";

Metadata metadata_from_map(const std::unordered_map<std::string, std::string> &m) {
    Metadata md;
    for (const auto &kv : m) md.entries[kv.first] = kv.second;
    auto it = m.find(kDeviceKey);
    if (it != m.end()) md.compiled_for = it->second;
    return md;
}

class LoadedPackage : public Package {
public:
    LoadedPackage(const std::string &path, const c10::Device &device, int runners, const std::string &model)
        : path_(path),
          loader_(path, model, false, (size_t)(runners < 1 ? 1 : runners),
                  device.is_cuda() ? device.index() : (c10::DeviceIndex)-1) {
        md_ = metadata_from_map(loader_.get_metadata());
        try {
            md_.constant_names = loader_.get_constant_fqns();
        } catch (...) {
        }
        try {
            std::vector<std::string> spec = loader_.get_call_spec();
            if (spec.size() >= 1) md_.input_spec = spec[0];
            if (spec.size() >= 2) md_.output_spec = spec[1];
        } catch (...) {
        }
    }
    std::vector<at::Tensor> run(const std::vector<at::Tensor> &inputs, void *stream_handle) override {
        return loader_.run(inputs, stream_handle);
    }
    const Metadata &metadata() const override { return md_; }
    const std::string &path() const override { return path_; }

private:
    std::string path_;
    torch::inductor::AOTIModelPackageLoader loader_;
    Metadata md_;
};

}  // namespace

Metadata read_metadata(const std::string &path, const std::string &model) {
    return metadata_from_map(torch::inductor::AOTIModelPackageLoader::load_metadata_from_package(path, model));
}

std::unique_ptr<Package> load(const std::string &path, const c10::Device &device, int runners,
                              const std::string &model) {
    Metadata md = read_metadata(path, model);
    const std::string want = device.is_cuda() ? "cuda" : "cpu";
    if (!md.compiled_for.empty() && md.compiled_for != want)
        throw std::runtime_error("'" + path + "' is an AOTInductor package compiled for " + md.compiled_for +
                                 ", not for " + want + ": export it for " + want +
                                 " (torch._inductor.aoti_compile_and_package on that device)");
    return std::unique_ptr<Package>(new LoadedPackage(path, device, runners, model));
}

#else  // no AOTInductor in this LibTorch

Metadata read_metadata(const std::string &path, const std::string &) {
    throw std::runtime_error("'" + path + "': " + unavailable_reason());
}

std::unique_ptr<Package> load(const std::string &path, const c10::Device &, int, const std::string &) {
    throw std::runtime_error("'" + path + "': " + unavailable_reason());
}

#endif

}  // namespace lt_aoti
