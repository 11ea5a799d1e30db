/* write_reports.c — the library's one-call report writer: reads the environment
 * (machine, LibTorch where loaded, device) and writes what the config asks for. */
#include "ltbench.h"
#include "environment.h"
#include "lt_shim.h"
#include "report.h"
#include "shim_loader.h"
#include "write_reports.h"

#include <stdio.h>
#include <stdlib.h>

void ltb_environment_for_run(const ltb_run *run, ltb_environment *env)
{
    ltb_environment_for_device(run->config.device, env);
}

/* LibTorch's facts only where this process has loaded it (a model was run): an HTTP
 * client's run leaves torch_version "" rather than load LibTorch for its reports. */
void ltb_environment_for_device(const char *device, ltb_environment *env)
{
    lt_info info;
    device = device ? device : "cpu";
    ltb_environment_read(env, device);
    if (!ltb_shim_loaded()) {
        if (!env->device_name[0])
            snprintf(env->device_name, sizeof env->device_name, "%s", env->cpu_model);
        return;
    }
    lt_get_info(&info);
    snprintf(env->torch_version, sizeof env->torch_version, "%s", info.torch_version);
    env->cuda_available = info.cuda_available;
    if (device[0] == 'c' && device[1] == 'u') {
        int idx = device[4] == ':' ? atoi(device + 5) : 0;
        if (lt_device_name(idx, env->device_name, sizeof env->device_name, NULL) != LT_OK)
            snprintf(env->device_name, sizeof env->device_name, "unavailable");   /* beside the device */
    } else if (!env->device_name[0]) {
        snprintf(env->device_name, sizeof env->device_name, "%s", env->cpu_model);
    }
}

int ltb_write_reports(const ltb_run *run, FILE *out, char *err, size_t errlen)
{
    ltb_environment env;
    ltb_environment_for_run(run, &env);
    return ltb_report_all(run, &env, out, err, errlen);
}
