/* The vDSO in the kernel: the image the Makefile builds from
 * kernel/mm/vdso/ (vdso_image, entry points as vdso_sym_* offsets), copied
 * into pages at boot and mapped into each process at exec, with the vvar
 * page below it, which the tick keeps up to date (see vdso.h). */
#include "kernel/kernel.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vdso.h"
#include "kernel/time.h"
#include "kernel/vdso_data.h"
#include "kernel/clock_data.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

extern const char vdso_image[], vdso_image_end[];
extern const char vdso_sym___kernel_vsyscall[], vdso_sym_vsyscall_sysenter[],
    vdso_sym___kernel_sigreturn[], vdso_sym___kernel_rt_sigreturn[];
#define VDSO_SYM(name) ((uint32_t)vdso_sym_##name)   /* absolute symbols: offsets */

#define VDSO_PAGES_MAX 2
static paddr_t vdso_pages[VDSO_PAGES_MAX];
static uint32_t vdso_npages;
static paddr_t vvar_pa;
static struct vdso_data *vvar;

void vdso_init(bool sep)
{
    uint32_t size = (uint32_t)(vdso_image_end - vdso_image);
    vdso_npages = PAGE_ALIGN(size) >> PAGE_SHIFT;
    assert(vdso_npages <= VDSO_PAGES_MAX);
    for (uint32_t i = 0; i < vdso_npages; i++) {
        vdso_pages[i] = page_alloc_zeroed();
        assert(vdso_pages[i]);
        uint32_t n = MIN(size - i * PAGE_SIZE, (uint32_t)PAGE_SIZE);
        memcpy(P2V(vdso_pages[i]), vdso_image + i * PAGE_SIZE, n);
    }
    if (!sep) {                              /* mov %esp,%ebp; sysenter: 4 nops, as Linux's alternative */
        uint32_t off = VDSO_SYM(vsyscall_sysenter);
        memset((char *)P2V(vdso_pages[off >> PAGE_SHIFT]) + (off & (PAGE_SIZE - 1)), 0x90, 4);
    }
    vvar_pa = page_alloc_zeroed();
    assert(vvar_pa);
    vvar = P2V(vvar_pa);
    vdso_update();
}

static paddr_t vdso_nopage(struct vm_area *a, uint32_t pgoff)
{
    (void)a;
    if (pgoff >= vdso_npages)
        return 0;
    page_get(vdso_pages[pgoff]);
    return vdso_pages[pgoff];
}

/* [vvar] is two pages: the clock data, and a second one that only a
 * task in a time namespace (a->private, uncounted: every task of an
 * address space is in its namespace) finds, the data moved to it and
 * the namespace's page in its place (kernel/vdso_data.h). */
static paddr_t vvar_nopage(struct vm_area *a, uint32_t pgoff)
{
    const struct time_namespace *ns = a->private;
    paddr_t pa = pgoff == 0 ? (ns ? ns->vvar_page : vvar_pa) : pgoff == 1 && ns ? vvar_pa : 0;
    if (pa)
        page_get(pa);
    return pa;
}

/* Private mappings of the kernel's pages: a write (after mprotect, or by
 * ptrace for a breakpoint) copies the page, as Linux's vDSO pages. */
const struct vm_ops vdso_vm_ops = { .nopage = vdso_nopage };
const struct vm_ops vvar_vm_ops = { .nopage = vvar_nopage };

int vdso_map(struct mm *mm)
{
    uint32_t vvar_len = VVAR_PAGES * PAGE_SIZE, len = vvar_len + vdso_npages * PAGE_SIZE;
    uintptr_t base = vm_find_free(mm, len);
    if (!base || vm_map(mm, base, base + vvar_len, VM_READ | VM_IO, &vvar_vm_ops, current->time_ns, 0) < 0)
        return -ENOMEM;
    if (vm_map(mm, base + vvar_len, base + len, VM_READ | VM_EXEC, &vdso_vm_ops, NULL, 0) < 0) {
        vm_unmap(mm, base, base + vvar_len);
        return -ENOMEM;
    }
    mm->vdso = base + vvar_len;
    return 0;
}

void vdso_join_timens(struct mm *mm, struct time_namespace *ns)
{
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (a->ops == &vvar_vm_ops) {
            a->private = ns;
            vm_zap_range(mm, a->start, a->end);   /* the next read faults in ns's pages */
        }
}

uint32_t vdso_vsyscall(const struct mm *mm)
{
    return mm->vdso ? mm->vdso + VDSO_SYM(__kernel_vsyscall) : 0;
}

uint32_t vdso_sigreturn(const struct mm *mm, bool rt)
{
    if (!mm->vdso)
        return 0;
    return mm->vdso + (rt ? VDSO_SYM(__kernel_rt_sigreturn) : VDSO_SYM(__kernel_sigreturn));
}

/* One clock's base in the vvar page: sec, and nsec shifted left by
 * `shift` (the fine clocks: the vDSO adds TSC cycles * mult) or plain. */
static void vvar_base(int clk, uint64_t ns, uint32_t shift)
{
    vvar->basetime[clk] = (struct vdso_timestamp){ ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) << shift };
}

/* Copies the clock's state (kernel/clock_data.h, kernel/clocksource.c)
 * into the vvar page in Linux's layout, so that the vDSO reads every
 * clock but the CPU-time ones without a system call: the fine ones from
 * the TSC (VDSO_CLOCKMODE_TSC; with the PIT as the clock source they
 * stay system calls), the coarse ones as of the last tick. Called by the
 * clock at every tick, when it leaves tickless idle and at clock_settime,
 * with interrupts off. */
void vdso_update(void)
{
    if (!vvar)
        return;
    const struct vdso_time_data *cd = &vdso_time_page.data;
    uint64_t mono = cd->ns_base, coarse = cd->coarse_ns, off = (uint64_t)cd->realtime_offset_ns;
    vvar->seq++;
    __asm__ volatile("" ::: "memory");
    bool tsc = cd->clock_mode == VDSO_CLOCK_TSC;
    vvar->clock_mode = tsc ? VDSO_CLOCKMODE_TSC : VDSO_CLOCKMODE_NONE;
    vvar->cycle_last = cd->tsc_base;
    vvar->mult = cd->mult;
    vvar->shift = cd->shift;
    vvar_base(CLOCK_MONOTONIC, mono, cd->shift);
    vvar_base(CLOCK_MONOTONIC_RAW, mono, cd->shift);
    vvar_base(CLOCK_BOOTTIME, mono, cd->shift);
    vvar_base(CLOCK_REALTIME, mono + off, cd->shift);
    vvar_base(CLOCK_MONOTONIC_COARSE, coarse, 0);
    vvar_base(CLOCK_REALTIME_COARSE, coarse + off, 0);
    vvar->hres_valid = tsc ? (1u << CLOCK_REALTIME | 1u << CLOCK_MONOTONIC |
                              1u << CLOCK_MONOTONIC_RAW | 1u << CLOCK_BOOTTIME) : 0;
    __asm__ volatile("" ::: "memory");
    vvar->seq++;
}
