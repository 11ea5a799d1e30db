/* fleet_mpi_entries.h — the two tables between ltbench and liblt_fleet_mpi.so, the MPI
 * fleet (src/fleet/mpi/, the only code that links Open MPI), which ltbench dlopens only
 * when an MPI launcher started it (fleet/fleet_mpi_loader.c): a process that is no rank
 * of a fleet never maps libmpi, open-rte, open-pal, hwloc, libevent. Each list is an
 * X-macro FN(ret, name, (params), (args)) / VOID(name, (params), (args)):
 *   FLEET_MPI_HOST_FUNCTIONS: what the module calls of libltbench — the executable
 *     hands it a table of them (the module keeps no copy of libltbench, so the shim
 *     loader's and NVML's state stay the executable's); fleet_mpi_module.c defines each
 *     as a forwarder through that table;
 *   FLEET_MPI_FUNCTIONS: fleet.h's functions, which the module fills and the loader
 *     forwards to. A function added to either side is one line here. */
#ifndef LTB_FLEET_MPI_ENTRIES_H
#define LTB_FLEET_MPI_ENTRIES_H

#include <stddef.h>
#include <stdio.h>

#include "fleet.h"
#include "fleet_report.h"
#include "fleet_result.h"
#include "fleet_wire.h"
#include "gpu_level.h"
#include "lt_shim.h"
#include "nvml.h"
#include "shim_loader.h"
#include "thread_plan.h"
#include "write_reports.h"

#define FLEET_MPI_HOST_FUNCTIONS(FN, VOID)                                                       \
    FN(int, fleet_wire_pack, (const ltb_rank_report *r, unsigned char **buf, size_t *len),       \
       (r, buf, len))                                                                            \
    FN(int, fleet_wire_unpack, (const unsigned char *buf, size_t len, const ltb_config *cfg,     \
                                ltb_rank_report *out, char *err, size_t errlen),                 \
       (buf, len, cfg, out, err, errlen))                                                        \
    FN(lt_status, lt_cuda_device_info, (int idx, lt_cuda_device *out, lt_error *err),            \
       (idx, out, err))                                                                          \
    VOID(lt_get_info, (lt_info *out), (out))                                                     \
    FN(int, ltb_cores_available, (void), ())                                                     \
    FN(int, ltb_cuda_index, (const char *device), (device))                                      \
    VOID(ltb_environment_for_device, (const char *device, ltb_environment *env), (device, env))  \
    FN(int, ltb_fleet_exit_code, (const ltb_fleet_result *fr), (fr))                             \
    FN(int, ltb_fleet_judge, (ltb_fleet_result *fr), (fr))                                       \
    FN(int, ltb_fleet_launched_by_mpi, (void), ())                                               \
    VOID(ltb_fleet_result_free, (ltb_fleet_result *fr), (fr))                                    \
    FN(int, ltb_fleet_write_reports, (const ltb_fleet_result *fr, FILE *out, char *err,          \
                                      size_t errlen),                                            \
       (fr, out, err, errlen))                                                                   \
    FN(ltb_nvml *, ltb_gpu_nvml, (int index, int quiet, char *why, size_t whylen),               \
       (index, quiet, why, whylen))                                                              \
    VOID(ltb_nvml_facts_read, (ltb_nvml *n, ltb_nvml_facts *f), (n, f))                          \
    FN(int, ltb_shim_loaded, (void), ())

#define FLEET_MPI_FUNCTIONS(FN, VOID)                                                            \
    FN(ltb_fleet *, ltb_fleet_join, (ltb_config *cfg, const fleet_options *opt), (cfg, opt))     \
    VOID(ltb_fleet_attach, (ltb_fleet *f, ltb_config *cfg), (f, cfg))                            \
    FN(int, ltb_fleet_rank, (const ltb_fleet *f), (f))                                           \
    FN(int, ltb_fleet_size, (const ltb_fleet *f), (f))                                           \
    FN(int, ltb_fleet_broken, (const ltb_fleet *f), (f))                                         \
    VOID(ltb_fleet_barrier, (ltb_fleet *f), (f))                                                 \
    FN(int, ltb_fleet_gather, (ltb_fleet *f, const void *mine, size_t len,                       \
                               ltb_fleet_bytes **all),                                           \
       (f, mine, len, all))                                                                      \
    VOID(ltb_fleet_bytes_free, (ltb_fleet_bytes *all, int n), (all, n))                          \
    FN(int, ltb_fleet_report, (ltb_fleet *f, const ltb_run *run, const char *failure,            \
                               FILE *out),                                                       \
       (f, run, failure, out))                                                                   \
    FN(int, ltb_fleet_leave, (ltb_fleet *f, int code), (f, code))

#define FLEET_MPI_MEMBER(ret, name, params, args) ret (*name) params;
#define FLEET_MPI_VOID_MEMBER(name, params, args) void (*name) params;

/* Each table starts with its size and the build it belongs to, which the other side
 * checks: the module and the executable of one build only. */
typedef struct fleet_mpi_host {
    size_t size;
    const char *build;
    FLEET_MPI_HOST_FUNCTIONS(FLEET_MPI_MEMBER, FLEET_MPI_VOID_MEMBER)
} fleet_mpi_host;

typedef struct fleet_mpi_table {
    size_t size;
    const char *build;
    FLEET_MPI_FUNCTIONS(FLEET_MPI_MEMBER, FLEET_MPI_VOID_MEMBER)
} fleet_mpi_table;

/* The build both sides must share: version, commit and the tables' sizes. */
#define FLEET_MPI_BUILD LTBENCH_VERSION " " LTBENCH_GIT_COMMIT

/* The one symbol liblt_fleet_mpi.so exports: its table, NULL when host is not the
 * table of its own build (it keeps host). */
#define FLEET_MPI_ENTRY "lt_fleet_mpi_entry"
typedef const fleet_mpi_table *(*fleet_mpi_entry_fn)(const fleet_mpi_host *host);
#endif
