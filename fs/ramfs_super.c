/* A ramfs instance as a whole: its size limit and its inode limit, as
 * tmpfs's size= and nr_inodes= mount options. A page of file data is
 * charged before it is allocated and an inode before it is made; past
 * the limit the writer gets ENOSPC, and rm gives the space back. statfs
 * reports the same numbers. Defaults as tmpfs: half of RAM, and as many
 * inodes as half of RAM has pages. The root's are set at boot with
 * rootflags=size=...,nr_inodes=... and at run time by root through
 * /proc/sys/fs/ramfs-size-pages and ramfs-nr-inodes or a remount; each
 * tmpfs or ramfs mount(2) makes a new instance (tmpfs_fs_type,
 * ramfs_fs_type below). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "fs/ramfs.h"
#include "fs/mount.h"

/* The root filesystem's instance. max 0 means no limit, as tmpfs's
 * size=0 and nr_inodes=0. Until ramfs_limits_init (the initrd is being
 * unpacked) nothing is limited. */
struct ramfs_sb ramfs_root_sb = { .mode = S_IFDIR | 0755, .tmpfs = true };

struct ramfs_sb *RAMFS_SB(const struct inode *ip)
{
    return ip->i_sb ? ip->i_sb->s_fs_info : &ramfs_root_sb;
}

/* Takes one page of file data from ip's instance: false when it is full. */
bool ramfs_charge_block(struct inode *ip)
{
    struct ramfs_sb *s = RAMFS_SB(ip);
    if (s->max_blocks && s->used_blocks >= s->max_blocks)
        return false;
    s->used_blocks++;
    return true;
}

/* As tmpfs's fallocate asks before it allocates: false when n more
 * pages would pass the limit, whatever holes they fill. */
bool ramfs_blocks_fit(struct inode *ip, uint32_t n)
{
    struct ramfs_sb *s = RAMFS_SB(ip);
    return !s->max_blocks || (n <= s->max_blocks && s->used_blocks <= s->max_blocks - n);
}

void ramfs_uncharge_block(struct inode *ip)
{
    struct ramfs_sb *s = RAMFS_SB(ip);
    assert(s->used_blocks > 0);
    s->used_blocks--;
}

bool ramfs_charge_inode(struct super_block *sb)
{
    struct ramfs_sb *s = sb ? sb->s_fs_info : &ramfs_root_sb;
    if (s->max_inodes && s->used_inodes >= s->max_inodes)
        return false;
    s->used_inodes++;
    return true;
}

/* ip is going: its instance, unmounted and now empty, goes with the last. */
void ramfs_uncharge_inode(struct inode *ip)
{
    struct ramfs_sb *s = RAMFS_SB(ip);
    assert(s->used_inodes > 0);
    if (--s->used_inodes == 0 && ip->i_sb && ip->i_sb->s_dying) {
        kfree(ip->i_sb);
        kfree(s);
    }
}

uint32_t ramfs_used_blocks(void) { return ramfs_root_sb.used_blocks; }

/* statfs's numbers, as tmpfs gives them: with no limit, blocks (or files)
 * and their free count are 0. */
void ramfs_statfs(struct super_block *sb, struct ramfs_usage *u)
{
    struct ramfs_sb *s = sb ? sb->s_fs_info : &ramfs_root_sb;
    u->blocks = s->max_blocks;
    u->bfree = s->max_blocks > s->used_blocks ? s->max_blocks - s->used_blocks : 0;
    u->files = s->max_inodes;
    u->ffree = s->max_inodes > s->used_inodes ? s->max_inodes - s->used_inodes : 0;
}

/* A new limit of pages (blocks) or inodes from root at run time: not
 * below what is in use, as tmpfs refuses such a remount (EINVAL); 0
 * lifts the limit. */
int ramfs_set_max_blocks(uint32_t v)
{
    if (v && v < ramfs_root_sb.used_blocks)
        return -EINVAL;
    ramfs_root_sb.max_blocks = v;
    return 0;
}

int ramfs_set_max_inodes(uint32_t v)
{
    if (v && v < ramfs_root_sb.used_inodes)
        return -EINVAL;
    ramfs_root_sb.max_inodes = v;
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

/* Linux's simple_strtoul for uid=, gid=, mode= (base 0 or 8): -1 when the
 * text is not a number up to the next ',' or the end. */
static int64_t option_number(const char *s, unsigned base)
{
    uint64_t v = 0;
    const char *p = s;
    if (base == 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
        base = 16;
        p += 2;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (; *p && *p != ','; p++) {
        unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0') :
                     (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f' ? (unsigned)((*p | 0x20) - 'a' + 10) : 99;
        if (d >= base || v > 0xFFFFFFFFull)
            return -1;
        v = v * base + d;
    }
    return p == s || v > 0xFFFFFFFFull ? -1 : (int64_t)v;
}

/* Applies one tmpfs option (up to a ',' or the end) to s: size=,
 * nr_blocks=, nr_inodes=, mode=, uid=, gid=; of a ramfs, mode= only (it
 * ignores the others). 0, or -EINVAL for an option the filesystem would
 * refuse. */
static int apply_option(struct ramfs_sb *s, const char *opt)
{
    int64_t v;
    if (!s->tmpfs) {                        /* ramfs: mode= or nothing (ramfs_parse_param) */
        if (strncmp(opt, "mode=", 5) && strcmp(opt, "mode"))
            return 0;
        if ((v = option_number(opt + 5, 8)) < 0 || opt[4] != '=')
            return -EINVAL;
        s->mode = S_IFDIR | ((uint32_t)v & 07777);
        return 0;
    }
    if (!strncmp(opt, "size=", 5) && (v = option_value(opt + 5, true)) >= 0)
        s->max_blocks = (uint32_t)MIN((v + PAGE_SIZE - 1) / PAGE_SIZE, 0xFFFFFFFFll);
    else if (!strncmp(opt, "nr_blocks=", 10) && (v = option_value(opt + 10, false)) >= 0)
        s->max_blocks = (uint32_t)MIN(v, 0xFFFFFFFFll);
    else if (!strncmp(opt, "nr_inodes=", 10) && (v = option_value(opt + 10, false)) >= 0)
        s->max_inodes = (uint32_t)MIN(v, 0xFFFFFFFFll);
    else if (!strncmp(opt, "mode=", 5) && (v = option_number(opt + 5, 8)) >= 0)
        s->mode = S_IFDIR | ((uint32_t)v & 07777);
    else if (!strncmp(opt, "uid=", 4) && (v = option_number(opt + 4, 0)) >= 0 && v != 0xFFFFFFFF)
        s->uid = (uint32_t)v;
    else if (!strncmp(opt, "gid=", 4) && (v = option_number(opt + 4, 0)) >= 0 && v != 0xFFFFFFFF)
        s->gid = (uint32_t)v;
    else
        return -EINVAL;
    return 0;
}

/* fsconfig's check of one tmpfs or ramfs option ("key=value"), on a
 * scratch instance: 0, or -EINVAL where mount(2) would refuse it. */
int tmpfs_check_option(const char *opt, bool tmpfs)
{
    struct ramfs_sb scratch = { .tmpfs = tmpfs };
    return apply_option(&scratch, opt);
}

static int apply_option_of(char *opt, void *s)
{
    return apply_option(s, opt);
}

/* Each comma-separated option of data onto s (at most 63 bytes each):
 * the first error stops it. */
static int for_each_option(const char *data, struct ramfs_sb *s)
{
    return mount_options_each(data, 64, apply_option_of, s);
}

/* Sets the limits once the boot modules are unpacked and their memory is
 * back: tmpfs's defaults, then the rootflags= options of the command line.
 * A limit below what the initrd took is raised to it (Linux would have
 * failed to unpack it). */
void ramfs_limits_init(void)
{
    struct ramfs_sb *s = &ramfs_root_sb;
    s->max_blocks = page_total_count() / 2;
    s->max_inodes = page_total_count() / 2;
    const char *flags = cmdline_get("rootflags");
    if (flags && for_each_option(flags, s))
        printk("ramfs: rootflags '%s' not all understood\n", flags);
    if (s->max_blocks && s->max_blocks < s->used_blocks) {
        printk("ramfs: size below the initrd's %u pages, raised to them\n", s->used_blocks);
        s->max_blocks = s->used_blocks;
    }
    if (s->max_inodes && s->max_inodes < s->used_inodes) {
        printk("ramfs: nr_inodes below the initrd's %u, raised to them\n", s->used_inodes);
        s->max_inodes = s->used_inodes;
    }
}

/* The root filesystem's super_block (its root is fs_root). */
static struct super_block root_super = { .s_dev = RAMFS_DEV, .s_type = &tmpfs_fs_type,
                                         .s_fs_info = &ramfs_root_sb };
struct super_block *ramfs_root_super(void) { return &root_super; }

/* tmpfs's and ramfs's get_sb: a new instance with its own device, the
 * defaults of tmpfs (half of RAM, as many inodes as half of RAM has
 * pages, mode 1777, owned by the mounter's fsuid/fsgid... as Linux, root
 * owns it: current's fsuid) then data's options. ramfs ignores options it
 * does not know and has no limits. */
static int ramfs_get_sb_common(const char *data, bool tmpfs, struct super_block **res)
{
    struct ramfs_sb *s = kzalloc(sizeof *s);
    struct super_block *sb = kzalloc(sizeof *sb);
    int dev = s && sb ? anon_dev_get() : -ENOMEM;
    int r = dev < 0 ? dev : 0;
    if (!r) {
        s->tmpfs = tmpfs;
        s->mode = S_IFDIR | (tmpfs ? 01777 : 0755);
        s->uid = current->fsuid;
        s->gid = current->fsgid;
        if (tmpfs) {
            s->max_blocks = page_total_count() / 2;
            s->max_inodes = page_total_count() / 2;
        }
        r = for_each_option(data, s);       /* a ramfs takes mode= only */
    }
    if (!r) {
        sb->s_dev = (uint32_t)dev;
        sb->s_type = tmpfs ? &tmpfs_fs_type : &ramfs_fs_type;
        sb->s_fs_info = s;
        if (!(sb->s_root = ramfs_make_root(sb)))
            r = -ENOSPC;
    }
    if (r) {
        if (dev >= 0)
            anon_dev_put((uint32_t)dev);
        kfree(s);
        kfree(sb);
        return r;
    }
    *res = sb;
    return 0;
}

static int tmpfs_get_sb(const char *data, bool rdonly UNUSED, struct super_block **res)
{
    return ramfs_get_sb_common(data, true, res);
}

static int ramfs_get_sb(const char *data, bool rdonly UNUSED, struct super_block **res)
{
    return ramfs_get_sb_common(data, false, res);
}

/* MS_REMOUNT of a tmpfs (shmem_reconfigure): size=, nr_blocks= and
 * nr_inodes= not below what is in use, and no limit on an instance that
 * had none (size=0 lifts one); mode=, uid=, gid= are parsed but change
 * nothing. All or nothing. */
static int tmpfs_remount(struct super_block *sb, const char *data)
{
    struct ramfs_sb *s = sb->s_fs_info, n = *s;
    int r = for_each_option(data, &n);
    if (!r && n.max_blocks && (!s->max_blocks || n.max_blocks < s->used_blocks))
        r = -EINVAL;
    if (!r && n.max_inodes && (!s->max_inodes || n.max_inodes < s->used_inodes))
        r = -EINVAL;
    if (r)
        return r;
    s->max_blocks = n.max_blocks;
    s->max_inodes = n.max_inodes;
    return 0;
}

static int ramfs_remount(struct super_block *sb UNUSED, const char *data UNUSED)
{
    return 0;
}

/* tmpfs's show_options as shmem_show_options: size= and nr_inodes=
 * unless the defaults (the root, whose limits come from rootflags=,
 * shows them always), mode= unless 1777, uid=/gid= unless 0. */
static int tmpfs_show_options(struct super_block *sb, char *buf, int size)
{
    struct ramfs_sb *s = sb->s_fs_info;
    uint32_t dflt = s == &ramfs_root_sb ? ~0u : page_total_count() / 2;
    int n = 0;
    if (s->max_blocks != dflt)
        n += snprintf(buf + n, n < size ? size - n : 0, ",size=%uk", s->max_blocks * (PAGE_SIZE / 1024));
    if (s->max_inodes != dflt)
        n += snprintf(buf + n, n < size ? size - n : 0, ",nr_inodes=%u", s->max_inodes);
    if ((s->mode & 07777) != 01777 && s != &ramfs_root_sb)
        n += snprintf(buf + n, n < size ? size - n : 0, ",mode=%03o", s->mode & 07777);
    if (s->uid)
        n += snprintf(buf + n, n < size ? size - n : 0, ",uid=%u", s->uid);
    if (s->gid)
        n += snprintf(buf + n, n < size ? size - n : 0, ",gid=%u", s->gid);
    return n;
}

static int ramfs_show_options(struct super_block *sb, char *buf, int size)
{
    struct ramfs_sb *s = sb->s_fs_info;
    return (s->mode & 07777) != 0755 ? snprintf(buf, size, ",mode=%03o", s->mode & 07777) : 0;
}

/* The last mount went: the tree is taken down; the instance itself goes
 * with its last inode (ramfs_uncharge_inode), which may be at once. */
static void ramfs_kill_sb(struct super_block *sb)
{
    struct inode *root = sb->s_root;
    anon_dev_put(sb->s_dev);
    sb->s_root = NULL;
    sb->s_dying = true;
    ramfs_kill_tree(root);
}

const struct file_system_type tmpfs_fs_type = {
    .name = "tmpfs", .get_sb = tmpfs_get_sb, .remount = tmpfs_remount,
    .show_options = tmpfs_show_options, .kill_sb = ramfs_kill_sb,
};
const struct file_system_type ramfs_fs_type = {
    .name = "ramfs", .get_sb = ramfs_get_sb, .remount = ramfs_remount,
    .show_options = ramfs_show_options, .kill_sb = ramfs_kill_sb,
};
