/* The GDT and the one TSS (see gdt.h). */
#include "kernel/kernel.h"
#include "kernel/gdt.h"

__hot_data struct seg_desc gdt[GDT_LDT + 1];
__hot_data struct entry_area entry_area;
__hot_data bool gdt_ldt_loaded;              /* an LDT is loaded (else the null one) */

static void set_desc(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[i].limit_lo = limit & 0xFFFF;
    gdt[i].base_lo = base & 0xFFFF;
    gdt[i].base_mid = (base >> 16) & 0xFF;
    gdt[i].access = access;
    gdt[i].flags_limit_hi = (uint8_t)((flags << 4) | ((limit >> 16) & 0xF));
    gdt[i].base_hi = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
    set_desc(1, 0, 0xFFFFF, 0x9A, 0xC);     /* kernel code, ring 0 */
    set_desc(2, 0, 0xFFFFF, 0x92, 0xC);     /* kernel data */
    set_desc(3, 0, 0xFFFFF, 0xFA, 0xC);     /* user code, ring 3 */
    set_desc(4, 0, 0xFFFFF, 0xF2, 0xC);     /* user data */
    set_desc(5, (uint32_t)&entry_area.tss, sizeof entry_area.tss + sizeof entry_area.io_bitmap - 1, 0x89, 0x0);
    entry_area.tss.ss0 = KERNEL_DS;
    entry_area.tss.iomap = IO_BITMAP_OFFSET_INVALID; /* no port for ring 3 (kernel/ioport.c) */
    memset(entry_area.io_bitmap, 0xFF, sizeof entry_area.io_bitmap);

    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr = {
        sizeof gdt - 1, (uint32_t)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "ljmp $0x08, $1f\n"
        "1: mov $0x10, %%ax; mov %%ax, %%ss\n"
        "mov $0x23, %%ax; mov %%ax, %%ds; mov %%ax, %%es\n"   /* the flat USER_DS, as Linux */
        "xor %%ax, %%ax; mov %%ax, %%fs; mov %%ax, %%gs\n"
        "mov $0x28, %%ax; ltr %%ax\n"
        /* No LDT: the CPU comes out of reset with one at linear address 0,
         * which would let a selector with TI set (from sigreturn, ptrace)
         * read descriptors, even call gates, from a user page. */
        "xor %%ax, %%ax; lldt %%ax"
        : : "m"(gdtr) : "eax", "memory");
}

uint32_t gdt_sysenter_esp(void)
{
    return (uint32_t)&entry_area.tss;
}

__hot_data bool user_segs_stale;

void gdt_set_tls(int idx, const struct seg_desc *d)
{
    if (desc_equal(&gdt[GDT_TLS_MIN + idx], d))
        return;                              /* (a forked child's is its parent's) */
    gdt[GDT_TLS_MIN + idx] = *d;
    user_segs_stale = true;
}

void gdt_copy_tls(const struct seg_desc tls[GDT_TLS_ENTRIES])
{
    for (int i = 0; i < GDT_TLS_ENTRIES; i++)
        gdt_set_tls(i, &tls[i]);
}

/* An LDT of `entries` descriptors at table (a system descriptor, type 2),
 * loaded at once; NULL loads the null LDT. */
void gdt_set_ldt(const void *table, uint32_t entries)
{
    uint16_t sel = 0;
    if (!gdt_ldt_loaded && !(table && entries))
        return;                              /* none before, none now */
    gdt_ldt_loaded = table && entries;
    user_segs_stale = true;
    if (table && entries) {
        set_desc(GDT_LDT, (uint32_t)table, entries * 8 - 1, 0x82, 0x0);
        sel = GDT_LDT << 3;
    }
    __asm__ volatile("lldt %0" : : "r"(sel) : "memory");
}
