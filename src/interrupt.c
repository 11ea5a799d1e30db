/* interrupt.c — SIGINT/SIGTERM: first stops the run gracefully, second exits now. */
#define _POSIX_C_SOURCE 200809L
#include "interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    if (g_stop) {
        static const char msg[] = "\nltbench: second signal, exiting now\n";
        ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)ignored;
        _exit(128 + sig);
    }
    g_stop = 1;
    static const char msg[] =
        "\nltbench: stopping: finishing requests in flight, then writing results (again to quit now)\n";
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
void ltb_interrupt_request(void) { g_stop = 1; }
void ltb_interrupt_reset(void) { g_stop = 0; }
