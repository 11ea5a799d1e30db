/* fleet_report.c — rank 0's fleet outputs, all of them (see fleet_report.h):
 * the console table, the task's CSV files with Rank/Host columns, the fleet CSV,
 * the JSON with every rank, and the plots of the main run. */
#include "fleet_report.h"

#include "atomic_file.h"
#include "report.h"
#include "report_plots.h"

#include <stdlib.h>
#include <string.h>

static void keep_first_error(int *rc, const char *msg, char *err, size_t errlen)
{
    if (*rc == 0)
        snprintf(err, errlen, "%s", msg);
    *rc = -1;
}

/* The task's CSV files over the ranks that ran, main run first. */
static int write_rank_csv(const ltb_fleet_result *fr, const char *dir, char *err, size_t errlen)
{
    ltb_csv_rank *parts = calloc((size_t)fr->size, sizeof *parts);
    if (!parts) {
        snprintf(err, errlen, "out of memory writing the fleet's CSV files");
        return -1;
    }
    int n = 0;
    for (int r = 0; r < fr->size; r++)
        if (fr->ranks[r].status == LTB_RANK_OK && fr->ranks[r].run != NULL)
            parts[n++] = (ltb_csv_rank){fr->ranks[r].run, r, fr->ranks[r].host};
    int rc = n > 0 ? ltb_report_csv_ranks(parts, n, dir, err, errlen) : 0;
    free(parts);
    return rc;
}

int ltb_fleet_write_reports(const ltb_fleet_result *fr, FILE *out, char *err, size_t errlen)
{
    const ltb_config *c = fr->config;
    int rc = 0;
    char msg[512];
    if (out != NULL && (c->outputs & (LTB_OUT_TABLE | LTB_OUT_MD)))
        ltb_fleet_print(out, fr);
    if (c->output_dir == NULL || !(c->outputs & (LTB_OUT_CSV | LTB_OUT_JSON)))
        return 0;
    if (make_dirs(c->output_dir, msg, sizeof msg) != 0) {
        snprintf(err, errlen, "%s", msg);
        return -1;
    }
    if (c->outputs & LTB_OUT_CSV) {
        if (write_rank_csv(fr, c->output_dir, msg, sizeof msg) != 0)
            keep_first_error(&rc, msg, err, errlen);
        if (ltb_fleet_write_csv(fr, c->output_dir, msg, sizeof msg) != 0)
            keep_first_error(&rc, msg, err, errlen);
    }
    if ((c->outputs & LTB_OUT_JSON) && ltb_fleet_write_json(fr, c->output_dir, msg, sizeof msg) != 0)
        keep_first_error(&rc, msg, err, errlen);
    int main_rank = ltb_fleet_first_run(fr);
    if (main_rank >= 0 &&
        ltb_report_plots(fr->ranks[main_rank].run, c->output_dir, msg, sizeof msg) != 0)
        keep_first_error(&rc, msg, err, errlen);
    if (out != NULL)
        fflush(out);
    return rc;
}
