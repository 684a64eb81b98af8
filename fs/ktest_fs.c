/* The ramfs self-test (ktest=ramfs): namespace operations, file data,
 * symlinks, link counts and cpio unpacking through the kernel-internal
 * calls, as root, ending with every page and kmalloc byte given back. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "fs/vfs.h"

#define FAIL(...) do { snprintf(why, 128, __VA_ARGS__); return false; } while (0)
#define CHECK(expr, want) do { long __v = (long)(expr);                        \
        if (__v != (long)(want))                                             \
            FAIL("%s:%d: %s gave %ld, expected %ld", __FILE__, __LINE__, #expr, \
                 __v, (long)(want));                                         \
    } while (0)

static int lookup(const char *path, bool follow, struct inode **ip)
{
    return namei_at(AT_FDCWD, path, follow ? LOOKUP_FOLLOW : 0, ip);
}

static long nlink_of(const char *path)
{
    struct inode *ip;
    int r = lookup(path, false, &ip);
    if (r)
        return r;
    long n = ip->i_nlink;
    inode_put(ip);
    return n;
}

static bool count_entry(void *ctx, const char *name UNUSED, int len UNUSED,
                        loff_t next UNUSED, uint64_t ino UNUSED, unsigned type UNUSED)
{
    (*(int *)ctx)++;
    return true;
}

static int count_entries(const char *path)
{
    struct file *f;
    int r = do_open(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f), n = 0;
    if (r)
        return r;
    f->f_op->readdir(f, &n, count_entry);
    file_put(f);
    return n;
}

/* File data: pages on demand, holes, truncation, unlinked-but-open. */
static bool test_data(char *why)
{
    static char buf[10000], back[10000];
    struct file *f;
    CHECK(do_open(AT_FDCWD, "/kt/a", O_CREAT | O_EXCL | O_RDWR, 0644, &f), 0);
    struct inode *ip = f->f_inode;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + 1);
    CHECK(vfs_write_kernel(ip, buf, sizeof buf, 0), sizeof buf);
    CHECK(vfs_write_kernel(ip, "end", 3, 1 << 20), 3);
    CHECK(ip->i_size, (1 << 20) + 3);
    CHECK(ip->i_blocks, 4 * 8);             /* three pages of data, one at 1 MiB */
    CHECK(vfs_read_kernel(ip, back, sizeof back, 0), sizeof back);
    CHECK(memcmp(buf, back, sizeof buf), 0);
    CHECK(vfs_read_kernel(ip, back, 100, 500000), 100);
    for (int i = 0; i < 100; i++)
        CHECK(back[i], 0);                  /* a hole */
    CHECK(vfs_read_kernel(ip, back, 100, (1 << 20) + 1), 2);
    CHECK(vfs_truncate(ip, 5000), 0);
    CHECK(ip->i_blocks, 2 * 8);
    CHECK(vfs_truncate(ip, 8192), 0);
    CHECK(vfs_read_kernel(ip, back, 8192, 0), 8192);
    CHECK(memcmp(buf, back, 5000), 0);
    for (int i = 5000; i < 8192; i++)
        CHECK(back[i], 0);                  /* truncated bytes do not come back */
    struct file *f2;
    CHECK(do_open(AT_FDCWD, "/kt/a", O_CREAT | O_EXCL | O_RDWR, 0644, &f2), -EEXIST);
    CHECK(do_unlinkat(AT_FDCWD, "/kt/a"), 0);
    CHECK(ip->i_nlink, 0);
    CHECK(vfs_read_kernel(ip, back, 10, 0), 10);   /* still open, still readable */
    file_put(f);                            /* frees inode and pages */
    return true;
}

/* Names: links, renames and their errors, rmdir, symlinks. */
static bool test_names(char *why)
{
    struct inode *a, *b;
    CHECK(do_mknodat(AT_FDCWD, "/kt/f", S_IFREG | 0600, 0), 0);
    CHECK(do_linkat(AT_FDCWD, "/kt/f", AT_FDCWD, "/kt/g", 0), 0);
    CHECK(nlink_of("/kt/f"), 2);
    CHECK(do_linkat(AT_FDCWD, "/kt", AT_FDCWD, "/kt/h", 0), -EPERM);
    CHECK(do_mkdirat(AT_FDCWD, "/kt/d", 0755), 0);
    CHECK(do_mkdirat(AT_FDCWD, "/kt/d/e", 0755), 0);
    CHECK(do_mkdirat(AT_FDCWD, "/kt/d", 0755), -EEXIST);
    CHECK(nlink_of("/kt/d"), 3);
    CHECK(nlink_of("/kt"), 3);
    CHECK(do_renameat2(AT_FDCWD, "/kt/d", AT_FDCWD, "/kt/d/e/x", 0), -EINVAL);
    CHECK(do_renameat2(AT_FDCWD, "/kt/d", AT_FDCWD, "/kt/f", 0), -ENOTDIR);
    CHECK(do_renameat2(AT_FDCWD, "/kt/f", AT_FDCWD, "/kt/d", 0), -EISDIR);
    CHECK(do_renameat2(AT_FDCWD, "/kt/f", AT_FDCWD, "/kt/g", 0), 0);   /* same inode */
    CHECK(do_renameat2(AT_FDCWD, "/kt/g", AT_FDCWD, "/kt/d/e/g2", 0), 0);
    CHECK(nlink_of("/kt/f"), 2);
    CHECK(do_rmdir(AT_FDCWD, "/kt/d"), -ENOTEMPTY);
    CHECK(do_rmdir(AT_FDCWD, "/kt/d/e/."), -EINVAL);
    CHECK(do_unlinkat(AT_FDCWD, "/kt/d"), -EISDIR);
    CHECK(do_unlinkat(AT_FDCWD, "/kt/f/"), -ENOTDIR);
    CHECK(do_unlinkat(AT_FDCWD, "/kt/nope"), -ENOENT);
    CHECK(lookup("/kt/f/x", true, &a), -ENOTDIR);
    CHECK(lookup("", true, &a), -ENOENT);
    CHECK(do_renameat2(AT_FDCWD, "/kt/d/e", AT_FDCWD, "/kt/e2", 0), 0);
    CHECK(nlink_of("/kt/d"), 2);
    CHECK(nlink_of("/kt"), 4);
    CHECK(lookup("/kt/e2/../d/./", true, &a), 0);
    CHECK(lookup("/kt/d", true, &b), 0);
    CHECK(a == b, 1);
    inode_put(a);
    inode_put(b);
    CHECK(count_entries("/kt/e2"), 3);      /* ".", "..", g2 */
    CHECK(do_symlinkat("e2/g2", AT_FDCWD, "/kt/s"), 0);
    CHECK(lookup("/kt/s", true, &a), 0);
    CHECK(lookup("/kt/f", true, &b), 0);
    CHECK(a == b, 1);
    inode_put(a);
    inode_put(b);
    char lbuf[16];
    CHECK(do_readlinkat(AT_FDCWD, "/kt/s", lbuf, sizeof lbuf), 5);
    CHECK(memcmp(lbuf, "e2/g2", 5), 0);
    CHECK(do_readlinkat(AT_FDCWD, "/kt/f", lbuf, sizeof lbuf), -EINVAL);
    CHECK(do_symlinkat("l2", AT_FDCWD, "/kt/l1"), 0);
    CHECK(do_symlinkat("l1", AT_FDCWD, "/kt/l2"), 0);
    CHECK(lookup("/kt/l1", true, &a), -ELOOP);
    CHECK(lookup("/kt/l1", false, &a), 0);
    inode_put(a);
    CHECK(lookup("/kt/s/", true, &a), -ENOTDIR);
    return true;
}

/* A two-entry archive (a directory and a file in it) and an override. */
static bool test_cpio(char *why)
{
    static char ar[1024];
    size_t n = 0;
    const struct { const char *name; uint32_t mode; const char *data; } ents[] = {
        { "./cp/sub", S_IFDIR | 0750, "" }, { "cp/sub/x", S_IFREG | 0640, "hello" },
        { "cp/sub/x", S_IFREG | 0600, "bye" }, { "TRAILER!!!", 0, "" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ents); i++) {
        size_t nl = strlen(ents[i].name) + 1, dl = strlen(ents[i].data);
        n += snprintf(ar + n, sizeof ar - n, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                      (unsigned)i, ents[i].mode, 1000u, 100u, 1u, 12345u, (unsigned)dl,
                      0u, 0u, 0u, 0u, (unsigned)nl, 0u);
        memcpy(ar + n, ents[i].name, nl);
        n = (n + nl + 3) & ~3u;
        memcpy(ar + n, ents[i].data, dl);
        n = (n + dl + 3) & ~3u;
    }
    cpio_unpack(ar, n);
    struct inode *ip;
    char back[8];
    CHECK(lookup("/cp/sub/x", false, &ip), 0);
    CHECK(ip->i_mode, S_IFREG | 0600);
    CHECK(ip->i_uid, 1000);
    CHECK(ip->i_mtime.sec, 12345);
    CHECK(vfs_read_kernel(ip, back, sizeof back, 0), 3);
    inode_put(ip);
    CHECK(lookup("/cp/sub", false, &ip), 0);
    CHECK(ip->i_mode, S_IFDIR | 0750);
    inode_put(ip);
    cpio_unpack("070701zz", 8);             /* damaged: a message, no crash */
    CHECK(do_unlinkat(AT_FDCWD, "/cp/sub/x"), 0);
    CHECK(do_rmdir(AT_FDCWD, "/cp/sub"), 0);
    CHECK(do_rmdir(AT_FDCWD, "/cp"), 0);
    return true;
}

static bool cleanup(char *why)
{
    const char *files[] = { "/kt/f", "/kt/e2/g2", "/kt/s", "/kt/l1", "/kt/l2" };
    for (size_t i = 0; i < ARRAY_SIZE(files); i++)
        CHECK(do_unlinkat(AT_FDCWD, files[i]), 0);
    CHECK(do_rmdir(AT_FDCWD, "/kt/e2"), 0);
    CHECK(do_rmdir(AT_FDCWD, "/kt/d"), 0);
    CHECK(do_rmdir(AT_FDCWD, "/kt"), 0);
    return true;
}

static bool run_once(char *why)
{
    struct inode *ip;
    if (do_mkdirat(AT_FDCWD, "/kt", 0755))
        FAIL("mkdir /kt failed");
    if (!test_data(why) || !test_names(why) || !cleanup(why) || !test_cpio(why))
        return false;
    CHECK(lookup("/dev/null", true, &ip), 0);
    bool ok = S_ISCHR(ip->i_mode) && ip->i_rdev == MKDEV(1, 3);
    inode_put(ip);
    if (!ok)
        FAIL("/dev/null is not char device 1,3");
    return true;
}

/* Runs everything twice: the first run warms kmalloc's buckets, the second
 * must give back every page and byte it takes. */
bool test_ramfs(char *why)
{
    static struct task stand_in;            /* root, when no task exists yet */
    struct task *saved = current;
    if (!current)
        current = &stand_in;
    fs_init();
    bool ok = run_once(why);
    uint32_t pages = page_free_count(), bytes = kmalloc_used();
    ok = ok && run_once(why);
    if (ok && (page_free_count() != pages || kmalloc_used() != bytes)) {
        snprintf(why, 128, "leak: %d pages, %d bytes", (int)(pages - page_free_count()),
                 (int)(kmalloc_used() - bytes));
        ok = false;
    }
    current = saved;
    return ok;
}
