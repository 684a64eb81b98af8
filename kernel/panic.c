/* panic() and the backtrace: the last words of a kernel whose invariants
 * broke. Function names come from the symbol table that the build links
 * into .ksymtab (tools/ksyms.sh); the frame-pointer chain gives the calls. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/ksyms.h"

uint32_t tainted_mask;                      /* kernel.tainted: Pipit sets no bit itself */

/* Name of the function containing addr, and the offset into it. */
const char *ksym_lookup(uint32_t addr, uint32_t *off)
{
    int lo = 0, hi = (int)ksyms_count - 1, best = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ksyms[mid].addr <= addr) { best = mid; lo = mid + 1; }
        else hi = mid - 1;
    }
    if (best < 0) { *off = 0; return "?"; }
    *off = addr - ksyms[best].addr;
    return ksyms[best].name;
}

static bool kernel_text(uint32_t a)
{
    extern char _kernel_end[];
    return a >= 0xC0100000 && a < (uint32_t)_kernel_end;
}

void backtrace(uint32_t ebp, uint32_t eip)
{
    uint32_t off;
    const char *name = ksym_lookup(eip, &off);
    printk("backtrace:\n");
    printk("  %p %s+0x%x\n", (void *)eip, name, off);
    for (int depth = 0; ebp && depth < 32; depth++) {
        if (!kernel_text(ebp) || (ebp & 3))
            break;
        uint32_t ret = ((uint32_t *)ebp)[1];
        if (!kernel_text(ret))
            break;
        name = ksym_lookup(ret - 1, &off);
        printk("  %p %s+0x%x\n", (void *)ret, name, off + 1);
        ebp = ((uint32_t *)ebp)[0];
    }
}

void panic(const char *fmt, ...)
{
    static bool in_panic;
    cli();
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    printk("\nKERNEL PANIC: %s\n", buf);
    if (!in_panic) {
        in_panic = true;
        uint32_t ebp;
        __asm__ volatile("mov %%ebp, %0" : "=r"(ebp));
        backtrace(((uint32_t *)ebp)[0], ((uint32_t *)ebp)[1] - 1);   /* inside the call */
    }
    qemu_exit(1);
}
