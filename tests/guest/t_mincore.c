/* t_mincore - differential test of mincore(2): anonymous pages resident
 * once touched (read or written) or locked, gone after MADV_DONTNEED;
 * file pages resident when the file has them (a hole or a page past the
 * end has none), shown only to who may write the file; shared memory
 * touched by another process; the vDSO; errno and its order (EINVAL,
 * ENOMEM, EFAULT) and the part of vec written before an ENOMEM. */
#include "check.h"
#include <sys/auxv.h>
#include <sys/mman.h>

#define PG 4096

/* The low bits of vec as a string of 0 and 1 (or the errno's name). */
static const char *core(void *addr, size_t len)
{
	static char out[64];
	unsigned char vec[32];
	size_t n = (len + PG - 1) / PG;
	if (mincore(addr, len, vec) < 0)
		return errname(errno);
	for (size_t i = 0; i < n && i < sizeof out - 1; i++)
		out[i] = '0' + (vec[i] & 1);
	out[n] = 0;
	return out;
}

static void anonymous(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_STR("untouched", core(p, 4 * PG), "0000");
	p[PG] = 1;
	p[3 * PG + 100] = 1;
	CHECK_STR("two written", core(p, 4 * PG), "0101");
	volatile char c = p[0];
	(void)c;
	CHECK_STR("one read", core(p, 4 * PG), "1101");
	CHECK_STR("len not a page multiple", core(p + PG, PG + 1), "10");
	CHECK_STR("len 1", core(p + 3 * PG, 1), "1");
	CHECK_OK0("MADV_DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
	CHECK_STR("dropped", core(p, 4 * PG), "0001");
	CHECK_OK0("mlock", mlock(p, 4 * PG));
	CHECK_STR("locked pages are resident", core(p, 4 * PG), "1111");
	CHECK_OK0("munlock", munlock(p, 4 * PG));
	CHECK_STR("and stay so", core(p, 4 * PG), "1111");
	char *q = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_STR("PROT_NONE", core(q, 2 * PG), "00");
	int tick;
	CHECK_STR("the stack", core((void *)((unsigned long)&tick & ~(PG - 1UL)), 1), "1");
	unsigned long here = (unsigned long)anonymous & ~(PG - 1UL);
	CHECK_STR("the text running", core((void *)here, 1), "1");
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	CHECK_STR("the vDSO", core((void *)vdso, PG), "1");
}

static void errors(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + 2 * PG, PG);
	p[0] = p[PG] = 1;
	unsigned char vec[4] = { 9, 9, 9, 9 };
	CHECK_ERR("unaligned", mincore(p + 1, PG, vec), EINVAL);
	CHECK_ERR("unaligned, len 0", mincore(p + 1, 0, vec), EINVAL);
	CHECK_OK0("len 0", mincore(p + 2 * PG, 0, vec));
	CHECK_ERR("a hole at the end", mincore(p, 3 * PG, vec), ENOMEM);
	CHECK_EQ("what came before is written", vec[0] + vec[1], 2);
	CHECK_EQ("the rest not", vec[2], 9);
	CHECK_ERR("unmapped", mincore(p + 2 * PG, PG, vec), ENOMEM);
	CHECK_ERR("past the top", mincore(p, 0xfffff000u, vec), ENOMEM);
	CHECK_ERR("vec NULL", mincore(p, PG, NULL), EFAULT);
	CHECK_ERR("vec in the kernel", mincore(p, PG, (void *)0xc0000000), EFAULT);
	char *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR("vec read-only", mincore(p, PG, (unsigned char *)ro), EFAULT);
	CHECK_ERR("page 0", mincore(NULL, PG, vec), ENOMEM);
}

static int file_of(const char *name, int pages_written, off_t size)
{
	int fd = open(P(name), O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PG];
	memset(page, 'x', sizeof page);
	for (int i = 0; i < pages_written; i++)
		if (write(fd, page, PG) != PG)
			say("[FAIL] write\n");
	if (size)
		ftruncate(fd, size);
	return fd;
}

static void files(void)
{
	int fd = file_of("f", 3, 0);
	char *s = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_STR("a file's pages, not touched here", core(s, 4 * PG), "1110");
	char *pv = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK_STR("private mapping of it", core(pv, 3 * PG), "111");
	close(fd);
	/* Holes in a memfd: tmpfs on the host (a disk file system reads holes
	 * into its page cache around a fault, tmpfs and Pipit's ramfs do not). */
	fd = memfd_create("holes", 0);
	char page[PG];
	memset(page, 'x', sizeof page);
	CHECK_EQ("memfd write", write(fd, page, PG), PG);
	CHECK_OK0("memfd ftruncate", ftruncate(fd, 4 * PG));
	char *h = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK_STR("holes are not resident", core(h, 4 * PG), "1000");
	h[2 * PG] = 1;
	CHECK_STR("until written", core(h, 4 * PG), "1010");
	char *h2 = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_STR("another mapping sees it", core(h2, 4 * PG), "1010");
	close(fd);
	fd = file_of("empty", 0, 2 * PG);
	close(fd);
}

/* As kunitz: a root-owned 0644 file's page cache is not shown. */
static void files_other_child(void)
{
	int fd = open(P("empty"), O_RDONLY);
	char *m = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_STR("another's file: all resident", core(m, 2 * PG), "11");
	char *a = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_STR("own anonymous memory still told", core(a, PG), "0");
}

static void files_other(void)
{
	int fd = file_of("empty", 0, 2 * PG);
	char *m = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK_STR("the owner sees holes", core(m, 2 * PG), "00");
	as_uid1000(files_other_child);
}

static void shared_memory(void)
{
	char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK_STR("shared, untouched", core(m, 3 * PG), "000");
	pid_t pid = fork();
	if (pid == 0) {
		m[0] = 1;
		m[2 * PG] = 1;
		_exit(0);
	}
	wait_for(pid);
	CHECK_STR("touched by a child", core(m, 3 * PG), "101");
	CHECK_EQ("its write", m[2 * PG], 1);
}

int main(void)
{
	tdir_setup("t_mincore");
	RUN(anonymous);
	RUN(errors);
	RUN(files);
	RUN(files_other);
	RUN(shared_memory);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
