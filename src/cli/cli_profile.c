/* cli_profile.c — `--profile [K]` after the timed levels (see cli_profile.h). */
#include "cli_profile.h"

#include "atomic_file.h"
#include "profile_pass.h"
#include "report_path.h"
#include "report_profile.h"

#include <stdio.h>
#include <stdlib.h>

int cli_profile_check(const ltb_config *cfg, const ltb_target *t, char *err, size_t errlen)
{
    return cfg->profile_requests > 0 ? ltb_profile_check(t, err, errlen) : 0;
}

int cli_profile_run(const ltb_config *cfg, ltb_workload *w, ltb_target *t, char *err,
                    size_t errlen)
{
    if (cfg->profile_requests <= 0)
        return 0;
    char trace[4096];
    int files = cfg->output_dir != NULL;
    if (files && (make_dirs(cfg->output_dir, err, errlen) != 0 ||
                  ltb_report_path(trace, sizeof trace, cfg->output_dir, cfg->name, "_profile.json",
                                  err, errlen) != 0))
        return -1;
    ltb_profile *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "--profile: out of memory");
        return -1;
    }
    if (!cfg->quiet)
        fprintf(stderr, "ltbench: profiling %d request%s under LibTorch's profiler (not timed)\n",
                cfg->profile_requests, cfg->profile_requests == 1 ? "" : "s");
    int rc = ltb_profile_pass(cfg, w, t, files ? trace : NULL, p, err, errlen);
    if (rc == 0) {
        if (!cfg->quiet)
            ltb_profile_print(stdout, p);
        if (files && (cfg->outputs & LTB_OUT_CSV) &&
            ltb_profile_write_csv(p, cfg->output_dir, cfg->name, err, errlen) != 0)
            rc = -1;
        else if (p->failed)
            fprintf(stderr, "ltbench: --profile: %d of %d profiled requests failed: %s\n", p->failed,
                    p->requests, p->first_error);
        if (rc == 0 && files && !cfg->quiet)
            fprintf(stderr, "ltbench: profile in %s/%s_profile.{csv,json}\n", cfg->output_dir,
                    cfg->name);
    }
    free(p);
    return rc;
}
