/* fleet_launcher.c — was this process started by an MPI launcher? (see fleet.h)
 * Plain C: the plain build asks too, to say that it cannot join a fleet. */
#include "fleet.h"

#include <stdlib.h>

int ltb_fleet_launched_by_mpi(void)
{
    /* mpirun (Open MPI), srun --mpi=pmix (PMIx), a PMI launcher (MPICH, srun --mpi=pmi2) */
    static const char *const kVars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                        "PMI_SIZE", NULL};
    for (int i = 0; kVars[i]; i++)
        if (getenv(kVars[i]))
            return 1;
    return 0;
}
