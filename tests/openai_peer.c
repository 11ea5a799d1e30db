/* openai_peer.c — `transformers serve` as the tests' OpenAI-compatible peer (see
 * openai_peer.h): the state scripts/openai-peer writes (DIR/peer: url=, model=, or
 * missing=WHY), read here. */
#define _POSIX_C_SOURCE 200809L
#include "openai_peer.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[4096];          /* the state folder */
static int g_own;                 /* started by this process */
static char g_url[128], g_model[4096], g_missing[512];

/* The value of "key=" in the state text, into out (empty when absent). */
static void state_value(const char *text, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = strlen(key);
    for (const char *line = text; line && *line;) {
        if (!strncmp(line, key, n) && line[n] == '=') {
            const char *v = line + n + 1;
            snprintf(out, cap, "%.*s", (int)strcspn(v, "\n"), v);
            return;
        }
        const char *end = strchr(line, '\n');
        line = end ? end + 1 : NULL;
    }
}

static int script(const char *verb, const char *extra)
{
    const char *src = getenv("LTBENCH_SOURCE_DIR");
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "'%s/scripts/openai-peer' %s '%s' %s", src ? src : ".", verb, g_dir,
             extra);
    return system(cmd);
}

const char *tu_openai_peer_open(void)
{
    const char *fixture = getenv("LTBENCH_OPENAI_PEER");
    if (fixture && *fixture) {
        snprintf(g_dir, sizeof g_dir, "%s", fixture);
    } else {   /* run on its own: its own server, stopped when this process goes */
        snprintf(g_dir, sizeof g_dir, "/tmp/ltbench-openai-peer-%ld", (long)getpid());
        char owner[32];
        snprintf(owner, sizeof owner, "%ld", (long)getpid());
        g_own = 1;
        if (script("start", owner) != 0) {
            fprintf(stderr, "scripts/openai-peer start %s failed (its output above)\n", g_dir);
            exit(1);
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/peer", g_dir);
    char *text = tu_read_file(path);
    if (!text) {
        fprintf(stderr, "%s: no peer state (ctest's openai_peer_start writes it)\n", path);
        exit(1);
    }
    state_value(text, "url", g_url, sizeof g_url);
    state_value(text, "model", g_model, sizeof g_model);
    state_value(text, "missing", g_missing, sizeof g_missing);
    free(text);
    if (g_missing[0]) {
        tu_openai_peer_close();   /* its state folder, when this process made it */
        return g_missing;
    }
    if (!g_url[0] || !g_model[0]) {
        fprintf(stderr, "%s: no url= or model= line\n", path);
        exit(1);
    }
    return NULL;
}

void tu_openai_peer_close(void)
{
    if (g_own && script("stop", "") != 0)
        fprintf(stderr, "scripts/openai-peer stop %s failed\n", g_dir);
    g_own = 0;
}

const char *tu_openai_peer_url(void)
{
    return g_url;
}

const char *tu_openai_peer_model(void)
{
    return g_model;
}
