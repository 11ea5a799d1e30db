# cmake/libtorch_cuda.cmake — what a CUDA build of LibTorch needs found before
# find_package(Torch): the CUDA toolkit (nvcc; LibTorch's config insists on it even
# though ltbench compiles no CUDA kernels) and, where LibTorch is pip torch's bundled
# copy, the CUDA libraries and headers of the nvidia-* wheels installed beside it
# (site-packages/nvidia/*/{include,lib}), which a minimal toolkit lacks (cusparse.h,
# cudnn.h, libnvrtc), and pip torch's own libraries by path. Sets LTBENCH_CUDA_WHEEL_INCLUDE_DIRS and
# LTBENCH_CUDA_WHEEL_LIBRARY_DIRS for the shim. Harmless for a CPU LibTorch.

# The CUDA toolkit: CUDA_HOME, else /usr/local/cuda, else the folder above nvcc.
if(NOT CUDA_TOOLKIT_ROOT_DIR)
  if(DEFINED ENV{CUDA_HOME} AND EXISTS "$ENV{CUDA_HOME}/bin/nvcc")
    set(_ltb_cuda_root "$ENV{CUDA_HOME}")
  elseif(EXISTS /usr/local/cuda/bin/nvcc)
    set(_ltb_cuda_root /usr/local/cuda)
  else()
    find_program(_ltb_nvcc nvcc)
    if(_ltb_nvcc)
      get_filename_component(_ltb_nvcc_real "${_ltb_nvcc}" REALPATH)
      get_filename_component(_ltb_cuda_root "${_ltb_nvcc_real}/../.." ABSOLUTE)
    endif()
  endif()
  if(_ltb_cuda_root AND EXISTS "${_ltb_cuda_root}/bin/nvcc")
    set(CUDA_TOOLKIT_ROOT_DIR "${_ltb_cuda_root}" CACHE PATH "CUDA toolkit (for a CUDA LibTorch)")
    set(CUDAToolkit_ROOT "${_ltb_cuda_root}")
    if(NOT CMAKE_CUDA_COMPILER)
      set(CMAKE_CUDA_COMPILER "${_ltb_cuda_root}/bin/nvcc" CACHE FILEPATH "nvcc")
    endif()
  endif()
endif()
# No CUDA kernel is compiled here: name one architecture so that LibTorch's config
# does not probe for a GPU (there may be none on the build machine).
if(NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST} AND NOT TORCH_CUDA_ARCH_LIST)
  set(TORCH_CUDA_ARCH_LIST "9.0")
endif()
# (LibTorch's config still warns that it ignores CMAKE_CUDA_ARCHITECTURES, which CMake
# itself defines when the CUDA language is enabled: harmless.)

# pip torch: site-packages/torch/share/cmake on CMAKE_PREFIX_PATH.
set(LTBENCH_CUDA_WHEEL_INCLUDE_DIRS "")
set(LTBENCH_CUDA_WHEEL_LIBRARY_DIRS "")
foreach(_ltb_prefix ${CMAKE_PREFIX_PATH})
  get_filename_component(_ltb_site "${_ltb_prefix}/../../.." ABSOLUTE)
  if(EXISTS "${_ltb_site}/torch/share/cmake/Torch/TorchConfig.cmake" AND IS_DIRECTORY "${_ltb_site}/nvidia")
    file(GLOB _ltb_incs LIST_DIRECTORIES true "${_ltb_site}/nvidia/*/include")
    file(GLOB _ltb_libs LIST_DIRECTORIES true "${_ltb_site}/nvidia/*/lib")
    list(APPEND LTBENCH_CUDA_WHEEL_INCLUDE_DIRS ${_ltb_incs})
    list(APPEND LTBENCH_CUDA_WHEEL_LIBRARY_DIRS ${_ltb_libs})
    # LibTorch's config looks its libraries up by name (find_library(c10_LIBRARY c10
    # PATHS torch/lib)), which finds another LibTorch's copy first where one is
    # installed system-wide (Debian's libc10.so beside pip's): name pip's own.
    file(GLOB _ltb_torch_libs "${_ltb_site}/torch/lib/lib*.so")
    foreach(_ltb_lib ${_ltb_torch_libs})
      get_filename_component(_ltb_name "${_ltb_lib}" NAME_WE)
      string(REGEX REPLACE "^lib" "" _ltb_name "${_ltb_name}")
      if(NOT ${_ltb_name}_LIBRARY)
        set(${_ltb_name}_LIBRARY "${_ltb_lib}" CACHE FILEPATH "pip torch's lib${_ltb_name}")
      endif()
    endforeach()
    if(NOT CUDA_nvrtc_LIBRARY)
      file(GLOB _ltb_nvrtc "${_ltb_site}/nvidia/*/lib/libnvrtc.so.[0-9]*")
      list(FILTER _ltb_nvrtc EXCLUDE REGEX "builtins|alt")
      if(_ltb_nvrtc)
        list(GET _ltb_nvrtc 0 _ltb_nvrtc)
        set(CUDA_nvrtc_LIBRARY "${_ltb_nvrtc}" CACHE FILEPATH "libnvrtc (from the nvidia wheels)")
      endif()
    endif()
  endif()
endforeach()
