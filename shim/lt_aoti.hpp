// lt_aoti.hpp — AOTInductor model packages (.pt2) for the shim: load a package onto a
// device, run it (tensors in, tensors out), read what the package says about itself.
// An internal C++ header of shim/ (lt_shim.cpp opens .pt2 models through it; `run` and
// `inspect` can use it the same way); the C harness never sees it.
//
// Built against every LibTorch the shim supports: where the LibTorch has no
// AOTIModelPackageLoader (< 2.6, see LT_HAVE_AOTI in lt_torch_compat.h) every function
// here throws std::runtime_error with a sentence naming the version, so callers need no
// #if of their own. Errors are std::exceptions (c10::Error from LibTorch, or
// std::runtime_error with a one-line sentence); lt_shim.cpp turns them into lt_status.
#ifndef LT_AOTI_HPP
#define LT_AOTI_HPP

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lt_aoti {

// True when this build can load .pt2 packages (LibTorch >= 2.6).
bool available();
// "" when available(); else why not: "AOTInductor packages (.pt2) need LibTorch >= 2.6;
// this ltbench is built against LibTorch 1.13.1".
std::string unavailable_reason();
// Whether path names an AOTInductor package by its suffix (".pt2").
bool is_package_path(const std::string &path);

// What a package says about itself.
struct Metadata {
    std::map<std::string, std::string> entries;   // the package's metadata map, as stored
    std::string compiled_for;                     // device type it was compiled for: "cpu", "cuda"
    std::vector<std::string> constant_names;      // constants/parameters (original FQNs)
    std::string input_spec, output_spec;          // the call spec (serialised pytree specs),
                                                  // "" when the package holds none
};

// A loaded package. Thread safety: run() may be called from many threads at once; the
// package's runners (one per concurrent caller, up to `runners`) are taken in turn.
class Package {
public:
    virtual ~Package() = default;
    // Runs the compiled model. stream_handle: a cudaStream_t for a CUDA package, NULL
    // = the current stream (ignored on the CPU).
    virtual std::vector<at::Tensor> run(const std::vector<at::Tensor> &inputs,
                                        void *stream_handle) = 0;
    virtual const Metadata &metadata() const = 0;
    virtual const std::string &path() const = 0;
};

// Requests one loaded model of a package runs at once (its runners, see Package); more
// concurrent callers wait for a free one.
#define LT_AOTI_RUNNERS 8

// Reads only the metadata of one model of a package (no compiled code is loaded). A
// package holds one model named "model" (torch._inductor.aoti_compile_and_package) or
// several named ones (torch._inductor.package.package_aoti with a dict: a language
// model's "prefill" and "decode").
Metadata read_metadata(const std::string &path, const std::string &model = "model");

// Loads the named model of the package at path onto device (a "cpu" package onto the
// CPU, a "cuda" package onto cuda:N). A package compiled for another device type than
// `device` is refused with a sentence naming both. runners: how many requests may run at
// once (>= 1).
std::unique_ptr<Package> load(const std::string &path, const c10::Device &device, int runners,
                              const std::string &model = "model");

}  // namespace lt_aoti

#endif
