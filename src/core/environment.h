/* environment.h — facts about the machine and build that every result file carries. */
#ifndef LTB_ENVIRONMENT_H
#define LTB_ENVIRONMENT_H

typedef struct ltb_environment {
    char hostname[128];
    char os[128];                 /* uname sysname release machine */
    char cpu_model[160];          /* /proc/cpuinfo "model name" */
    int cpu_cores;                /* online logical CPUs */
    double mem_total_gb;
    char torch_version[64];
    int cuda_available;
    char device_name[160];        /* CPU model or GPU name of the device used */
    char ltbench_version[32];
    char git_commit[48];
    char timestamp[40];           /* ISO 8601 UTC, e.g. 2026-11-27T02:30:00Z */
} ltb_environment;

/* Fills env; device is "cpu" / "cuda:N" / a URL. Never fails (unknowns are "unknown"). */
void ltb_environment_read(ltb_environment *env, const char *device);
#endif
