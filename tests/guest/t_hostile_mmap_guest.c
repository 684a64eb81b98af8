/* t_hostile_mmap_guest - guest only: the address-space limits that the
 * host cannot show or must not have changed: vm.mmap_min_addr at Linux's
 * default 65536 and set through /proc/sys/vm/mmap_min_addr, vm.max_map_count
 * enforced (lowered for the test), and the range checks where i386 Linux
 * and a 64-bit host differ (a length near 4 GiB wraps only on i386). */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/shm.h>

enum { PG = 4096, ANON = MAP_PRIVATE | MAP_ANONYMOUS };

static int put_sysctl(const char *name, const char *text)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/sys/vm/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int r = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static const char *sysctl(const char *name)
{
	static char text[32];
	char path[64];
	snprintf(path, sizeof path, "/proc/sys/vm/%s", name);
	if (get_file(path, text, sizeof text) < 0)
		strcpy(text, "(unreadable)");
	return text;
}

static void low_user(void)
{
	CHECK_SYSERR("MAP_FIXED at 0x1000", EPERM, SYS_mmap2, PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
	CHECK_SYSERR("MAP_FIXED at 0xF000", EPERM, SYS_mmap2, 0xF000, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
	CHECK_EQ("a hint of 0x2000 goes to 0x10000",
		 (uintptr_t)mmap((void *)0x2000, PG, PROT_READ, ANON, -1, 0), 0x10000);
	CHECK_SYSERR("MAP_FIXED_NOREPLACE over it", EEXIST, SYS_mmap2, 0x10000, PG, PROT_READ,
		     ANON | MAP_FIXED_NOREPLACE, -1, 0);
}

static int shm_id = -1;                    /* made by root, mode 0666 */

static void low_user_shmat(void)
{
	errno = 0;
	void *r = shmat(shm_id, (void *)0xF000, 0);
	CHECK("shmat at 0xF000 -> EPERM", r == (void *)-1 && errno == EPERM);
	r = shmat(shm_id, (void *)0x10000, 0);
	CHECK("shmat at 0x10000 works", r == (void *)0x10000);
}

static void low_user_lowered(void)
{
	CHECK_EQ("MAP_FIXED at 0x1000 once lowered",
		 (uintptr_t)mmap((void *)PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0), PG);
	CHECK_SYSERR("not at 0", EPERM, SYS_mmap2, 0, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
}

static int wfd = -1;

static void write_as_user(void)
{
	CHECK_ERR("a user writing an fd root opened", write(wfd, "0\n", 2), EPERM);
	CHECK_ERR("a user opening it", open("/proc/sys/vm/mmap_min_addr", O_WRONLY), EACCES);
}

static void min_addr(void)
{
	CHECK_STR("mmap_min_addr is 65536", sysctl("mmap_min_addr"), "65536\n");
	as_uid1000(low_user);
	shm_id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0666);
	as_uid1000(low_user_shmat);
	shmctl(shm_id, IPC_RMID, NULL);
	char *zero = mmap(NULL, PG, PROT_READ | PROT_WRITE, ANON | MAP_FIXED, -1, 0);
	CHECK("root may map page 0", zero == NULL);
	if (zero == NULL) {
		static volatile uintptr_t at = 0;    /* hides the NULL from the compiler */
		volatile char *z = (volatile char *)at;
		z[5] = 'z';
		CHECK_EQ("and use it", z[5], 'z');
		munmap(zero, PG);
	}
	CHECK_OK0("root sets 4096", put_sysctl("mmap_min_addr", "4096\n"));
	CHECK_STR("read back", sysctl("mmap_min_addr"), "4096\n");
	as_uid1000(low_user_lowered);
	wfd = open("/proc/sys/vm/mmap_min_addr", O_WRONLY);
	as_uid1000(write_as_user);
	close(wfd);
	CHECK_ERR("not a number", put_sysctl("mmap_min_addr", "x\n"), EINVAL);
	CHECK_OK0("root restores 65536", put_sysctl("mmap_min_addr", "65536"));
	CHECK_STR("restored", sysctl("mmap_min_addr"), "65536\n");
}

/* With vm.max_map_count at 100: mapping stops with ENOMEM, and so do a
 * munmap and an mprotect that would split an area; whole areas still go. */
static void map_count_child(void)
{
	char *three = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	int n = 0;
	void *p;
	/* neighbours of one protection would be one area: alternate them */
	while (n < 200 && (p = mmap(NULL, PG, n & 1 ? PROT_READ : PROT_NONE, ANON, -1, 0)) != MAP_FAILED)
		n++;
	CHECK("mapping stops", n < 100);
	CHECK_EQ("with ENOMEM", errno, ENOMEM);
	CHECK_SYSERR("MAP_FIXED too", ENOMEM, SYS_mmap2, three + PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
	CHECK_SYSERR("munmap of a middle page", ENOMEM, SYS_munmap, three + PG, PG);
	CHECK_SYSERR("mprotect of a middle page", ENOMEM, SYS_mprotect, three + PG, PG, PROT_READ);
	three[PG] = 'k';
	CHECK_EQ("all still there", three[PG], 'k');
	CHECK_OK0("munmap of an end page", munmap(three + 2 * PG, PG));
	CHECK_OK0("munmap of a whole area", munmap(three, 2 * PG));
	CHECK("then mmap works again", mmap(NULL, PG, PROT_READ, ANON, -1, 0) != MAP_FAILED);
}

static void map_count(void)
{
	CHECK_STR("max_map_count is 65530", sysctl("max_map_count"), "65530\n");
	CHECK_ERR("negative", put_sysctl("max_map_count", "-1\n"), EINVAL);
	CHECK_OK0("root sets 100", put_sysctl("max_map_count", "100\n"));
	int st = child_status(map_count_child);
	CHECK_EXIT("the child's checks", st, 0);
	CHECK_OK0("root restores 65530", put_sysctl("max_map_count", "65530\n"));
	CHECK_STR("restored", sysctl("max_map_count"), "65530\n");
}

/* Where i386 Linux wraps a length rounded up past 4 GiB to 0. */
static void wrap_i386(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	p[0] = 'w';
	CHECK_SYSERR("mprotect 4 GiB - 4095", ENOMEM, SYS_mprotect, p, 0xFFFFF001u, PROT_READ);
	CHECK_SYSERR("madvise 4 GiB - 4095", EINVAL, SYS_madvise, p, 0xFFFFF001u, MADV_NORMAL);
	CHECK_OK0("msync 4 GiB - 4095 (nothing)", syscall(SYS_msync, p, 0xFFFFF001u, MS_SYNC));
	CHECK_SYSERR("mmap2 offset overflow", EOVERFLOW, SYS_mmap2, 0, 2 * PG, PROT_READ, ANON, -1, 0xFFFFFFFFu);
	p[1] = 'x';
	CHECK_EQ("still writable", p[0] + p[1], 'w' + 'x');
	char here;
	uintptr_t sp = (uintptr_t)&here & ~(uintptr_t)(PG - 1);
	CHECK_OK0("mprotect GROWSDOWN on the stack",
		  syscall(SYS_mprotect, sp, PG, PROT_READ | PROT_WRITE | PROT_GROWSDOWN));
}

int main(void)
{
	RUN(min_addr);
	RUN(map_count);
	RUN(wrap_i386);
	return cases_failed ? 1 : 0;
}
