/* cmd_info.c — `ltbench info`: the machine, LibTorch and device facts (LibTorch's
 * version and flavour, its CPU math libraries and thread pools, AOTInductor, MPI); for each
 * CUDA device its name, compute capability, multiprocessors, memory, PCI bus and
 * UUID, and the driver as NVML reports it; or a plain line saying CUDA is not
 * available and why. */
#include "commands.h"
#include "environment.h"
#include "gpu_level.h"
#include "lt_shim.h"
#include "paths.h"

#include <stdio.h>
#include <string.h>

int cmd_info(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: ltbench info\nPrints the machine, LibTorch and device facts.\n");
        return LTB_EXIT_OK;
    }
    if (argc > 1) {
        fprintf(stderr, "ltbench info: unexpected argument '%s'\n", argv[1]);
        return LTB_EXIT_USAGE;
    }
    ltb_environment env;
    lt_info info;
    ltb_environment_read(&env, "cpu");
    lt_get_info(&info);
    printf("ltbench        %s (commit %s)\n", env.ltbench_version, env.git_commit);
    printf("host           %s\n", env.hostname);
    printf("os             %s\n", env.os);
    printf("cpu            %s\n", env.cpu_model);
    printf("cpu cores      %d\n", env.cpu_cores);
    printf("memory         %.1f GiB\n", env.mem_total_gb);
    printf("libtorch       %s, %s build%s%s%s\n", info.torch_version,
           info.cuda_compiled ? "CUDA" : "CPU", info.cudnn_version[0] ? " (cuDNN " : "",
           info.cudnn_version, info.cudnn_version[0] ? ")" : "");
    printf("cpu math       %s\n", info.cpu_math[0] ? info.cpu_math : "(not reported)");
    printf("threads        intra-op %d (LibTorch's default here), inter-op %d, %s pool\n",
           info.intra_threads, info.inter_threads,
           info.parallel_backend[0] ? info.parallel_backend : "unknown");
    printf("aotinductor    %s\n", info.aoti_available
                                       ? "yes (.pt2 packages can be loaded)"
                                       : "no (this LibTorch is older than 2.6)");
#ifdef LTBENCH_MPI
    printf("mpi            built in (mpirun -np N ltbench ... runs a fleet)\n");
#else
    printf("mpi            not built (configure with -DLTBENCH_MPI=ON for fleets)\n");
#endif
    printf("cuda compiled  %s%s%s\n", info.cuda_compiled ? "yes" : "no",
           info.cuda_version[0] ? ", CUDA " : "", info.cuda_version);
    if (info.cuda_available)
        printf("cuda available yes (%d device%s)\n", info.cuda_device_count,
               info.cuda_device_count == 1 ? "" : "s");
    else
        printf("cuda available no: CUDA is not available (%s)\n",
               !info.cuda_compiled ? "this LibTorch has no CUDA" : "no CUDA device is visible");
    for (int i = 0; i < info.cuda_device_count; i++) {
        lt_cuda_device d;
        lt_error e;
        if (lt_cuda_device_info(i, &d, &e) != LT_OK) {
            printf("  cuda:%d       %s\n", i, e.msg);
            continue;
        }
        printf("  cuda:%d       %s, compute %d.%d, %d SMs, %.1f GiB, PCI %s, %s\n", i, d.name,
               d.cc_major, d.cc_minor, d.multiprocessors,
               (double)d.total_memory_bytes / (1024.0 * 1024.0 * 1024.0),
               d.pci_bus_id[0] ? d.pci_bus_id : "?", d.uuid);
    }
    char why[256];
    ltb_nvml *nvml = info.cuda_device_count > 0 ? ltb_gpu_nvml(0, 1, why, sizeof why) : NULL;
    if (nvml) {
        ltb_nvml_facts f;
        ltb_nvml_facts_read(nvml, &f);
        printf("nvml           driver %s (GPU 0: %s)\n", f.driver[0] ? f.driver : "?", f.name);
    } else if (info.cuda_device_count > 0) {
        printf("nvml           not available: %s\n", why);
    } else {
        ltb_nvml *probe = ltb_nvml_open(NULL, 0, why, sizeof why);
        if (probe) {
            ltb_nvml_facts f;
            ltb_nvml_facts_read(probe, &f);
            printf("nvml           driver %s (GPU 0: %s; this LibTorch cannot use it)\n",
                   f.driver[0] ? f.driver : "?", f.name);
            ltb_nvml_close(probe);
        } else {
            printf("nvml           not available: %s\n", why);
        }
    }
    printf("models dir     %s\n", ltb_models_dir());
    printf("assets dir     %s\n", ltb_assets_dir());
    return LTB_EXIT_OK;
}
