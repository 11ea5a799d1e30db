/* testutil_process.c — testutil's helpers for a process a test starts, watches and
 * signals itself (Ctrl-C tests): spawn with its output in files, wait for a line it
 * prints, wait for its exit with a bound (see testutil.h). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t tu_spawn(const char *const *argv, const char *out_path, const char *err_path)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen(out_path ? out_path : "/dev/null", "w", stdout))
            _exit(126);
        if (!freopen(err_path ? err_path : "/dev/null", "w", stderr))
            _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

void tu_pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int tu_wait_exit(pid_t pid, int limit_s, const char *what)
{
    int status;
    for (int i = 0; i < limit_s * 20; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        tu_pause_ms(50);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    fail_msg("%s did not exit within %d s", what, limit_s);
    return -1;
}

void tu_wait_for_text(const char *path, const char *mark, int limit_s, const char *what)
{
    for (int i = 0; i < limit_s * 10; i++) {
        char *text = tu_read_file(path);
        int seen = text && strstr(text, mark);
        free(text);
        if (seen)
            return;
        tu_pause_ms(100);
    }
    fail_msg("%s: no \"%s\" in %s within %d s", what, mark, path, limit_s);
}

int tu_children_of(pid_t parent, pid_t *pids, int cap)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL && n < cap) {
        char path[300], stat[512];
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t got = fread(stat, 1, sizeof stat - 1, f);
        fclose(f);
        stat[got] = '\0';
        const char *after = strrchr(stat, ')'); /* "pid (comm) state ppid ..." */
        char state;
        int ppid;
        if (after && sscanf(after + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
            pids[n++] = (pid_t)atoi(e->d_name);
    }
    if (d)
        closedir(d);
    return n;
}

int tu_list_threads(long *tids, int cap)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < cap;)
        if (e->d_name[0] != '.')
            tids[n++] = atol(e->d_name);
    closedir(d);
    return n;
}

int tu_threads_started(const long *before, int n_before, const long *after, int n_after)
{
    int started = 0;
    for (int i = 0; i < n_after; i++) {
        int seen = 0;
        for (int j = 0; j < n_before && !seen; j++)
            seen = after[i] == before[j];
        started += !seen;
    }
    return started;
}
