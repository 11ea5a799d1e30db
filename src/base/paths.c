/* paths.c — default model and asset locations (see paths.h). */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LTBENCH_DEFAULT_MODELS_DIR
#define LTBENCH_DEFAULT_MODELS_DIR "build/models"
#endif
#ifndef LTBENCH_DEFAULT_ASSETS_DIR
#define LTBENCH_DEFAULT_ASSETS_DIR "assets"
#endif

const char *ltb_models_dir(void)
{
    const char *env = getenv("LTBENCH_MODELS_DIR");
    return env && *env ? env : LTBENCH_DEFAULT_MODELS_DIR;
}

const char *ltb_assets_dir(void)
{
    const char *env = getenv("LTBENCH_ASSETS_DIR");
    return env && *env ? env : LTBENCH_DEFAULT_ASSETS_DIR;
}

const char *ltb_default_model(const char *file, char *buf, unsigned long len)
{
    snprintf(buf, len, "%s/%s", ltb_models_dir(), file);
    return buf;
}

void ltb_path_stem(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(out, cap, "%.*s", n, base);
}
