/* t_old_abi_guest - what t_old_abi cannot compare with the host: stime
 * setting the clock (the host's is not the test's to set), and where the
 * host's 64-bit kernel answers the old i386 calls differently from native
 * i386 Linux (the old stat of a file past 2 GiB is EOVERFLOW on i386, cut
 * short by x86_64's compat path) or where its ext4 does (a getdents that
 * faults leaves the entry to the next call, as tmpfs does). */
#include "check.h"
#include <stdint.h>
#include <sys/sysmacros.h>

#define BAD ((void *)8)

static void stime_sets_the_clock(void)
{
	int32_t t = (int32_t)time(NULL) + 100000;
	CHECK_OK0("stime: root sets the clock", syscall(SYS_stime, &t));
	CHECK("stime: time() moved", time(NULL) >= t && time(NULL) <= t + 5);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	CHECK("stime: whole seconds", ts.tv_sec >= t && ts.tv_sec <= t + 5);
	int32_t neg = -5;
	CHECK_OK0("stime: a negative time is 0", syscall(SYS_stime, &neg));
	CHECK("stime: and not set", time(NULL) >= t);
	t = (int32_t)time(NULL) - 100000;
	CHECK_OK0("stime: back", syscall(SYS_stime, &t));
	CHECK("stime: time() back", time(NULL) < t + 5);
}

struct old_stat {
	uint16_t st_dev, st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev;
	uint32_t st_size, st_atime_, st_mtime_, st_ctime_;
};

static void oldstat_ramfs(void)
{
	struct old_stat o;
	struct stat s;
	mk("f", "hello");
	stat(P("f"), &s);
	CHECK("ramfs inode numbers fit 16 bits", s.st_ino <= 0xffff);
	CHECK_OK0("oldstat", syscall(SYS_oldstat, P("f"), &o));
	CHECK_EQ("oldstat: ino", o.st_ino, s.st_ino);
	CHECK_EQ("oldstat: size", o.st_size, 5);
	CHECK_EQ("oldstat: dev, major and minor a byte each",
		 o.st_dev, (uint16_t)(major(s.st_dev) << 8 | minor(s.st_dev)));
	CHECK_EQ("oldstat: /dev/null rdev 0x103", (syscall(SYS_oldstat, "/dev/null", &o), o.st_rdev), 0x103);
	int fd = open(P("big"), O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 3ll << 30);
	CHECK_SYSERR("oldstat: 3 GiB", EOVERFLOW, SYS_oldstat, P("big"), &o);
	CHECK_SYSERR("oldfstat: 3 GiB", EOVERFLOW, SYS_oldfstat, fd, &o);
	ftruncate(fd, (2ll << 30) - 1);
	CHECK_OK0("oldfstat: 2 GiB - 1", syscall(SYS_oldfstat, fd, &o));
	CHECK_EQ("oldfstat: 2 GiB - 1 size", o.st_size, 0x7fffffff);
}

static void getdents_fault_keeps_entry(void)
{
	char buf[1024];
	int fd = open(tdir, O_RDONLY | O_DIRECTORY);
	CHECK_SYSERR("getdents: bad buffer", EFAULT, SYS_getdents, fd, BAD, sizeof buf);
	CHECK_EQ("getdents: nothing read by the fault", lseek(fd, 0, SEEK_CUR), 0);
	CHECK("getdents: \".\" comes next", syscall(SYS_getdents, fd, buf, sizeof buf) > 0 &&
	      !strcmp(buf + 10, "."));
}

int main(void)
{
	tdir_setup("t_old_abi_guest");
	RUN(stime_sets_the_clock);
	RUN(oldstat_ramfs);
	RUN(getdents_fault_keeps_entry);
	return cases_failed ? 1 : 0;
}
