/* t_ramfs_limit_guest - guest only: the ramfs's size and inode limits
 * (tmpfs's size= and nr_inodes=, issue 13 defect 3) and the memory totals
 * of /proc/meminfo and sysinfo (defect 4). Filling the filesystem gives
 * the writer a short count and then ENOSPC, statfs shows it full, a new
 * program still starts, and unlink gives every page back. The limits are
 * set through Pipit's /proc/sys/fs/ramfs-* knobs (Linux would remount), so
 * this runs in Pipit only. */
#include "check.h"
#include "knob.h"
#include "kmem.h"
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#define TMPFS_MAGIC 0x01021994
#define SIZE_KNOB "/proc/sys/fs/ramfs-size-pages"
#define INODES_KNOB "/proc/sys/fs/ramfs-nr-inodes"

static long total_pages(void)
{
	struct sysinfo si;
	sysinfo(&si);
	return (long)((unsigned long long)si.totalram * si.mem_unit / 4096);
}

static void defaults(void)
{
	struct statfs s;
	CHECK_OK0("statfs /", statfs("/", &s));
	CHECK_EQ("f_type is TMPFS_MAGIC", (long)s.f_type, (long)TMPFS_MAGIC);
	CHECK_EQ("f_bsize 4096", (long)s.f_bsize, 4096L);
	CHECK_EQ("f_blocks: half of RAM", (long)s.f_blocks, total_pages() / 2);
	CHECK_EQ("f_files: as many inodes as half of RAM has pages", (long)s.f_files, total_pages() / 2);
	CHECK("f_bfree = f_bavail <= f_blocks", s.f_bfree == s.f_bavail && s.f_bfree <= s.f_blocks);
	CHECK("0 < f_ffree < f_files", s.f_ffree > 0 && s.f_ffree < s.f_files);
	CHECK_EQ("the size knob shows f_blocks", knob_get(SIZE_KNOB), (long)s.f_blocks);
	CHECK_EQ("the inode knob shows f_files", knob_get(INODES_KNOB), (long)s.f_files);
	char m[256] = { 0 };
	int fd = open("/proc/mounts", O_RDONLY);
	read(fd, m, sizeof m - 1);
	close(fd);
	char want[96];
	snprintf(want, sizeof want, "tmpfs / tmpfs rw,relatime,size=%ldk,nr_inodes=%ld 0 0\n",
		 (long)s.f_blocks * 4, (long)s.f_files);
	CHECK("/proc/mounts shows the limits as tmpfs options", !strncmp(m, want, strlen(want)));
}

/* Whether a new program starts and exits 0. */
static int program_runs(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static char chunk[1 << 20];

/* Fills the filesystem with path in writes of `piece` bytes: the bytes
 * written; *last is the result of the write that followed the short one. */
static long fill(const char *path, size_t piece, long *short_count, int *last_errno)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	long total = 0, r;
	*short_count = -1;
	*last_errno = 0;
	while ((r = write(fd, chunk, piece)) == (long)piece)
		total += r;
	if (r >= 0) {
		*short_count = r;
		total += r;
		r = write(fd, chunk, piece);
	}
	*last_errno = r < 0 ? errno : 0;
	close(fd);
	return total;
}

/* Fills /tmp at the default limit (half of RAM): the writer gets what
 * fits, then ENOSPC, and the system goes on. Runs in a child. */
static void fill_default(void)
{
	struct statfs s0, s1;
	statfs("/tmp", &s0);
	long sc;
	int e;
	long total = fill("/tmp/t_ramfs_huge", sizeof chunk, &sc, &e);
	CHECK_EQ("the writes take exactly the free blocks", total, (long)s0.f_bfree * 4096);
	CHECK("the last write that fitted in part was short", sc >= 0 && sc < (long)sizeof chunk);
	CHECK_EQ("the next write -> ENOSPC", e, ENOSPC);
	statfs("/tmp", &s1);
	CHECK_EQ("statfs: f_bfree 0", (long)s1.f_bfree, 0L);
	CHECK_EQ("statfs: f_bavail 0", (long)s1.f_bavail, 0L);
	CHECK("a new program still starts", program_runs());
	CHECK_OK0("unlink", unlink("/tmp/t_ramfs_huge"));
	statfs("/tmp", &s1);
	CHECK_EQ("after unlink statfs shows the blocks free again", (long)s1.f_bfree, (long)s0.f_bfree);
	_exit(check_failed ? 1 : 0);
}

/* The kernel's memory account (kmem.h) around the child that filled the
 * filesystem and removed its file: every page and object back. */
static void full_at_default(void)
{
	struct kmem a, b;
	char why[256];
	memset(chunk, 'x', sizeof chunk);
	memset(&b, 0, sizeof b);
	int ra = kmem_take(&a);                 /* nothing printed until b: output may be a file */
	pid_t pid = fork();
	if (pid == 0)
		fill_default();
	int st = wait_for(pid);
	kmem_take(&b);
	CHECK_EQ("the account can be taken", ra, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		check_failed++;
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass("after unlink the kernel's memory account is as before");
	else
		fail("after unlink the kernel's memory account is as before", "%s", why);
}

/* A limit of used + 256 pages, set at run time: exact counts. */
static void full_at_lowered_limit(void)
{
	struct statfs s0, s1;
	memset(chunk, 'y', sizeof chunk);
	long old = knob_get(SIZE_KNOB);
	statfs("/", &s0);
	long used = (long)(s0.f_blocks - s0.f_bfree);
	CHECK_EQ("a limit below what is used -> EINVAL", knob_set(SIZE_KNOB, used - 1), -EINVAL);
	CHECK_EQ("a limit of used + 256 pages", knob_set(SIZE_KNOB, used + 256), 0);
	statfs("/", &s1);
	CHECK_EQ("statfs: f_blocks is the new limit", (long)s1.f_blocks, used + 256);
	CHECK_EQ("statfs: f_bfree 256", (long)s1.f_bfree, 256L);
	long sc;
	int e;
	long total = fill("/tmp/t_ramfs_1m", 100000, &sc, &e);
	CHECK_EQ("1 MiB fits", total, 1L << 20);
	CHECK_EQ("the write that did not fit wrote what did", sc, (1L << 20) % 100000);
	CHECK_EQ("then ENOSPC", e, ENOSPC);
	struct stat st;
	stat("/tmp/t_ramfs_1m", &st);
	CHECK_EQ("st_size 1 MiB", (long)st.st_size, 1L << 20);
	CHECK_EQ("st_blocks 2048", (long)st.st_blocks, 2048L);
	int fd = open("/tmp/t_ramfs_empty", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	CHECK("a new empty file can still be made", fd >= 0);
	CHECK_ERR("but not written", write(fd, "a", 1), ENOSPC);
	close(fd);
	CHECK("a new program still starts", program_runs());
	unlink("/tmp/t_ramfs_empty");
	CHECK_OK0("truncate to 4096", truncate("/tmp/t_ramfs_1m", 4096));
	statfs("/", &s1);
	CHECK_EQ("truncate frees 255 blocks", (long)s1.f_bfree, 255L);
	unlink("/tmp/t_ramfs_1m");
	CHECK_EQ("the old limit back", knob_set(SIZE_KNOB, old), 0);
}

static void inode_limit(void)
{
	struct statfs s0;
	long old = knob_get(INODES_KNOB);
	statfs("/", &s0);
	long used = (long)(s0.f_files - s0.f_ffree);
	CHECK_EQ("an inode limit of used + 3", knob_set(INODES_KNOB, used + 3), 0);
	CHECK_OK0("mkdir", mkdir("/tmp/t_ramfs_d", 0755));
	int a = open("/tmp/t_ramfs_d/a", O_CREAT | O_WRONLY, 0600);
	int b = open("/tmp/t_ramfs_d/b", O_CREAT | O_WRONLY, 0600);
	CHECK("two files", a >= 0 && b >= 0);
	CHECK_ERR("a third -> ENOSPC", open("/tmp/t_ramfs_d/c", O_CREAT | O_WRONLY, 0600), ENOSPC);
	CHECK_ERR("mkdir -> ENOSPC", mkdir("/tmp/t_ramfs_d/e", 0755), ENOSPC);
	CHECK_ERR("symlink -> ENOSPC", symlink("a", "/tmp/t_ramfs_d/l"), ENOSPC);
	CHECK_ERR("mkfifo -> ENOSPC", mkfifo("/tmp/t_ramfs_d/f", 0600), ENOSPC);
	CHECK_ERR("a hard link counts as an inode too (shmem_link) -> ENOSPC",
		  link("/tmp/t_ramfs_d/a", "/tmp/t_ramfs_d/h"), ENOSPC);
	struct statfs s1;
	statfs("/", &s1);
	CHECK_EQ("statfs: f_ffree 0", (long)s1.f_ffree, 0L);
	close(b);
	unlink("/tmp/t_ramfs_d/b");
	int c = open("/tmp/t_ramfs_d/c", O_CREAT | O_WRONLY, 0600);
	CHECK("after unlink a file can be made again", c >= 0);
	close(a);
	close(c);
	unlink("/tmp/t_ramfs_d/a");
	unlink("/tmp/t_ramfs_d/h");
	unlink("/tmp/t_ramfs_d/c");
	rmdir("/tmp/t_ramfs_d");
	statfs("/", &s1);
	CHECK_EQ("every inode given back: 3 free under the limit", (long)s1.f_ffree, 3L);
	CHECK_EQ("the old limit back", knob_set(INODES_KNOB, old), 0);
}

static void knobs_user(void)
{
	CHECK_ERR("uid 1000 cannot change the size", open(SIZE_KNOB, O_WRONLY), EACCES);
	CHECK_ERR("uid 1000 cannot change the inodes", open(INODES_KNOB, O_WRONLY), EACCES);
}

static void knobs_unprivileged(void) { as_uid1000(knobs_user); }

/* The fields of /proc/meminfo, in kB; -1 when missing. */
static long mi_field(const char *text, const char *name)
{
	char key[40];
	snprintf(key, sizeof key, "\n%s:", name);
	const char *p = !strncmp(text, key + 1, strlen(key + 1)) ? text - 1 : strstr(text, key);
	return p ? atol(p + strlen(key)) : -1;
}

static void read_meminfo(char *mi, size_t size)
{
	memset(mi, 0, size);
	int fd = open("/proc/meminfo", O_RDONLY);
	read(fd, mi, size - 1);
	close(fd);
}

static void meminfo(void)
{
	char mi[2048];
	struct sysinfo si;
	read_meminfo(mi, sizeof mi);
	sysinfo(&si);
	long total = mi_field(mi, "MemTotal"), free = mi_field(mi, "MemFree");
	long avail = mi_field(mi, "MemAvailable"), cached = mi_field(mi, "Cached");
	long shmem = mi_field(mi, "Shmem"), slab = mi_field(mi, "Slab");
	CHECK_EQ("MemTotal = sysinfo totalram", total, (long)(si.totalram * si.mem_unit / 1024));
	CHECK("MemFree <= MemAvailable <= MemTotal", free >= 0 && free <= avail && avail <= total);
	CHECK_EQ("Buffers 0", mi_field(mi, "Buffers"), 0L);
	CHECK_EQ("SwapTotal 0", mi_field(mi, "SwapTotal"), 0L);
	CHECK_EQ("SwapFree 0", mi_field(mi, "SwapFree"), 0L);
	CHECK("Cached >= Shmem > 0 (the root filesystem's files)", cached >= shmem && shmem > 0);
	CHECK("the pages in use hold at least the files and the slab",
	      total - free >= cached + slab);
	CHECK_EQ("sysinfo sharedram = Shmem", (long)(si.sharedram * si.mem_unit / 1024), shmem);
	CHECK_EQ("sysinfo bufferram 0", (long)si.bufferram, 0L);
	CHECK_EQ("sysinfo totalswap 0", (long)si.totalswap, 0L);

	int fd = open("/tmp/t_ramfs_mi", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(fd, chunk, sizeof chunk);
	close(fd);
	char mi2[2048];
	read_meminfo(mi2, sizeof mi2);
	CHECK_EQ("a 1 MiB file: Shmem +1024 kB", mi_field(mi2, "Shmem") - shmem, 1024L);
	CHECK_EQ("a 1 MiB file: Cached +1024 kB", mi_field(mi2, "Cached") - cached, 1024L);
	unlink("/tmp/t_ramfs_mi");
	read_meminfo(mi2, sizeof mi2);
	CHECK_EQ("unlinked: Shmem as before", mi_field(mi2, "Shmem"), shmem);
}

int main(void)
{
	RUN(defaults);
	RUN(knobs_unprivileged);
	RUN(full_at_lowered_limit);
	RUN(inode_limit);
	RUN(full_at_default);
	RUN(meminfo);
	return cases_failed || check_failed ? 1 : 0;
}
