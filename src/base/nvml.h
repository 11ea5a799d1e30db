/* nvml.h — NVIDIA's management library (NVML), loaded at run time with dlopen so
 * that ltbench needs no NVML headers or link dependency and runs where no driver is
 * installed: device facts (name, UUID, driver version) and one sample of the live
 * state (power, temperature, clocks, utilisation, throttle reasons, energy
 * counter). The library is LTBENCH_NVML_LIB when set, else "libnvidia-ml.so.1". */
#ifndef LTB_NVML_H
#define LTB_NVML_H

#include <stddef.h>

typedef struct ltb_nvml ltb_nvml;

/* Loads and initialises NVML, then selects a device: the one at pci_bus_id when it
 * is given and found (CUDA and NVML may number devices differently), else the one
 * at index. NULL with a one-line reason in why when there is no NVML or no such
 * device. */
ltb_nvml *ltb_nvml_open(const char *pci_bus_id, int index, char *why, size_t whylen);
void ltb_nvml_close(ltb_nvml *n);

typedef struct ltb_nvml_facts {
    char name[96];
    char uuid[96];
    char driver[80];
} ltb_nvml_facts;
/* Facts of the selected device; fields NVML cannot give are "". */
void ltb_nvml_facts_read(ltb_nvml *n, ltb_nvml_facts *f);

typedef struct ltb_nvml_sample {
    double power_w;                       /* < 0: unknown (every field alike) */
    double temp_c;
    double sm_clock_mhz, mem_clock_mhz;
    double gpu_util_pct;
    double energy_mj;                     /* total energy counter since driver load */
    unsigned long long throttle_reasons;  /* NVML clocks-event reason bits */
    int throttle_known;
} ltb_nvml_sample;
void ltb_nvml_sample_read(ltb_nvml *n, ltb_nvml_sample *s);

/* The reasons that mean the GPU ran slower than it could (power cap, slowdowns,
 * thermal, power brake), not idle or application clock settings. */
int ltb_nvml_throttled(unsigned long long reasons);
/* Those reasons as lower-case words, comma-separated ("sw power cap, hw thermal
 * slowdown"); "" for none. */
void ltb_nvml_throttle_text(unsigned long long reasons, char *buf, size_t len);
#endif
