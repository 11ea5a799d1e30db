/* fleet_wire.h — a rank's report (status, device, and its whole run: levels,
 * metrics, records, samples) as one byte buffer, so the MPI layer can send it to
 * rank 0 in one message. Every rank runs the same ltbench build, so structs go as
 * they are; the header carries their sizes and a build that differs is refused.
 * Plain C, no MPI. */
#ifndef LTB_FLEET_WIRE_H
#define LTB_FLEET_WIRE_H

#include <stddef.h>

#include "fleet_result.h"

/* Packs r (and r->run when not NULL) into a malloc'd buffer. 0, or -1 out of memory. */
int fleet_wire_pack(const ltb_rank_report *r, unsigned char **buf, size_t *len);
/* Unpacks a buffer from fleet_wire_pack into out (free with ltb_rank_report_free).
 * The run's text settings (name, model, output dir...) are rank 0's, from cfg; its
 * device is the rank's own. 0, or -1 with a one-line err (truncated or foreign data). */
int fleet_wire_unpack(const unsigned char *buf, size_t len, const ltb_config *cfg,
                      ltb_rank_report *out, char *err, size_t errlen);
#endif
