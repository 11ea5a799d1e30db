/* interrupt.c — SIGINT/SIGTERM: first stops the run gracefully (its time kept for
 * the drain timeout), second exits now. */
#define _POSIX_C_SOURCE 200809L
#include "interrupt.h"
#include "clock.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;
static atomic_uint_fast64_t g_stop_ns;   /* lock-free on every platform ltbench builds on */

static void on_signal(int sig)
{
    if (g_stop) {
        static const char msg[] = "\nltbench: second signal, exiting now\n";
        ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)ignored;
        _exit(128 + sig);
    }
    atomic_store(&g_stop_ns, ltb_now_ns());   /* clock_gettime is async-signal-safe */
    g_stop = 1;
    static const char msg[] =
        "\nltbench: stopping: finishing requests in flight (at most --drain-timeout), then "
        "writing results (again to quit now)\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
}

void ltb_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int ltb_interrupted(void) { return g_stop != 0; }

uint64_t ltb_interrupted_at_ns(void)
{
    if (!g_stop)
        return 0;
    uint64_t t = atomic_load(&g_stop_ns);
    return t ? t : ltb_now_ns();   /* the handler is between its two stores */
}

void ltb_interrupt_request(void)
{
    if (g_stop)
        return;
    atomic_store(&g_stop_ns, ltb_now_ns());
    g_stop = 1;
}

void ltb_interrupt_reset(void)
{
    g_stop = 0;
    atomic_store(&g_stop_ns, 0);
}

void ltb_exit_leaving_workers(int code)
{
    fflush(NULL);
    _exit(code);
}
