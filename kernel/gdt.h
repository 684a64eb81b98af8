/* Segments: the GDT (kernel and user code/data, the TSS, Linux's three TLS
 * slots 6..8 for set_thread_area) and the TSS whose esp0 is the kernel
 * stack the CPU switches to on entry from user mode. */
#ifndef GDT_H
#define GDT_H
#include "types.h"

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   (0x18 | 3)
#define USER_DS   (0x20 | 3)
#define TSS_SEL   0x28
#define GDT_TLS_MIN 6             /* GDT_ENTRY_TLS_MIN on Linux i386 */
#define GDT_TLS_ENTRIES 3

struct seg_desc { uint16_t limit_lo, base_lo; uint8_t base_mid, access, flags_limit_hi, base_hi; } __attribute__((packed));

/* A selector a user may load into %fs/%gs: 0, the user data segment or a
 * TLS slot (anything else would fault when the kernel reloads it). */
static inline uint32_t user_data_selector(uint32_t sel)
{
    sel &= 0xFFFF;
    uint32_t idx = sel >> 3;
    if (sel == USER_DS || ((sel & 7) == 3 && idx >= GDT_TLS_MIN && idx < GDT_TLS_MIN + GDT_TLS_ENTRIES))
        return sel;
    return 0;
}

void gdt_init(void);
void tss_set_esp0(uint32_t esp0);
void gdt_set_tls(int idx, const struct seg_desc *d);   /* idx 0..2 */

#endif
