/* report_csv_files.c — the public CSV writers of report.h: each task's files by its
 * layout (report_csv_common.h), alone or over a fleet's ranks. */
#include "report.h"
#include "report_csv_common.h"

const csv_task_layout *csv_task_layout_of(ltb_task task)
{
    return task == LTB_TASK_TTS ? &csv_tts_layout
         : task == LTB_TASK_GENERATE ? &csv_generate_layout
         : task == LTB_TASK_RUN ? &csv_run_layout
         : task == LTB_TASK_LLM ? &csv_llm_layout : &csv_image_layout;
}

int ltb_report_csv_image(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &csv_image_layout, err, errlen);
}

int ltb_report_csv_tts(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &csv_tts_layout, err, errlen);
}

int ltb_report_csv_generate(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &csv_generate_layout, err, errlen);
}

int ltb_report_csv_image_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                               size_t errlen)
{
    return csv_write_rank_files(ranks, n, dir, &csv_image_layout, err, errlen);
}

int ltb_report_csv_tts_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                             size_t errlen)
{
    return csv_write_rank_files(ranks, n, dir, &csv_tts_layout, err, errlen);
}

int ltb_report_csv_generate_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                                  size_t errlen)
{
    return csv_write_rank_files(ranks, n, dir, &csv_generate_layout, err, errlen);
}

int ltb_report_csv_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                         size_t errlen)
{
    ltb_task task = n >= 1 ? ranks[0].run->config.task : LTB_TASK_IMAGE;
    return csv_write_rank_files(ranks, n, dir, csv_task_layout_of(task), err, errlen);
}
