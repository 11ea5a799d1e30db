/* serve_compute.h — the server's compute threads: a fixed set of long-lived threads
 * runs every forward of `ltbench serve`, and a connection thread hands its forward
 * over and waits for it. So at most N requests compute at once (--threads N), and
 * LibTorch's OpenMP keeps N thread pools however many connections come and go: with
 * the forward on each connection's own thread, every keep-alive connection grew a
 * pool of its own, and libgomp, managing more threads than cores, fell back to its
 * throttled wait (the cost BENCHMARKS.md measured for ltbench's own workers). */
#ifndef LTB_SERVE_COMPUTE_H
#define LTB_SERVE_COMPUTE_H

#include <stddef.h>

typedef struct serve_compute serve_compute;

/* Starts n >= 1 compute threads (they inherit the caller's signal mask); NULL with a
 * one-line err. */
serve_compute *serve_compute_start(int n, char *err, size_t errlen);
/* Runs fn(arg) on a compute thread, waiting for a free one, and returns its result. */
int serve_compute_call(serve_compute *c, int (*fn)(void *), void *arg);
/* Lets the calls queued finish, then ends and joins the threads; frees c (NULL: none). */
void serve_compute_stop(serve_compute *c);
#endif
