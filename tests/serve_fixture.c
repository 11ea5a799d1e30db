/* serve_fixture.c — servers for the HTTP end-to-end tests (see serve_fixture.h). */
#define _POSIX_C_SOURCE 200809L
#include "serve_fixture.h"
#include "testutil.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void tu_serve_start(tu_server *s, const char *const *extra)
{
    memset(s, 0, sizeof *s);
    s->dir = tu_tempdir();
    char *log = tu_path(s->dir, "server.log");
    char resnet[1024], tts[1024];
    snprintf(resnet, sizeof resnet, "%s/resnet18.pt", tu_env("LTBENCH_MODELS_DIR"));
    snprintf(tts, sizeof tts, "%s/tts_tiny.pt", tu_env("LTBENCH_MODELS_DIR"));
    const char *argv[32] = {tu_env("LTBENCH_BIN"), "serve", "--port", "0", "--model", resnet,
                            "--model", tts};
    int n = 8;
    for (int i = 0; extra && extra[i] && n < 31; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    s->pid = tu_spawn(argv, NULL, log);
    for (int i = 0; i < 1800; i++) {
        char *text = tu_read_file(log);
        const char *at = text ? strstr(text, "listening on http://127.0.0.1:") : NULL;
        if (at) {
            s->port = atoi(at + strlen("listening on http://127.0.0.1:"));
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
            free(text);
            free(log);
            return;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid)
            fail_msg("ltbench serve exited before listening: %s", text ? text : "(no output)");
        free(text);
        tu_pause_ms(100);
    }
    fail_msg("ltbench serve did not listen within 180 s");
}

void tu_server_stop(tu_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        tu_wait_exit(s->pid, 60, "a server");
        s->pid = 0;
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (system(cmd) != 0)
        print_message("could not remove %s\n", s->dir);
    free(s->dir);
    s->dir = NULL;
}

const char *tu_peers_python(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/.venv-peers/bin/python", tu_env("LTBENCH_SOURCE_DIR"));
    return access(path, X_OK) == 0 ? path : NULL;
}

void tu_peer_start(tu_server *s, const char *const *argv, int port, const char *mark, int limit_s)
{
    memset(s, 0, sizeof *s);
    s->dir = tu_tempdir();
    char *out = tu_path(s->dir, "server.out"), *err = tu_path(s->dir, "server.err");
    s->pid = tu_spawn(argv, out, err);
    s->port = port;
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", port);
    for (int i = 0; i < limit_s * 10; i++) {
        char *text_out = tu_read_file(out), *text_err = tu_read_file(err);
        int ready = (text_out && strstr(text_out, mark)) || (text_err && strstr(text_err, mark));
        int status;
        if (!ready && waitpid(s->pid, &status, WNOHANG) == s->pid)
            fail_msg("%s exited before it listened: %s %s", argv[0], text_out ? text_out : "",
                     text_err ? text_err : "");
        free(text_out);
        free(text_err);
        if (ready) {
            free(out);
            free(err);
            return;
        }
        tu_pause_ms(100);
    }
    fail_msg("%s did not say '%s' within %d s", argv[0], mark, limit_s);
}
