/* High-resolution timers: an ordered list of expiry times in ktime ns,
 * run from the local APIC timer in one-shot mode (or from the tick when
 * there is no APIC). The callback runs in the interrupt, interrupts off:
 * it may wake tasks and send signals, never sleep. */
#ifndef HRTIMER_H
#define HRTIMER_H
#include "kernel/types.h"

struct hrtimer {
    uint64_t expires;                       /* ktime ns */
    void (*fn)(struct hrtimer *t);
    struct hrtimer *next;                   /* the list, soonest first */
    bool queued;
};

void hrtimer_init(void);                    /* at boot: the APIC, if there is one */
bool hrtimer_hres_active(void);             /* the APIC fires timers (else the tick) */
void hrtimer_start(struct hrtimer *t, uint64_t expires);   /* (re)arms t */
void hrtimer_cancel(struct hrtimer *t);                    /* if armed */
void hrtimer_run(void);                     /* runs what expired; programs the next */
uint64_t hrtimer_next(void);                /* soonest expiry, 0 when none */

/* drivers/apic.c: the one-shot event device. */
bool apic_timer_init(void);                 /* false: no APIC, the tick polls */
void apic_timer_program(uint64_t delta_ns); /* one interrupt delta_ns from now */
void apic_eoi(void);

#endif
