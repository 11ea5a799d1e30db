// lt_torch_compat.h — every difference between the LibTorch releases the shim builds
// against, in one place, each guarded by the LibTorch version (torch/version.h):
// Debian's 1.13 (the floor) and 2.x (pip torch's bundled copy, CUDA or CPU build).
//
//   what                          1.13                       2.x
//   inference guard               c10::InferenceMode         same (since 1.9)
//   freeze + optimize_for_inf.    torch::jit:: C++ API       same (since 1.10)
//   CUDA graph capture            capture_begin() only       capture_begin(pool, mode):
//                                 (global capture mode)      thread-local mode, so other
//                                                            threads' CUDA calls go on
//   AOTInductor .pt2 packages     absent                     AOTIModelPackageLoader (>= 2.6)
//   C++ standard of the headers   C++14 and up               C++20 from 2.10 (CMake sets it)
// Only the shim includes this; the C harness learns the facts through lt_get_info.
#ifndef LT_TORCH_COMPAT_H
#define LT_TORCH_COMPAT_H

#include <torch/version.h>
#include <c10/core/InferenceMode.h>

#define LT_TORCH_AT_LEAST(major, minor)                                                   \
    (TORCH_VERSION_MAJOR > (major) ||                                                     \
     (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// AOTInductor model packages (.pt2) can be loaded from C++.
#if LT_TORCH_AT_LEAST(2, 6)
#define LT_HAVE_AOTI 1
#else
#define LT_HAVE_AOTI 0
#endif

namespace lt_compat {

// The guard every forward and method call of the shim runs under.
using InferenceGuard = c10::InferenceMode;

}  // namespace lt_compat

#ifdef LT_WITH_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <cuda_runtime_api.h>

namespace lt_compat {

// Begins capturing g on the current stream. Where the LibTorch allows it, the capture
// mode is thread-local, so CUDA calls of other threads (other workers) do not break it.
inline void capture_begin(at::cuda::CUDAGraph &g) {
#if LT_TORCH_AT_LEAST(2, 0)
    g.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
#else
    g.capture_begin();
#endif
}

}  // namespace lt_compat
#endif

#endif
