/* Segments: the GDT (kernel and user code/data, the TSS, Linux's three TLS
 * slots 6..8 for set_thread_area) and the TSS whose esp0 is the kernel
 * stack the CPU switches to on entry from user mode. */
#ifndef GDT_H
#define GDT_H
#include "kernel/types.h"

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   (0x18 | 3)
#define USER_DS   (0x20 | 3)
#define TSS_SEL   0x28
#define GDT_TLS_MIN 6             /* GDT_ENTRY_TLS_MIN on Linux i386 */
#define GDT_TLS_ENTRIES 3
#define GDT_LDT   9               /* the current address space's LDT (kernel/ldt.c) */

struct seg_desc { uint16_t limit_lo, base_lo; uint8_t base_mid, access, flags_limit_hi, base_hi; } __attribute__((packed));

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap;
} __attribute__((packed));

/* The I/O permission bitmap follows the TSS: tss.iomap is its offset
 * while a thread with ports runs, else past the TSS's limit (no port). */
#define IO_BITMAP_BYTES (65536 / 8)
#define IO_BITMAP_OFFSET_VALID ((uint16_t)sizeof(struct tss))
#define IO_BITMAP_OFFSET_INVALID ((uint16_t)(sizeof(struct tss) + IO_BITMAP_BYTES + 8))

/* The TSS, and right below it the stack sysenter starts on: the SYSENTER
 * ESP MSR points at the TSS, whose esp0 boot/sysenter.asm loads first (as
 * Linux's entry stack and TSS in the cpu_entry_area). Only a debug trap of
 * a single-stepped sysenter ever runs on this stack. */
struct entry_area {
    uint8_t stack[1024];
    struct tss tss;
    uint8_t io_bitmap[IO_BITMAP_BYTES + 1];  /* ports a thread may use (kernel/ioport.c); 0xFF after */
} __attribute__((aligned(16)));

extern struct seg_desc gdt[GDT_LDT + 1];
extern struct entry_area entry_area;
extern bool gdt_ldt_loaded;                 /* an LDT is loaded (else the null one) */

void gdt_init(void);
uint32_t gdt_sysenter_esp(void);   /* for the SYSENTER ESP MSR: the TSS, esp0 at +4 */
void gdt_set_tls(int idx, const struct seg_desc *d);   /* idx 0..2 */
void gdt_copy_tls(const struct seg_desc tls[GDT_TLS_ENTRIES]);   /* all three */
/* Set when a TLS slot or the LDT changes (gdt_set_tls, gdt_set_ldt): a user
 * selector loaded before may now name another descriptor, so the way
 * back to user mode must load fs and gs again (kernel/sysenter.c). */
extern bool user_segs_stale;
void gdt_set_ldt(const void *table, uint32_t entries);  /* and lldt; NULL: none */

/* The kernel stack the next entry from user mode runs on. */
static inline void tss_set_esp0(uint32_t esp0)
{
    entry_area.tss.esp0 = esp0;
}

/* Two descriptors are the same (compared as one word: no memcmp call). */
static inline bool desc_equal(const struct seg_desc *a, const struct seg_desc *b)
{
    uint64_t x, y;
    __builtin_memcpy(&x, a, sizeof x);
    __builtin_memcpy(&y, b, sizeof y);
    return x == y;
}

/* At a switch: the three TLS slots from tls. Inline, since two processes
 * of one program mostly have the same ones, and nothing is written. */
static inline void gdt_load_tls(const struct seg_desc tls[GDT_TLS_ENTRIES])
{
    if (!desc_equal(&gdt[GDT_TLS_MIN], &tls[0]) || !desc_equal(&gdt[GDT_TLS_MIN + 1], &tls[1]) ||
        !desc_equal(&gdt[GDT_TLS_MIN + 2], &tls[2]))
        gdt_copy_tls(tls);
}

#endif
