/* thread_plan.h — the intra-op threads each worker of a level gets, and --pin.
 * Without -t (or with -t auto) every worker of a level gets max(1, cores /
 * concurrency) intra-op threads, so a level's workers together use the cores this
 * process may run on and no more (4 workers x 2 OpenMP threads on 2 cores
 * oversubscribed them); -t N gives every worker N at every level. With --pin,
 * worker w's thread (and the OpenMP helpers it starts afterwards, which inherit its
 * mask) runs only on its own cores: cores [w x k, w x k + k) of the allowed ones,
 * k = its intra-op threads, wrapping around when workers x k exceeds them. */
#ifndef LTB_THREAD_PLAN_H
#define LTB_THREAD_PLAN_H

#include <stddef.h>

/* CPUs in this process's affinity mask (>= 1). */
int ltb_cores_available(void);

/* A level's intra-op threads per worker: threads_option (> 0: -t N) or, for 0
 * (auto), max(1, cores / concurrency). */
int ltb_level_intra_threads(int threads_option, int cores, int concurrency);

/* Worker w's first core index (into the allowed CPUs) under --pin. */
int ltb_pin_first_core(int worker, int per_worker, int cores);

/* Pins the calling thread to worker w's cores (see above). 0, or -1 with err. */
int ltb_pin_worker(int worker, int per_worker, char *err, size_t errlen);
#endif
