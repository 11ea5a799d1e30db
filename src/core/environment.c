/* environment.c — what machine and build produced a result: host, OS, CPU model,
 * cores, memory, ltbench version and git commit, and a UTC timestamp. Linux
 * sources (/proc, uname, sysconf); anything unreadable reads "unknown". The torch
 * version and CUDA facts come from the shim: the caller fills them in. */
#define _GNU_SOURCE /* sysconf(_SC_NPROCESSORS_ONLN) */
#include "environment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef LTBENCH_GIT_COMMIT
#define LTBENCH_GIT_COMMIT "unknown"
#endif
#ifndef LTBENCH_VERSION
#define LTBENCH_VERSION "0.1.0"
#endif

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL && src[0] != '\0' ? src : "unknown");
}

static void trim_right(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

/* Value of the first "key : value" line of a /proc file whose key is `key`. */
static int read_proc_field(const char *file, const char *key, char *out, size_t cap)
{
    FILE *f = fopen(file, "r");
    if (f == NULL)
        return -1;
    char line[512];
    size_t keylen = strlen(key);
    int found = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, key, keylen) != 0)
            continue;
        const char *p = line + keylen;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != ':')
            continue;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        snprintf(out, cap, "%s", p);
        trim_right(out);
        found = 0;
        break;
    }
    fclose(f);
    return found;
}

static void read_hostname(ltb_environment *env)
{
    char name[256] = "";
    if (gethostname(name, sizeof name - 1) != 0)
        name[0] = '\0';
    copy_text(env->hostname, sizeof env->hostname, name);
}

static void read_os(ltb_environment *env)
{
    struct utsname u;
    if (uname(&u) != 0) {
        copy_text(env->os, sizeof env->os, NULL);
        return;
    }
    snprintf(env->os, sizeof env->os, "%.40s %.60s %.20s", u.sysname, u.release, u.machine);
}

static void read_cpu(ltb_environment *env)
{
    char model[160] = "";
    if (read_proc_field("/proc/cpuinfo", "model name", model, sizeof model) != 0)
        read_proc_field("/proc/cpuinfo", "Model", model, sizeof model); /* some ARM boards */
    copy_text(env->cpu_model, sizeof env->cpu_model, model);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    env->cpu_cores = cores > 0 ? (int)cores : 0;
}

static void read_memory(ltb_environment *env)
{
    char total[64] = "";
    env->mem_total_gb = 0.0;
    if (read_proc_field("/proc/meminfo", "MemTotal", total, sizeof total) == 0)
        env->mem_total_gb = strtod(total, NULL) / (1024.0 * 1024.0); /* kB -> GiB */
}

static void read_timestamp(ltb_environment *env)
{
    time_t now = time(NULL);
    struct tm utc;
    if (gmtime_r(&now, &utc) == NULL ||
        strftime(env->timestamp, sizeof env->timestamp, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        copy_text(env->timestamp, sizeof env->timestamp, NULL);
}

/* The CPU model for a CPU device; otherwise the device string until the caller
 * fills in the GPU name (or the server URL stays). */
static void read_device_name(ltb_environment *env, const char *device)
{
    if (device == NULL || device[0] == '\0' || strncmp(device, "cpu", 3) == 0)
        snprintf(env->device_name, sizeof env->device_name, "%s", env->cpu_model);
    else
        copy_text(env->device_name, sizeof env->device_name, device);
}

void ltb_environment_read(ltb_environment *env, const char *device)
{
    memset(env, 0, sizeof *env);
    read_hostname(env);
    read_os(env);
    read_cpu(env);
    read_memory(env);
    read_timestamp(env);
    read_device_name(env, device);
    env->torch_version[0] = '\0';   /* the caller fills these from the shim */
    env->cuda_available = 0;
    copy_text(env->ltbench_version, sizeof env->ltbench_version, LTBENCH_VERSION);
    copy_text(env->git_commit, sizeof env->git_commit, LTBENCH_GIT_COMMIT);
}
