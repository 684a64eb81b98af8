/* kmain(): the C entry point, called by boot/entry.asm on the boot stack
 * with paging on. Brings the machine up in dependency order. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"
#include "kernel/mm/mm.h"
#include "kernel/multiboot.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "fs/vfs.h"
#include "ipc/eventpoll.h"

NORETURN void ktest_run(const char *which);
void procfs_init(void);
void devpts_init(void);
void mqueue_init(void);
void ipc_ns_init(void);
void tracefs_init(void);
void cgroup_init(void);

/* Unpacks every Multiboot module that is a cpio (newc) archive into the
 * root filesystem, in order, then gives the modules' memory back. */
static void unpack_modules(struct multiboot_info *mbi)
{
    if (!(mbi->flags & MB_INFO_MODS))
        return;
    struct multiboot_module *mod = P2V(mbi->mods_addr);
    for (uint32_t i = 0; i < mbi->mods_count; i++) {
        const char *data = P2V(mod[i].mod_start);
        uint32_t len = mod[i].mod_end - mod[i].mod_start;
        if (len >= 6 && !memcmp(data, "070701", 6))
            cpio_unpack(data, len);
        else
            printk("module %u: not a cpio newc archive, ignored\n", i);
    }
    for (uint32_t i = 0; i < mbi->mods_count; i++)
        page_release_range(mod[i].mod_start, mod[i].mod_end);
}

/* init's arguments: the command-line words that are not key=value. */
static int init_args(char **argv, int max)
{
    char **words;
    int n = cmdline_words(&words), k = 0;
    for (int i = 0; i < n && k < max - 1; i++)
        if (!strchr(words[i], '='))
            argv[k++] = words[i];
    argv[k] = NULL;
    return k;
}

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
    kmalloc_init();
    fpu_init();
    time_init();
    sysenter_init();
    proc_init();
    fs_init();
    eventpoll_init();
    unpack_modules(mbi);
    ramfs_limits_init();
    procfs_init();
    ipc_ns_init();                           /* the initial IPC namespace's limits */
    mqueue_init();
    devpts_init();
    tracefs_init();
    cgroup_init();
    timer_init();
    pic_unmask(IRQ_COM1);
    sti();

    printk("Pipit " PIPIT_VERSION " (i386): %u MiB of memory, %u pages free\n",
           (page_total_count() * PAGE_SIZE) >> 20, page_free_count());
    printk("command line: %s\n", cmdline_raw());

    const char *kt = cmdline_get("ktest");
    if (kt)
        ktest_run(kt);

    const char *init = cmdline_get("init");
    static char *argv[64];
    init_args(argv, 64);
    start_init(init ? init : "/sbin/init", argv);
    cpu_idle();
}
