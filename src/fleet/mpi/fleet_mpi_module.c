/* fleet_mpi_module.c — the entry of liblt_fleet_mpi.so (see fleet_mpi_entries.h): the
 * module's table of fleet.h's functions, and the libltbench functions the fleet calls
 * defined here as forwarders through the executable's table, so that the module links
 * nothing of libltbench (built with -Wl,--no-undefined: it needs only libc and MPI). */
#include "fleet_mpi_entries.h"

#include <string.h>

static const fleet_mpi_host *g_host;

#define HOST_FN(ret, name, params, args) \
    ret name params                      \
    {                                    \
        return g_host->name args;        \
    }
#define HOST_VOID(name, params, args) \
    void name params                  \
    {                                 \
        g_host->name args;            \
    }
FLEET_MPI_HOST_FUNCTIONS(HOST_FN, HOST_VOID)
#undef HOST_FN
#undef HOST_VOID

#define ENTRY(ret, name, params, args) .name = name,
#define ENTRY_VOID(name, params, args) .name = name,
static const fleet_mpi_table kTable = {
    .size = sizeof(fleet_mpi_table),
    .build = FLEET_MPI_BUILD,
    FLEET_MPI_FUNCTIONS(ENTRY, ENTRY_VOID)
};
#undef ENTRY
#undef ENTRY_VOID

/* The only exported symbol (fleet_mpi.map). */
const fleet_mpi_table *lt_fleet_mpi_entry(const fleet_mpi_host *host);

const fleet_mpi_table *lt_fleet_mpi_entry(const fleet_mpi_host *host)
{
    if (!host || host->size != sizeof *host || !host->build || strcmp(host->build, FLEET_MPI_BUILD))
        return NULL;
    g_host = host;
    return &kTable;
}
