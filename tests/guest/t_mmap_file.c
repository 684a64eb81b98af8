/* t_mmap_file - differential test of mmap of regular files: MAP_SHARED
 * (writes reach the file and read(), write() reaches the mapping, two
 * processes share it, the data stays after munmap), MAP_PRIVATE
 * (copy-on-write, the file never changes), offsets, msync, SIGBUS past
 * the end of the file, and the permission rules (EACCES for a shared
 * writable mapping of an O_RDONLY file). Kept apart from t_mmap_shared so
 * that its failures show on their own while file mappings are missing. */
#include "check.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define PG 4096

static volatile char *vp;

static void do_read(void)
{
	(void)*vp;
}

static void do_write(void)
{
	*vp = 1;
}

/* A file of n bytes: byte i is 'a' + i % 26. */
static int make_file(const char *path, size_t n)
{
	char *buf = malloc(n);
	for (size_t i = 0; i < n; i++)
		buf[i] = 'a' + i % 26;
	int r = put_file(path, buf, n);
	free(buf);
	return r;
}

static void shared_write(void)
{
	make_file(P("f"), 2 * PG);
	int fd = open(P("f"), O_RDWR);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap MAP_SHARED of a file", p != MAP_FAILED);
	if (p == MAP_FAILED) {
		say("[FAIL] (the rest of this case needs the mapping): %s\n", errname(errno));
		check_failed++;
		return;
	}
	CHECK("the mapping shows the file", p[0] == 'a' && p[PG + 1] == 'a' + (PG + 1) % 26);
	memcpy(p + 10, "MAPPED", 6);
	char buf[32] = { 0 };
	pread(fd, buf, 6, 10);
	CHECK_STR("a write to the mapping is seen by read()", buf, "MAPPED");
	pwrite(fd, "WRITTEN", 7, PG + 5);
	CHECK("write() is seen in the mapping", !memcmp(p + PG + 5, "WRITTEN", 7));
	pid_t pid = fork();
	if (pid == 0) {
		int fd2 = open(P("f"), O_RDWR);
		char *q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
		if (q == MAP_FAILED)
			_exit(2);
		memcpy(q + 100, "OTHER", 5);
		_exit(!memcmp(q + 10, "MAPPED", 6) ? 0 : 1);
	}
	CHECK_EXIT("another process maps it and sees the data", wait_for(pid), 0);
	CHECK("its write is seen in this mapping", !memcmp(p + 100, "OTHER", 5));
	CHECK_OK0("msync", msync(p, 2 * PG, MS_SYNC));
	CHECK_OK0("munmap", munmap(p, 2 * PG));
	close(fd);
	char all[2 * PG + 1];
	get_file(P("f"), all, sizeof all);
	CHECK("after munmap and close the file keeps the writes",
	      !memcmp(all + 10, "MAPPED", 6) && !memcmp(all + 100, "OTHER", 5));
	struct stat st;
	stat(P("f"), &st);
	CHECK_EQ("the size is unchanged", st.st_size, 2 * PG);
}

static void private_cow(void)
{
	make_file(P("f"), PG);
	int fd = open(P("f"), O_RDWR);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("mmap MAP_PRIVATE of a file", p != MAP_FAILED);
	if (p == MAP_FAILED) {
		check_failed++;
		return;
	}
	CHECK_EQ("it shows the file", p[3], 'd');
	pwrite(fd, "Z", 1, 3);
	CHECK_EQ("an unwritten private page follows write()", p[3], 'Z');
	p[0] = '#';
	char c = 0;
	pread(fd, &c, 1, 0);
	CHECK_EQ("a write to the private mapping does not reach the file", c, 'a');
	pwrite(fd, "Y", 1, 1);
	CHECK_EQ("once copied, the page no longer follows the file", p[1], 'b');
	pid_t pid = fork();
	if (pid == 0) {
		p[2] = '!';
		_exit(0);
	}
	wait_for(pid);
	CHECK_EQ("a child's write stays in the child", p[2], 'c');
	munmap(p, PG);
	close(fd);
}

static void offsets_and_ends(void)
{
	make_file(P("f"), 3 * PG);
	int fd = open(P("f"), O_RDWR);
	char *p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 2 * PG);
	CHECK("mmap at offset 2 pages", p != MAP_FAILED);
	if (p != MAP_FAILED)
		CHECK_EQ("shows the third page", p[0], 'a' + (2 * PG) % 26);
	CHECK_ERR("an unaligned offset -> EINVAL", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 100), EINVAL);
	munmap(p, PG);
	close(fd);

	make_file(P("short"), 100);
	fd = open(P("short"), O_RDWR);
	char *guard = mmap(NULL, 3 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = mmap(guard, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	CHECK("map two pages of a 100-byte file", p != MAP_FAILED);
	if (p == MAP_FAILED) {
		check_failed++;
		return;
	}
	CHECK_EQ("byte 99", p[99], 'a' + 99 % 26);
	CHECK_EQ("the rest of the last page reads 0", p[100], 0);
	p[200] = 'q';
	struct stat st;
	fstat(fd, &st);
	CHECK_EQ("a write past the end of file does not grow it", st.st_size, 100);
	vp = p + PG;
	CHECK_SIG("a page wholly past the end -> SIGBUS", child_status(do_read), SIGBUS);
	ftruncate(fd, PG + 10);
	CHECK_EQ("after ftruncate grows the file the page is there", p[PG], 0);
	close(fd);
	munmap(guard, 3 * PG);
}

static void permissions(void)
{
	make_file(P("f"), PG);
	int ro = open(P("f"), O_RDONLY);
	CHECK_ERR("MAP_SHARED + PROT_WRITE of an O_RDONLY fd -> EACCES",
		  (long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	CHECK("MAP_PRIVATE + PROT_WRITE of an O_RDONLY fd is fine", p != MAP_FAILED);
	char *q = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	CHECK("MAP_SHARED + PROT_READ of an O_RDONLY fd", q != MAP_FAILED);
	if (q != MAP_FAILED) {
		CHECK_ERR("mprotect it to PROT_WRITE -> EACCES", mprotect(q, PG, PROT_READ | PROT_WRITE), EACCES);
		vp = q;
		CHECK_SIG("writing to it -> SIGSEGV", child_status(do_write), SIGSEGV);
	}
	int wo = open(P("f"), O_WRONLY);
	CHECK_ERR("mmap of an O_WRONLY fd -> EACCES", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, wo, 0), EACCES);
	CHECK_ERR("mmap of a bad fd -> EBADF", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, 99, 0), EBADF);
	int d = open(tdir, O_RDONLY);
	CHECK_ERR("mmap of a directory -> ENODEV", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, d, 0), ENODEV);
	close(ro);
	close(wo);
	close(d);
	if (q != MAP_FAILED)
		CHECK_EQ("the mapping outlives close()", q[1], 'b');
}

/* remap_file_pages on a shared file mapping: other pages of the file. */
static void remap_pages(void)
{
	make_file(P("r"), 3 * PG);
	int fd = open(P("r"), O_RDWR);
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *q = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED || q == MAP_FAILED)
		return fail("mmap", "failed");
	CHECK_OK0("page 0 shows page 2", syscall(SYS_remap_file_pages, p, PG, 0, 2, 0));
	CHECK_EQ("... its byte", p[0], 'a' + (2 * PG) % 26);
	p[1] = '!';
	char c = 0;
	fd = open(P("r"), O_RDONLY);
	pread(fd, &c, 1, 2 * PG + 1);
	close(fd);
	CHECK_EQ("a write reaches the file at page 2", c, '!');
	CHECK_SYSERR("private file mapping -> EINVAL", EINVAL, SYS_remap_file_pages, q, PG, 0, 1, 0);
	munmap(p, 3 * PG);
	munmap(q, 3 * PG);
}

int main(void)
{
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	tdir_setup("t_mmap_file");
	RUN(shared_write);
	RUN(private_cow);
	RUN(offsets_and_ends);
	RUN(permissions);
	RUN(remap_pages);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
