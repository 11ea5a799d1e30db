/* cmd_info.c — `ltbench info`: the machine, LibTorch and device facts. */
#include "commands.h"
#include "environment.h"
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
    printf("libtorch       %s\n", info.torch_version);
    printf("threads        intra-op %d, inter-op %d\n", info.intra_threads, info.inter_threads);
    printf("cuda compiled  %s%s%s\n", info.cuda_compiled ? "yes" : "no",
           info.cuda_version[0] ? ", CUDA " : "", info.cuda_version);
    if (info.cudnn_version[0])
        printf("cudnn          %s\n", info.cudnn_version);
    printf("cuda available %s (%d device%s)\n", info.cuda_available ? "yes" : "no",
           info.cuda_device_count, info.cuda_device_count == 1 ? "" : "s");
    for (int i = 0; i < info.cuda_device_count; i++) {
        char name[256];
        if (lt_device_name(i, name, sizeof name, NULL) == LT_OK)
            printf("  cuda:%d       %s\n", i, name);
    }
    printf("models dir     %s\n", ltb_models_dir());
    printf("assets dir     %s\n", ltb_assets_dir());
    return LTB_EXIT_OK;
}
