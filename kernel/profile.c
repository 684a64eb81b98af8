/* The sampling profiler: with `profile=1` on the command line, every timer
 * tick (HZ, 100 a second) that interrupted kernel code counts one sample
 * for the function holding the interrupted EIP; ticks that interrupted
 * user code count in one "user" bucket. qemu_exit() prints the top list
 * at power-off; tools/profile.py reads it. Called from trap.c's timer IRQ
 * with interrupts off, so the counters need no other protection. */
#include "kernel/kernel.h"
#include "kernel/trap.h"
#include "kernel/ksyms.h"
#include "kernel/proc.h"

#define PROF_SLOTS 512          /* distinct kernel functions we can count */
#define PROF_TOP   20

struct prof_slot {
    const char *name;
    uint32_t samples;
};

static int enabled = -1;        /* -1: command line not read yet */
static struct prof_slot slots[PROF_SLOTS];
static uint32_t user_samples, kernel_samples, lost_samples;
static uint32_t start_jiffies;

extern uint32_t syscall_count, page_fault_count;

static bool profile_on(void)
{
    if (enabled < 0) {
        const char *v = cmdline_get("profile");
        enabled = v && v[0] == '1';
        start_jiffies = jiffies;
    }
    return enabled;
}

/* One sample. A function is found by its name pointer: ksym_lookup returns
 * the same pointer for every address inside one function. */
void profile_tick(const struct trapframe *tf)
{
    if (!profile_on())
        return;
    if (from_user(tf)) {
        user_samples++;
        return;
    }
    kernel_samples++;
    uint32_t off;
    const char *name = ksym_lookup(tf->eip, &off);
    for (int i = 0; i < PROF_SLOTS; i++) {
        if (slots[i].name == name) {
            slots[i].samples++;
            return;
        }
        if (!slots[i].name) {
            slots[i].name = name;
            slots[i].samples = 1;
            return;
        }
    }
    lost_samples++;
}

/* Prints the histogram; called once at power-off. */
void profile_report(void)
{
    if (enabled != 1)
        return;
    enabled = 0;
    uint32_t total = user_samples + kernel_samples;
    printk("\n--- profile: %u samples at %u Hz (%u ms): user %u, kernel %u ---\n",
           total, HZ, (jiffies - start_jiffies) * (1000 / HZ), user_samples, kernel_samples);
    for (int k = 0; k < PROF_TOP; k++) {
        int best = -1;
        for (int i = 0; i < PROF_SLOTS && slots[i].name; i++)
            if (slots[i].samples && (best < 0 || slots[i].samples > slots[best].samples))
                best = i;
        if (best < 0)
            break;
        uint32_t n = slots[best].samples;
        printk("profile: %6u %3u.%u%% %s\n", n, n * 100 / total, (n * 1000 / total) % 10,
               slots[best].name);
        slots[best].samples = 0;        /* printed: the report runs only once */
    }
    if (lost_samples)
        printk("profile: %6u (functions beyond the %u slots)\n", lost_samples, PROF_SLOTS);
    printk("profile: counters ctxt %u syscalls %u page_faults %u\n",
           context_switches, syscall_count, page_fault_count);
    printk("--- end of profile ---\n");
}
