/* High-resolution timers (see hrtimer.h): a singly linked list ordered
 * by expiry. Each change of the soonest expiry reprograms the local APIC
 * timer; hrtimer_run() runs from its interrupt and from every tick (the
 * safety net, and the whole mechanism when there is no APIC). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"

static struct hrtimer *head;
static bool have_apic;
static uint64_t programmed;                  /* the expiry the APIC waits for, 0 none */

void hrtimer_init(void)
{
    have_apic = apic_timer_init();
}

/* Makes the APIC fire for the head, unless it already will. */
static void reprogram(void)
{
    if (!have_apic || !head || head->expires == programmed)
        return;
    uint64_t now = ktime_get_ns();
    programmed = head->expires;
    apic_timer_program(head->expires > now ? head->expires - now : 0);
}

static void unlink(struct hrtimer *t)
{
    for (struct hrtimer **pp = &head; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    t->next = NULL;
    t->queued = false;
}

void hrtimer_start(struct hrtimer *t, uint64_t expires)
{
    uint32_t f = irq_save();
    if (t->queued)
        unlink(t);
    t->expires = expires;
    struct hrtimer **pp = &head;
    while (*pp && (*pp)->expires <= expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->queued = true;
    reprogram();
    irq_restore(f);
}

void hrtimer_cancel(struct hrtimer *t)
{
    uint32_t f = irq_save();
    if (t->queued)
        unlink(t);
    irq_restore(f);
}

bool hrtimer_hres_active(void) { return have_apic; }

uint64_t hrtimer_next(void)
{
    return head ? head->expires : 0;
}

/* Runs every timer whose time came, soonest first; a callback may
 * re-arm its own timer (it then waits its turn). Interrupts off. */
void hrtimer_run(void)
{
    uint64_t now = ktime_get_ns();
    programmed = 0;
    while (head && head->expires <= now) {
        struct hrtimer *t = head;
        head = t->next;
        t->next = NULL;
        t->queued = false;
        t->fn(t);
    }
    reprogram();
}
