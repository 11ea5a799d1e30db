/* testutil.h — small helpers the tests share: run the real ltbench CLI with a time
 * limit and capture its output, read files, count lines, make temp dirs. */
#ifndef LTB_TESTUTIL_H
#define LTB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

typedef struct tu_output {
    int code;            /* exit code; 128+N when killed by signal N */
    char *out;           /* stdout (malloc'd) */
    char *err;           /* stderr (malloc'd) */
} tu_output;

/* The seed's image CSV headers (classification and generation), written out here from
 * the spec (DESIGN.md), independently of src/. */
#define TU_IMAGE_SUMMARY_HEADER                                                              \
    "Concurrency,IPS,PPS,SPS,RPS,CPS,Tokens_Per_Sec,TTFI_p50_ms,TTFI_p95_ms,TTFI_p99_ms,"    \
    "TTFI_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s,"          \
    "Total_Images,Total_Pixels,Total_Inference_Steps,Avg_Prompt_Length_chars,"               \
    "Avg_Images_Per_Request,Avg_Image_Width,Avg_Image_Height,Avg_Inference_Steps,"           \
    "Avg_Guidance_Scale,Avg_Memory_Peak_MB,Max_Memory_Peak_MB,Avg_GPU_Memory_MB,"            \
    "Max_GPU_Memory_MB"
#define TU_IMAGE_DETAILED_HEADER                                                             \
    "Concurrency_Level,Request_ID,Iteration,Prompt_Input,Prompt_Length_Chars,"               \
    "Prompt_Length_Tokens,Negative_Prompt_Length_Chars,Start_Time_Sec,First_Image_Time_Sec," \
    "End_Time_Sec,Wall_Time_Sec,TTFI_Sec,Width,Height,Num_Images,Total_Pixels,"              \
    "Num_Inference_Steps,Guidance_Scale,Seed,Images_Per_Sec,Pixels_Per_Sec,Steps_Per_Sec,"   \
    "Memory_Peak_MB,GPU_Memory_MB,File_Size_Bytes,Image_Format,Success,Error_Message"

/* Required environment variable (fails the test when unset). */
const char *tu_env(const char *name);
/* A fresh directory under /tmp; malloc'd path. */
char *tu_tempdir(void);
/* Runs `$LTBENCH_BIN <args>` (args is shell text) under `timeout 600`. */
int tu_run_cli(const char *args, tu_output *o);
/* Runs a shell command line the same way. */
int tu_run_shell(const char *cmdline, tu_output *o);
void tu_output_free(tu_output *o);
/* Runs `"$LTBENCH_MPIEXEC" --oversubscribe <args>` the same way (with
 * --allow-run-as-root when root, which Open MPI asks for). */
int tu_run_mpi(const char *args, tu_output *o);
/* Fails the test with the command's output unless code is want. */
void tu_expect_exit(const char *what, int code, int want, const tu_output *o);
/* Whole file, NUL-terminated, malloc'd; NULL if unreadable. */
char *tu_read_file(const char *path);
/* The first line (without newline), malloc'd. */
char *tu_first_line(const char *path);
/* Lines of a file up to the first empty line (the CSV table part). */
int tu_count_lines_until_blank(const char *path);
/* Number of lines in text (a final line without '\n' counts). */
int tu_count_lines(const char *text);
int tu_file_exists(const char *path);
/* "%s/%s" into a malloc'd string. */
char *tu_path(const char *dir, const char *file);
/* dir/file parsed as JSON (fails the test when unreadable or not JSON). */
cJSON *tu_read_json(const char *dir, const char *file);
/* A number member of a JSON object (fails the test when absent). */
double tu_json_number(const cJSON *o, const char *key);
/* The first line of dir/file starts with header (then ends or goes on with ','). */
void tu_assert_csv_header(const char *dir, const char *file, const char *header);
/* `ltbench <args>` exits 2 with a single stderr line containing needle1 (and needle2
 * unless NULL): how every bad input must be refused. */
void tu_expect_usage_error(const char *args, const char *needle1, const char *needle2);
/* Field i (0-based) of one CSV line into buf, quotes removed ("" is one quote);
 * NULL when the line has fewer fields. A field ends at an unquoted comma or the
 * line's end. */
const char *tu_csv_field(const char *line, int i, char *buf, size_t cap);
/* Lines of text that are exactly one line (no "\n" inside) and non-empty. */
int tu_is_one_line(const char *text);

/* The major version of the LibTorch this build links (1 for Debian's 1.13, 2 for 2.x):
 * for the few expectations that differ by release (fp16 convolutions on the CPU exist
 * from 2.x on). */
int tu_libtorch_major(void);

/* A process the test signals itself (testutil_process.c). tu_spawn starts argv
 * (argv[0] a path, NULL-terminated) with stdout and stderr into those files
 * (NULL: /dev/null). */
pid_t tu_spawn(const char *const *argv, const char *out_path, const char *err_path);
void tu_pause_ms(long ms);
/* pid's exit code (128+N when killed by signal N), waiting at most limit_s; then
 * kills it and fails the test ("<what> did not exit within ..."). */
int tu_wait_exit(pid_t pid, int limit_s, const char *what);
/* Waits at most limit_s until the file at path contains mark (else fails). */
void tu_wait_for_text(const char *path, const char *mark, int limit_s, const char *what);
/* The pids of parent's children (the ranks of a local mpirun), at most cap; how many. */
int tu_children_of(pid_t parent, pid_t *pids, int cap);
/* The ids of this process's threads (/proc/self/task), at most cap; how many. */
int tu_list_threads(long *tids, int cap);
/* How many ids of after are not in before (threads started in between; ids, not
 * counts: threads may also have ended). */
int tu_threads_started(const long *before, int n_before, const long *after, int n_after);

/* A result CSV's table read whole (a detailed CSV): rows after the header,
 * newlines inside quotes kept; fields by column name, quotes undone. */
typedef struct tu_csv {
    char *text;
    char **rows;
    int n;
} tu_csv;
/* dir/file (fails the test when unreadable). */
void tu_csv_read(const char *dir, const char *file, tu_csv *c);
const char *tu_csv_text(const tu_csv *c, int row, const char *column, char *buf, size_t cap);
double tu_csv_double(const tu_csv *c, int row, const char *column);
void tu_csv_free(tu_csv *c);
#endif
