/* openai_peer.c — `transformers serve` as the tests' OpenAI-compatible peer (see
 * openai_peer.h). */
#define _POSIX_C_SOURCE 200809L
#include "openai_peer.h"
#include "http_peer.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

const char *tu_openai_peer_missing(void)
{
    if (!tu_peers_python())
        return "no .venv-peers/bin/python (run scripts/peers: transformers serve, the openai "
               "client from PyPI)";
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "'%s' -c 'import accelerate; from transformers.utils.import_utils import "
             "is_serve_available as s; assert s()'", tu_peers_python());
    tu_output o;
    int code = tu_run_shell(cmd, &o);
    tu_output_free(&o);
    return code == 0 ? NULL
                     : ".venv-peers cannot run transformers serve (run scripts/peers: it pins "
                       "transformers[serving])";
}

void tu_openai_peer_start(tu_server *s, char **model_dir)
{
    setenv("HF_HUB_OFFLINE", "1", 1);            /* nothing from the hub: all is local */
    setenv("TRANSFORMERS_OFFLINE", "1", 1);
    setenv("HF_HUB_DISABLE_UPDATE_CHECK", "1", 1);
    *model_dir = tu_tempdir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s/models/make_hf_tiny_llm.py' --out '%s'", tu_peers_python(),
             tu_env("LTBENCH_SOURCE_DIR"), *model_dir);
    tu_output o;
    if (tu_run_shell(cmd, &o) != 0)
        fail_msg("%s\n  stderr: %s", cmd, o.err ? o.err : "");
    tu_output_free(&o);
    char port[16];
    snprintf(port, sizeof port, "%d", http_peer_closed_port());
    const char *argv[] = {tu_peers_python(), "-c", "from transformers.cli.transformers import main; main()",
                          "serve", *model_dir, "--host", "127.0.0.1", "--port", port,
                          "--device", "cpu", "--log-level", "info", NULL};
    tu_peer_start(s, argv, atoi(port), "Uvicorn running", 300);
}

int tu_openai_peer_stop(tu_server *s, char *model_dir)
{
    tu_server_stop(s);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", model_dir);
    int rc = system(cmd) != 0 ? -1 : 0;
    free(model_dir);
    return rc;
}
