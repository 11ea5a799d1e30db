/* qualify_profile.h — a device's qualification profile: who it is (name, UUID,
 * driver, compute capability, memory, library versions) and what it measured (each
 * metric a name, a value, a unit and which way is better). Written as one JSON file
 * per device; read back to check a new card against a known-good one: each metric of
 * the reference passes when the measured value is no worse than the reference by
 * more than the tolerance. */
#ifndef LTB_QUALIFY_PROFILE_H
#define LTB_QUALIFY_PROFILE_H

#include <stdio.h>

#define LTB_QUALIFY_MAX_METRICS 64

typedef struct qualify_metric {
    char name[96];
    double value;                 /* NAN: not measured (see note) */
    char unit[24];
    int higher_is_better;
    char note[192];               /* why there is no value, or "" */
} qualify_metric;

typedef struct qualify_profile {
    int quick;
    char timestamp[40];
    /* the device */
    char device[32];              /* "cuda:0", "cpu" */
    char name[256];
    char uuid[96];
    char pci_bus_id[32];
    char driver[80];
    char compute_capability[16];
    double memory_total_mb;       /* < 0: unknown */
    /* software and host */
    char ltbench_version[32], git_commit[48], torch_version[64], cuda_version[32], cudnn_version[32];
    char hostname[128], cpu_model[160];
    qualify_metric metrics[LTB_QUALIFY_MAX_METRICS];
    int n_metrics;
} qualify_profile;

/* Appends a metric (value NAN with a note when it was not measured). */
void qualify_add(qualify_profile *p, const char *name, double value, const char *unit,
                 int higher_is_better, const char *note);
/* The metric called name, or NULL. */
const qualify_metric *qualify_find(const qualify_profile *p, const char *name);

/* The profile's default file name without .json: qualify_<name>_<uuid> for a GPU,
 * qualify_<device>_<host> otherwise, with only [A-Za-z0-9._-]. */
void qualify_profile_file_name(const qualify_profile *p, char *buf, size_t len);
/* Writes p as JSON to path, atomically; 0, or -1 with a one-line err. */
int qualify_profile_write(const qualify_profile *p, const char *path, char *err, size_t errlen);
/* Reads a profile; 0, or -1 with a one-line err naming the file and what is wrong. */
int qualify_profile_read(const char *path, qualify_profile *p, char *err, size_t errlen);

/* Prints one line per reference metric (PASS / FAIL, the values and the change) and
 * a closing verdict; tolerance is a fraction (0.05 = 5%). Returns the number of
 * failed metrics (a metric the reference has and `measured` lacks fails). */
int qualify_compare(FILE *out, const qualify_profile *measured, const qualify_profile *reference,
                    double tolerance);
#endif
