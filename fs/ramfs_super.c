/* The ramfs as a whole: its size limit and its inode limit, as tmpfs's
 * size= and nr_inodes= mount options. A page of file data is charged
 * before it is allocated and an inode before it is made; past the limit
 * the writer gets ENOSPC, and rm gives the space back. statfs reports the
 * same numbers. Defaults as tmpfs: half of RAM, and as many inodes as half
 * of RAM has pages. Set at boot with rootflags=size=...,nr_inodes=... and
 * at run time by root through /proc/sys/fs/ramfs-size-pages and
 * ramfs-nr-inodes (Pipit has no mount(2) to remount with). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "fs/ramfs.h"

/* max 0 means no limit, as tmpfs's size=0 and nr_inodes=0. Until
 * ramfs_limits_init (the initrd is being unpacked) nothing is limited. */
uint32_t ramfs_max_blocks, ramfs_max_inodes;
static uint32_t used_blocks, used_inodes;

/* Takes one page of file data from the limit: false when it is reached. */
bool ramfs_charge_block(void)
{
    if (ramfs_max_blocks && used_blocks >= ramfs_max_blocks)
        return false;
    used_blocks++;
    return true;
}

/* As tmpfs's fallocate asks before it allocates: false when n more
 * pages would pass the limit, whatever holes they fill. */
bool ramfs_blocks_fit(uint32_t n)
{
    return !ramfs_max_blocks || (n <= ramfs_max_blocks && used_blocks <= ramfs_max_blocks - n);
}

void ramfs_uncharge_block(void)
{
    assert(used_blocks > 0);
    used_blocks--;
}

bool ramfs_charge_inode(void)
{
    if (ramfs_max_inodes && used_inodes >= ramfs_max_inodes)
        return false;
    used_inodes++;
    return true;
}

void ramfs_uncharge_inode(void)
{
    assert(used_inodes > 0);
    used_inodes--;
}

uint32_t ramfs_used_blocks(void) { return used_blocks; }

/* statfs's numbers, as tmpfs gives them: with no limit, blocks (or files)
 * and their free count are 0. */
void ramfs_statfs(struct ramfs_usage *u)
{
    u->blocks = ramfs_max_blocks;
    u->bfree = ramfs_max_blocks > used_blocks ? ramfs_max_blocks - used_blocks : 0;
    u->files = ramfs_max_inodes;
    u->ffree = ramfs_max_inodes > used_inodes ? ramfs_max_inodes - used_inodes : 0;
}

/* A new limit of pages (blocks) or inodes from root at run time: not
 * below what is in use, as tmpfs refuses such a remount (EINVAL); 0
 * lifts the limit. */
int ramfs_set_max_blocks(uint32_t v)
{
    if (v && v < used_blocks)
        return -EINVAL;
    ramfs_max_blocks = v;
    return 0;
}

int ramfs_set_max_inodes(uint32_t v)
{
    if (v && v < used_inodes)
        return -EINVAL;
    ramfs_max_inodes = v;
    return 0;
}

/* Linux's memparse for a mount option: a number with an optional k, m or
 * g, or (for size) a percentage of RAM, up to the next ',' or the end.
 * The result is in bytes, or -1 when the text is not a number. */
static int64_t option_value(const char *s, bool percent_ok)
{
    uint64_t v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && v < (1ull << 40))
        v = v * 10 + (uint64_t)(*p++ - '0');
    if (p == s)
        return -1;
    switch (*p) {
    case 'g': case 'G': v <<= 10; /* fall through */
    case 'm': case 'M': v <<= 10; /* fall through */
    case 'k': case 'K': v <<= 10; p++; break;
    case '%':
        if (!percent_ok)
            return -1;
        v = (uint64_t)page_total_count() * PAGE_SIZE / 100 * v;
        p++;
        break;
    }
    return (*p && *p != ',') ? -1 : (int64_t)MIN(v, (uint64_t)1 << 42);
}

/* Applies one option of rootflags=: size= or nr_inodes=; any other is
 * reported and ignored. */
static void apply_option(const char *opt)
{
    int64_t v;
    if (!strncmp(opt, "size=", 5) && (v = option_value(opt + 5, true)) >= 0)
        ramfs_max_blocks = (uint32_t)MIN((v + PAGE_SIZE - 1) / PAGE_SIZE, 0xFFFFFFFFll);
    else if (!strncmp(opt, "nr_inodes=", 10) && (v = option_value(opt + 10, false)) >= 0)
        ramfs_max_inodes = (uint32_t)MIN(v, 0xFFFFFFFFll);
    else
        printk("ramfs: rootflags option '%s' not understood, ignored\n", opt);
}

/* Sets the limits once the boot modules are unpacked and their memory is
 * back: tmpfs's defaults, then the rootflags= options of the command line.
 * A limit below what the initrd took is raised to it (Linux would have
 * failed to unpack it). */
void ramfs_limits_init(void)
{
    ramfs_max_blocks = page_total_count() / 2;
    ramfs_max_inodes = page_total_count() / 2;
    const char *flags = cmdline_get("rootflags");
    for (const char *p = flags; p && *p;) {
        char opt[64];
        size_t n = 0;
        while (p[n] && p[n] != ',')
            n++;
        strlcpy(opt, p, MIN(n + 1, sizeof opt));
        apply_option(opt);
        p += n + (p[n] == ',');
    }
    if (ramfs_max_blocks && ramfs_max_blocks < used_blocks) {
        printk("ramfs: size below the initrd's %u pages, raised to them\n", used_blocks);
        ramfs_max_blocks = used_blocks;
    }
    if (ramfs_max_inodes && ramfs_max_inodes < used_inodes) {
        printk("ramfs: nr_inodes below the initrd's %u, raised to them\n", used_inodes);
        ramfs_max_inodes = used_inodes;
    }
}
