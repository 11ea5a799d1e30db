/* qualify_battery.h — the fixed measurements of `ltbench qualify`: ResNet-50 in fp32
 * and fp16 over batch 1, 32 and 256 (IPS, GPU compute time, joules per image),
 * tts_v1 (ASPS, RTF, streaming TTFA p50, joules per audio second), a large matrix
 * multiply (TFLOP/s) and a device-to-device copy (GB/s) as ceilings; --quick is the
 * same battery small enough for a CPU test (ResNet-18 batch 1 and 2, tts_tiny, a
 * 256 matmul, a 16 MiB copy). Each part runs through the same harness as `ltbench
 * image|tts` (their result files land beside the profile); a part that cannot run
 * (fp16 convolutions on a CPU LibTorch 1.13) becomes a metric without a value and
 * with the reason. */
#ifndef LTB_QUALIFY_BATTERY_H
#define LTB_QUALIFY_BATTERY_H

#include "fleet.h"
#include "qualify_profile.h"

typedef struct qualify_options {
    const char *device;           /* "cpu", "cuda:N" */
    int threads;                  /* intra-op threads (0 = LibTorch's default) */
    int quick;
    const char *output_dir;       /* the parts' result files */
    int quiet;
    /* a rank of an MPI fleet (NULL alone): each part is a round of the fleet, rank 0
     * writes its fleet reports; the ceilings start together */
    ltb_fleet *fleet;
    const fleet_options *fleet_options;
} qualify_options;

/* Device, software and host facts into p. */
void qualify_describe_device(const qualify_options *o, qualify_profile *p);
/* Runs every part, adding metrics to p; stops early when interrupted (in a fleet,
 * the parts left end at once with "interrupted"). */
void qualify_run_battery(const qualify_options *o, qualify_profile *p);
#endif
