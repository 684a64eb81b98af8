/* The PIT, channel 0, at HZ ticks per second; jiffies counts the ticks,
 * jiffies64 too, without wrapping after 497 days (timers far ahead). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"

volatile uint32_t jiffies;

void timer_init(void)
{
    uint32_t div = 1193182 / HZ;
    outb(0x43, 0x36);                    /* channel 0, lo/hi, mode 3 */
    outb(0x40, div & 0xFF);
    outb(0x40, div >> 8);
    pic_unmask(IRQ_TIMER);
}

static uint32_t jiffies_hi;                  /* how often jiffies wrapped */

/* The timer tick, after jiffies++ (sched_tick). */
void jiffies64_tick(void)
{
    if (jiffies == 0)
        jiffies_hi++;
}

uint64_t jiffies64(void)
{
    uint32_t f = irq_save();
    uint64_t v = (uint64_t)jiffies_hi << 32 | jiffies;
    irq_restore(f);
    return v;
}
