/* serve_fixture.h — servers the HTTP end-to-end tests start and stop: `ltbench
 * serve --port 0` (its URL read from its "listening on" line) and peer servers
 * nobody here wrote (MLServer, from the peers' virtual environment .venv-peers,
 * made by scripts/peers), each a child process with its log in a temporary
 * directory. */
#ifndef LTB_SERVE_FIXTURE_H
#define LTB_SERVE_FIXTURE_H

#include <sys/types.h>

typedef struct tu_server {
    pid_t pid;
    int port;
    char url[128];               /* "http://127.0.0.1:PORT" */
    char *dir;                   /* its temporary directory (log: dir/server.log) */
} tu_server;

/* `ltbench serve --port 0 --model resnet18.pt --model tts_tiny.pt` plus extra
 * (NULL-terminated, may be NULL); fails the test when it does not listen within
 * 180 s. */
void tu_serve_start(tu_server *s, const char *const *extra);
/* SIGTERM, wait, remove its directory. */
void tu_server_stop(tu_server *s);

/* The peers' Python (.venv-peers/bin/python beside the sources), or NULL when
 * scripts/peers has not made it. */
const char *tu_peers_python(void);
/* Starts argv (argv[0] a path) as a peer listening on port, waiting until its
 * stdout or stderr (dir/server.out, .err) holds mark (at most limit_s). */
void tu_peer_start(tu_server *s, const char *const *argv, int port, const char *mark, int limit_s);
#endif
