/* kmain(): the C entry point, called by boot/entry.asm on the boot stack
 * with paging on. Brings the machine up in dependency order. */
#include "kernel.h"
#include "x86.h"
#include "gdt.h"
#include "trap.h"
#include "mm.h"
#include "multiboot.h"

NORETURN void ktest_run(const char *which);

void kmain(uint32_t magic, uint32_t mb_info_pa)
{
    serial_init();
    vga_init();
    if (magic != MB_BOOT_MAGIC)
        panic("not started by a Multiboot loader (magic %x)", magic);
    struct multiboot_info *mbi = P2V(mb_info_pa);
    cmdline_init(mbi->flags & MB_INFO_CMDLINE ? (const char *)P2V(mbi->cmdline) : "");

    gdt_init();
    idt_init();
    pic_init();
    page_alloc_init(mb_info_pa);
    paging_init();
    timer_init();
    pic_unmask(IRQ_COM1);
    sti();

    printk("Pipit " PIPIT_VERSION " (i386): %u MiB of memory, %u pages free\n",
           (page_total_count() * PAGE_SIZE) >> 20, page_free_count());
    printk("command line: %s\n", cmdline_raw());

    const char *kt = cmdline_get("ktest");
    if (kt)
        ktest_run(kt);

    printk("nothing to run yet: idling\n");
    for (;;)
        hlt();
}
