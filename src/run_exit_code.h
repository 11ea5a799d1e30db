/* run_exit_code.h — a finished run's exit code: interrupted, any failed request,
 * or success. */
#ifndef LTB_RUN_EXIT_CODE_H
#define LTB_RUN_EXIT_CODE_H

#include "ltbench.h"

int ltb_run_exit_code(const ltb_run *run);
#endif
