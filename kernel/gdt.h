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

void gdt_init(void);
void tss_set_esp0(uint32_t esp0);
uint32_t gdt_sysenter_esp(void);   /* for the SYSENTER ESP MSR: the TSS, esp0 at +4 */
void gdt_set_tls(int idx, const struct seg_desc *d);   /* idx 0..2 */
void gdt_load_tls(const struct seg_desc tls[GDT_TLS_ENTRIES]);   /* all three (a switch) */
/* Set when a TLS slot or the LDT changes (the two calls above): a user
 * selector loaded before may now name another descriptor, so the way
 * back to user mode must load fs and gs again (kernel/sysenter.c). */
extern bool user_segs_stale;
void gdt_set_ldt(const void *table, uint32_t entries);  /* and lldt; NULL: none */

#endif
