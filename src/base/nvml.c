/* nvml.c — NVML through dlopen (see nvml.h). The few entry points used are
 * declared here from NVIDIA's documented NVML API (nvml.h of the CUDA toolkit):
 * every function returns nvmlReturn_t (0 = NVML_SUCCESS), a device is an opaque
 * pointer, power is in milliwatts, energy in millijoules. */
#define _POSIX_C_SOURCE 200809L
#include "nvml.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int nvml_return;                  /* nvmlReturn_t */
typedef struct nvml_device_st *nvml_device; /* nvmlDevice_t */
typedef struct {
    unsigned int gpu, memory;             /* nvmlUtilization_t, percent */
} nvml_utilization;

enum { NVML_OK = 0, NVML_CLOCK_SM = 1, NVML_CLOCK_MEM = 2, NVML_TEMPERATURE_GPU = 0 };

/* Clocks event (formerly "throttle") reason bits. */
#define REASON_GPU_IDLE 0x1ULL
#define REASON_APP_CLOCKS 0x2ULL
#define REASON_SW_POWER_CAP 0x4ULL
#define REASON_HW_SLOWDOWN 0x8ULL
#define REASON_SYNC_BOOST 0x10ULL
#define REASON_SW_THERMAL 0x20ULL
#define REASON_HW_THERMAL 0x40ULL
#define REASON_HW_POWER_BRAKE 0x80ULL
#define REASON_DISPLAY_CLOCKS 0x100ULL
#define REASONS_SLOWDOWN (REASON_SW_POWER_CAP | REASON_HW_SLOWDOWN | REASON_SW_THERMAL | \
                          REASON_HW_THERMAL | REASON_HW_POWER_BRAKE)

struct ltb_nvml {
    void *lib;
    nvml_device dev;
    nvml_return (*init)(void);
    nvml_return (*shutdown)(void);
    nvml_return (*by_index)(unsigned int, nvml_device *);
    nvml_return (*by_pci)(const char *, nvml_device *);
    nvml_return (*name)(nvml_device, char *, unsigned int);
    nvml_return (*uuid)(nvml_device, char *, unsigned int);
    nvml_return (*driver)(char *, unsigned int);
    nvml_return (*clock)(nvml_device, int, unsigned int *);
    nvml_return (*power)(nvml_device, unsigned int *);
    nvml_return (*temperature)(nvml_device, int, unsigned int *);
    nvml_return (*utilization)(nvml_device, nvml_utilization *);
    nvml_return (*reasons)(nvml_device, unsigned long long *);
    nvml_return (*energy)(nvml_device, unsigned long long *);
    const char *(*error_string)(nvml_return);
};

/* dlsym into a function pointer without the object/function pointer cast warning. */
static void load(void *lib, const char *name, void *fn_ptr)
{
    void *sym = dlsym(lib, name);
    memcpy(fn_ptr, &sym, sizeof sym);
}

static const char *error_text(const ltb_nvml *n, nvml_return rc)
{
    const char *s = n->error_string ? n->error_string(rc) : NULL;
    return s ? s : "unknown NVML error";
}

static void close_lib(ltb_nvml *n)
{
    if (n->lib)
        dlclose(n->lib);
    free(n);
}

/* The device: by PCI bus id when given and found, else by index. */
static int select_device(ltb_nvml *n, const char *pci_bus_id, int index, char *why, size_t whylen)
{
    if (pci_bus_id && pci_bus_id[0] && n->by_pci && n->by_pci(pci_bus_id, &n->dev) == NVML_OK)
        return 0;
    nvml_return rc = index >= 0 ? n->by_index((unsigned int)index, &n->dev) : -1;
    if (rc == NVML_OK)
        return 0;
    snprintf(why, whylen, "NVML has no device %d%s%s: %s", index, pci_bus_id && *pci_bus_id ? " at " : "",
             pci_bus_id ? pci_bus_id : "", rc < 0 ? "bad index" : error_text(n, rc));
    return -1;
}

ltb_nvml *ltb_nvml_open(const char *pci_bus_id, int index, char *why, size_t whylen)
{
    const char *path = getenv("LTBENCH_NVML_LIB");
    if (!path || !*path)
        path = "libnvidia-ml.so.1";
    ltb_nvml *n = calloc(1, sizeof *n);
    if (!n) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    n->lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!n->lib) {
        const char *e = dlerror();
        snprintf(why, whylen, "cannot load %s: %s", path, e ? e : "unknown error");
        close_lib(n);
        return NULL;
    }
    load(n->lib, "nvmlInit_v2", &n->init);
    load(n->lib, "nvmlShutdown", &n->shutdown);
    load(n->lib, "nvmlDeviceGetHandleByIndex_v2", &n->by_index);
    load(n->lib, "nvmlDeviceGetHandleByPciBusId_v2", &n->by_pci);
    load(n->lib, "nvmlDeviceGetName", &n->name);
    load(n->lib, "nvmlDeviceGetUUID", &n->uuid);
    load(n->lib, "nvmlSystemGetDriverVersion", &n->driver);
    load(n->lib, "nvmlDeviceGetClockInfo", &n->clock);
    load(n->lib, "nvmlDeviceGetPowerUsage", &n->power);
    load(n->lib, "nvmlDeviceGetTemperature", &n->temperature);
    load(n->lib, "nvmlDeviceGetUtilizationRates", &n->utilization);
    load(n->lib, "nvmlDeviceGetCurrentClocksEventReasons", &n->reasons);
    if (!n->reasons) /* drivers before 535 know only the older name */
        load(n->lib, "nvmlDeviceGetCurrentClocksThrottleReasons", &n->reasons);
    load(n->lib, "nvmlDeviceGetTotalEnergyConsumption", &n->energy);
    load(n->lib, "nvmlErrorString", &n->error_string);
    if (!n->init || !n->shutdown || !n->by_index) {
        snprintf(why, whylen, "%s is not NVML (no nvmlInit_v2, nvmlShutdown or "
                              "nvmlDeviceGetHandleByIndex_v2 in it)", path);
        close_lib(n);
        return NULL;
    }
    nvml_return rc = n->init();
    if (rc != NVML_OK) {
        snprintf(why, whylen, "NVML did not start: %s", error_text(n, rc));
        close_lib(n);
        return NULL;
    }
    if (select_device(n, pci_bus_id, index, why, whylen) != 0) {
        n->shutdown();
        close_lib(n);
        return NULL;
    }
    return n;
}

void ltb_nvml_close(ltb_nvml *n)
{
    if (!n)
        return;
    n->shutdown();
    close_lib(n);
}

void ltb_nvml_facts_read(ltb_nvml *n, ltb_nvml_facts *f)
{
    memset(f, 0, sizeof *f);
    if (n->name && n->name(n->dev, f->name, sizeof f->name) != NVML_OK)
        f->name[0] = '\0';
    if (n->uuid && n->uuid(n->dev, f->uuid, sizeof f->uuid) != NVML_OK)
        f->uuid[0] = '\0';
    if (n->driver && n->driver(f->driver, sizeof f->driver) != NVML_OK)
        f->driver[0] = '\0';
}

void ltb_nvml_sample_read(ltb_nvml *n, ltb_nvml_sample *s)
{
    unsigned int v;
    unsigned long long u;
    nvml_utilization util;
    s->power_w = n->power && n->power(n->dev, &v) == NVML_OK ? v / 1000.0 : -1;
    s->temp_c = n->temperature && n->temperature(n->dev, NVML_TEMPERATURE_GPU, &v) == NVML_OK ? (double)v : -1.0;
    s->sm_clock_mhz = n->clock && n->clock(n->dev, NVML_CLOCK_SM, &v) == NVML_OK ? (double)v : -1.0;
    s->mem_clock_mhz = n->clock && n->clock(n->dev, NVML_CLOCK_MEM, &v) == NVML_OK ? (double)v : -1.0;
    s->gpu_util_pct = n->utilization && n->utilization(n->dev, &util) == NVML_OK ? (double)util.gpu : -1.0;
    s->energy_mj = n->energy && n->energy(n->dev, &u) == NVML_OK ? (double)u : -1;
    s->throttle_known = n->reasons && n->reasons(n->dev, &u) == NVML_OK;
    s->throttle_reasons = s->throttle_known ? u : 0;
}

int ltb_nvml_throttled(unsigned long long reasons)
{
    return (reasons & REASONS_SLOWDOWN) != 0;
}

void ltb_nvml_throttle_text(unsigned long long reasons, char *buf, size_t len)
{
    static const struct { unsigned long long bit; const char *name; } kNames[] = {
        {REASON_SW_POWER_CAP, "sw power cap"},     {REASON_HW_SLOWDOWN, "hw slowdown"},
        {REASON_SW_THERMAL, "sw thermal slowdown"}, {REASON_HW_THERMAL, "hw thermal slowdown"},
        {REASON_HW_POWER_BRAKE, "hw power brake"},
    };
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof kNames / sizeof kNames[0]; i++) {
        if (!(reasons & kNames[i].bit))
            continue;
        int k = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", kNames[i].name);
        if (k < 0 || (size_t)k >= len - used)
            break;
        used += (size_t)k;
    }
}
