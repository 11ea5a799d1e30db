// lt_model_internal.hpp — what other files of the shim may reach inside an lt_model that
// lt_shim.cpp opened (lt_llm.cpp runs a language model's prefill/decode on the module
// lt_model_open loaded, cast and placed, or the models of a .pt2 package on the device
// lt_model_open resolved). An internal C++ header of shim/; the C harness
// never sees it.
#ifndef LT_MODEL_INTERNAL_HPP
#define LT_MODEL_INTERNAL_HPP

#include "lt_shim.h"

#include <torch/script.h>

// lt_model_open for an AOTInductor package (.pt2) whose models the caller loads itself
// (lt_llm.cpp: "prefill" and "decode"): the device resolved, the file and the options
// checked as for any .pt2 (a LibTorch < 2.6 refuses it here), no model loaded.
lt_status lt_model_open_package_shell(const char *path, const lt_open_options *opt, lt_model **out,
                                      lt_error *err);
// The TorchScript module of m; nullptr for an AOTInductor package (.pt2) or NULL m.
torch::jit::Module *lt_model_module(lt_model *m);
// The device m's module lives on.
c10::Device lt_model_torch_device(const lt_model *m);

#endif
