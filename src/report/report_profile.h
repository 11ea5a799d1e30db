/* report_profile.h — the per-operator profile's table (--profile K, see
 * target/profile_pass.h): top operators by self time on the console and in
 * {name}_profile.csv (Operator,Calls,Self_CPU_ms,Self_CUDA_ms,Input_Shapes, then
 * Calls_Per_Request,Self_CPU_ms_Per_Call,Total_CPU_ms,Self_Percent). */
#ifndef LTB_REPORT_PROFILE_H
#define LTB_REPORT_PROFILE_H

#include <stdio.h>

#include "profile_pass.h"

/* The table, most self time first, with a line saying what was profiled. */
void ltb_profile_print(FILE *out, const ltb_profile *p);
/* {dir}/{name}_profile.csv, atomically; 0, or -1 with a one-line err. */
int ltb_profile_write_csv(const ltb_profile *p, const char *dir, const char *name, char *err,
                          size_t errlen);
#endif
