/* testutil.c — helpers shared by the tests (see testutil.h). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "lt_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_env(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        fail_msg("environment variable %s is not set (run the tests through ctest)", name);
    return v;
}

char *tu_tempdir(void)
{
    char *tmpl = strdup("/tmp/ltbench-test-XXXXXX");
    assert_non_null(tmpl);
    assert_non_null(mkdtemp(tmpl));
    return tmpl;
}

char *tu_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

int tu_run_shell(const char *cmdline, tu_output *o)
{
    char *dir = tu_tempdir();
    char *out_path = tu_path(dir, "stdout"), *err_path = tu_path(dir, "stderr");
    char *script = tu_path(dir, "cmd.sh");
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", cmdline);
    fclose(f);
    size_t len = strlen(script) + strlen(out_path) + strlen(err_path) + 64;
    char *full = malloc(len);
    snprintf(full, len, "timeout 600 sh '%s' >'%s' 2>'%s' </dev/null", script, out_path, err_path);
    int status = system(full);
    memset(o, 0, sizeof *o);
    if (WIFEXITED(status))
        o->code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        o->code = 128 + WTERMSIG(status);
    else
        o->code = -1;
    o->out = tu_read_file(out_path);
    o->err = tu_read_file(err_path);
    unlink(out_path);
    unlink(err_path);
    unlink(script);
    rmdir(dir);
    free(full);
    free(script);
    free(out_path);
    free(err_path);
    free(dir);
    return o->code;
}

int tu_run_cli(const char *args, tu_output *o)
{
    const char *bin = tu_env("LTBENCH_BIN");
    size_t len = strlen(bin) + strlen(args) + 8;
    char *cmd = malloc(len);
    snprintf(cmd, len, "'%s' %s", bin, args);
    int code = tu_run_shell(cmd, o);
    free(cmd);
    return code;
}

void tu_output_free(tu_output *o)
{
    free(o->out);
    free(o->err);
    o->out = o->err = NULL;
}

char *tu_first_line(const char *path)
{
    char *text = tu_read_file(path);
    if (!text)
        return NULL;
    text[strcspn(text, "\r\n")] = '\0';
    return text;
}

int tu_count_lines(const char *text)
{
    int n = 0;
    const char *p = text;
    if (!p || !*p)
        return 0;
    for (; *p; p++)
        if (*p == '\n')
            n++;
    return p[-1] == '\n' ? n : n + 1;
}

int tu_count_lines_until_blank(const char *path)
{
    char *text = tu_read_file(path);
    if (!text)
        return -1;
    char *blank = strstr(text, "\n\n");
    if (!blank)
        blank = strstr(text, "\r\n\r\n");
    if (blank)
        blank[1] = '\0';
    int n = tu_count_lines(text);
    free(text);
    return n;
}

int tu_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *tu_path(const char *dir, const char *file)
{
    size_t len = strlen(dir) + strlen(file) + 2;
    char *p = malloc(len);
    snprintf(p, len, "%s/%s", dir, file);
    return p;
}

int tu_is_one_line(const char *text)
{
    if (!text)
        return 0;
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == '\n')
        len--;
    return len > 0 && memchr(text, '\n', len) == NULL;
}

cJSON *tu_read_json(const char *dir, const char *file)
{
    char *path = tu_path(dir, file);
    char *text = tu_read_file(path);
    if (!text)
        fail_msg("cannot read %s", path);
    cJSON *j = cJSON_Parse(text);
    if (!j)
        fail_msg("%s is not JSON", path);
    free(text);
    free(path);
    return j;
}

double tu_json_number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        fail_msg("JSON key '%s' is not a number", key);
    return v->valuedouble;
}

void tu_assert_csv_header(const char *dir, const char *file, const char *header)
{
    char *path = tu_path(dir, file);
    char *line = tu_first_line(path);
    if (!line)
        fail_msg("cannot read %s", path);
    if (strncmp(line, header, strlen(header)) != 0 ||
        (line[strlen(header)] != '\0' && line[strlen(header)] != ','))
        fail_msg("%s header is\n  %s\nexpected it to start with\n  %s", path, line, header);
    free(line);
    free(path);
}

void tu_expect_usage_error(const char *args, const char *needle1, const char *needle2)
{
    tu_output o;
    int code = tu_run_cli(args, &o);
    if (code != 2 || !tu_is_one_line(o.err) || !strstr(o.err, needle1) ||
        (needle2 && !strstr(o.err, needle2)))
        fail_msg("ltbench %s\n  exit %d, stderr: %s", args, code, o.err ? o.err : "(none)");
    tu_output_free(&o);
}

const char *tu_csv_field(const char *line, int i, char *buf, size_t cap)
{
    size_t n = 0;
    int quoted = 0, field = 0;
    for (const char *c = line; *c && (*c != '\n' || quoted); c++) {
        if (*c == '"' && quoted && c[1] == '"') {
            if (field == i && n + 1 < cap)
                buf[n++] = '"';
            c++;
        } else if (*c == '"') {
            quoted = !quoted;
        } else if (*c == ',' && !quoted) {
            if (field++ == i)
                break;
        } else if (field == i && n + 1 < cap) {
            buf[n++] = *c;
        }
    }
    buf[n] = '\0';
    return field >= i ? buf : NULL;
}

static int column_of(const char *header, const char *name)
{
    char buf[128];
    for (int i = 0; i < 200; i++)
        if (tu_csv_field(header, i, buf, sizeof buf) && !strcmp(buf, name))
            return i;
    fail_msg("no column %s", name);
    return -1;
}

void tu_csv_read(const char *dir, const char *file, tu_csv *c)
{
    char *path = tu_path(dir, file);
    c->text = tu_read_file(path);
    if (!c->text)
        fail_msg("no %s", path);
    free(path);
    int quoted = 0, cap = 64;
    c->n = 0;
    c->rows = malloc((size_t)cap * sizeof *c->rows);
    assert_non_null(c->rows);
    for (char *at = c->text; *at; at++) {
        if (*at == '"')
            quoted = !quoted;
        if (*at != '\n' || quoted)
            continue;
        if (at[1] == '\0' || at[1] == '\n')
            break;                     /* the table ends at a blank line */
        if (c->n == cap) {
            cap *= 2;
            c->rows = realloc(c->rows, (size_t)cap * sizeof *c->rows);
            assert_non_null(c->rows);
        }
        c->rows[c->n++] = at + 1;
    }
}

const char *tu_csv_text(const tu_csv *c, int row, const char *column, char *buf, size_t cap)
{
    assert_true(row >= 0 && row < c->n);
    if (!tu_csv_field(c->rows[row], column_of(c->text, column), buf, cap))
        buf[0] = '\0';
    return buf;
}

double tu_csv_double(const tu_csv *c, int row, const char *column)
{
    char buf[256];
    return atof(tu_csv_text(c, row, column, buf, sizeof buf));
}

void tu_csv_free(tu_csv *c)
{
    free(c->text);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

int tu_run_mpi(const char *args, tu_output *o)
{
    size_t len = strlen(args) + 128;
    char *cmd = malloc(len);
    assert_non_null(cmd);
    snprintf(cmd, len, "\"$LTBENCH_MPIEXEC\" --oversubscribe%s %s",
             geteuid() == 0 ? " --allow-run-as-root" : "", args);
    int code = tu_run_shell(cmd, o);
    free(cmd);
    return code;
}

void tu_expect_exit(const char *what, int code, int want, const tu_output *o)
{
    if (code != want)
        fail_msg("%s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s", what, code, want,
                 o->out ? o->out : "", o->err ? o->err : "");
}

int tu_libtorch_major(void)
{
    lt_info info;
    lt_get_info(&info);
    return atoi(info.torch_version);
}
