/* run_exit_code.c — see run_exit_code.h. */
#include "run_exit_code.h"

int ltb_run_exit_code(const ltb_run *run)
{
    if (run->interrupted)
        return LTB_EXIT_INTERRUPTED;
    for (int i = 0; i < run->n_levels; i++)
        if (run->levels[i].skipped || run->levels[i].metrics.failed_requests > 0)
            return LTB_EXIT_FAILED_REQUESTS;
    return LTB_EXIT_OK;
}
