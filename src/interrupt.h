/* interrupt.h — Ctrl-C / SIGTERM handling: the first signal asks the driver to stop
 * taking new requests (what was measured is still written, marked partial); a
 * second one exits at once. */
#ifndef LTB_INTERRUPT_H
#define LTB_INTERRUPT_H

void ltb_interrupt_install(void);
int ltb_interrupted(void);
/* For tests and library users: ask the running benchmark to stop. */
void ltb_interrupt_request(void);
void ltb_interrupt_reset(void);
#endif
