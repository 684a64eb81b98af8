/* t_mem - differential test of user memory: copy-on-write fork of an 8 MiB
 * heap and of a sparsely touched 8 MiB mapping, brk, anonymous private
 * mmap/munmap/mprotect, stack growth, faults
 * (SIGSEGV) and bad pointers given to system calls (EFAULT). */
#include "check.h"
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

enum { BIG = 8 << 20, KIDS = 50, AT_ONCE = 4, PG = 4096 };

static uint32_t sum32(const uint32_t *p, size_t words)
{
	uint32_t s = 0;
	for (size_t i = 0; i < words; i++)
		s = s * 31 + p[i];
	return s;
}

static void fill(uint32_t *p, size_t words, uint32_t seed)
{
	for (size_t i = 0; i < words; i++)
		p[i] = seed * 2654435761u + i * 40503u;
}

/* Child k: the inherited copy is the parent's, then it writes its own
 * pattern and checks that too. 0 on success. */
static int cow_child(uint32_t *buf, uint32_t parent_sum, uint32_t k)
{
	const size_t words = BIG / 4;
	if (sum32(buf, words) != parent_sum)
		return 1;
	fill(buf, words, 1000 + k);
	uint32_t want = 0;
	for (size_t i = 0; i < words; i++)
		want = want * 31 + ((1000 + k) * 2654435761u + i * 40503u);
	sched_yield();
	return sum32(buf, words) == want ? 0 : 2;
}

static void cow_fork(void)
{
	const size_t words = BIG / 4;
	uint32_t *buf = malloc(BIG);
	CHECK("malloc 8 MiB", buf != NULL);
	if (!buf)
		return;
	fill(buf, words, 1);
	uint32_t sum = sum32(buf, words);
	int running = 0, bad = 0, first_bad = 0;
	for (int k = 0; k < KIDS; k++) {
		if (running == AT_ONCE) {   /* at most AT_ONCE full copies at once */
			int st;
			wait(&st);
			running--;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				first_bad = bad++ ? first_bad : st;
		}
		pid_t pid = fork();
		if (pid == 0)
			_exit(cow_child(buf, sum, k));
		if (pid > 0)
			running++;
		else
			bad++;
	}
	while (running-- > 0) {
		int st;
		wait(&st);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			first_bad = bad++ ? first_bad : st;
	}
	if (!bad)
		pass("50 children each wrote and verified their own 8 MiB copy");
	else
		fail("50 children each wrote and verified their own 8 MiB copy",
		     "%d failed, first: %s", bad, status_str(first_bad));
	CHECK("parent's copy unchanged (copy-on-write)", sum32(buf, words) == sum);
	free(buf);
}

static char *brk_top;
static void touch_brk_top(void) { brk_top[0] = 1; }

static void brks(void)
{
	char *cur = (char *)syscall(SYS_brk, 0);
	CHECK("brk(0) returns the break", cur != NULL && cur != (char *)-1);
	char *base = (char *)(((uintptr_t)cur + PG - 1) & ~(uintptr_t)(PG - 1));
	if (base != cur)
		syscall(SYS_brk, base);
	CHECK_EQ("brk grows by 64 KiB", syscall(SYS_brk, base + 65536), (long)(base + 65536));
	int zero = 1;
	for (int i = 0; i < 65536; i++)
		zero &= base[i] == 0;
	CHECK("new heap is zero", zero);
	memset(base, 0x5a, 65536);
	pass("new heap is writable");
	CHECK_EQ("brk shrinks", syscall(SYS_brk, base + PG), (long)(base + PG));
	brk_top = base + 2 * PG;
	CHECK_SIG("access above a shrunk break -> SIGSEGV", child_status(touch_brk_top), SIGSEGV);
	syscall(SYS_brk, base + 65536);
	zero = 1;
	for (int i = PG; i < 65536; i++)
		zero &= base[i] == 0;
	CHECK("regrown heap is zero again", zero);
	CHECK_EQ("kept page keeps its data", base[100], 0x5a);
	CHECK_EQ("brk below the start fails: returns the current break",
		 syscall(SYS_brk, (char *)PG), (long)(base + 65536));
	CHECK_EQ("sbrk(0) agrees", (long)sbrk(0), (long)(base + 65536));
}

static char *mapped;
static void touch_mapped(void) { mapped[0] = 1; }
static void read_mapped(void) { *(volatile char *)mapped; }
static void touch_mapped_mid(void) { mapped[PG] = 1; }

static void mmaps(void)
{
	char *p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap anonymous 64 KiB", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	CHECK_EQ("page aligned", (uintptr_t)p % PG, 0);
	int zero = 1;
	for (int i = 0; i < 16 * PG; i++)
		zero &= p[i] == 0;
	CHECK("zero filled", zero);
	memset(p, 0x77, 16 * PG);
	pass("writable");
	mapped = p;
	pid_t pid = fork();
	if (pid == 0) {
		int ok = p[5] == 0x77;
		memset(p, 0x11, PG);
		_exit(ok ? 0 : 1);
	}
	CHECK_EXIT("child sees the mapping", wait_for(pid), 0);
	CHECK_EQ("child's write is private", p[0], 0x77);
	char *q = mmap(p, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED over a mapping", q == p);
	CHECK_EQ("MAP_FIXED page is zero again", p[0], 0);
	CHECK_EQ("neighbour page kept", p[PG], 0x77);
	CHECK_OK0("munmap a middle page", munmap(p + PG, PG));
	mapped = p;
	CHECK_SIG("unmapped middle page -> SIGSEGV", child_status(touch_mapped_mid), SIGSEGV);
	CHECK_EQ("page before the hole", p[0], 0);
	CHECK_EQ("page after the hole", p[2 * PG], 0x77);
	CHECK_OK0("munmap the rest", munmap(p, 16 * PG));
	CHECK_OK0("munmap again is fine", munmap(p, 16 * PG));
	CHECK_SIG("access after munmap -> SIGSEGV", child_status(touch_mapped), SIGSEGV);

	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 3;
	CHECK_OK0("mprotect PROT_READ", mprotect(p, 2 * PG, PROT_READ));
	CHECK_EQ("still readable", p[0], 3);
	mapped = p;
	CHECK_SIG("write to PROT_READ -> SIGSEGV", child_status(touch_mapped), SIGSEGV);
	mprotect(p, PG, PROT_NONE);
	CHECK_SIG("read of PROT_NONE -> SIGSEGV", child_status(read_mapped), SIGSEGV);
	CHECK_OK0("mprotect back to read/write", mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	p[0] = 4;
	CHECK_EQ("writable again", p[0], 4);
	CHECK_SYSERR("raw mprotect unaligned -> EINVAL", EINVAL, SYS_mprotect, p + 1, PG, PROT_READ);
	CHECK_ERR("mprotect unmapped -> ENOMEM", mprotect((void *)0x1000, PG, PROT_READ), ENOMEM);

	CHECK_ERR("mmap without PRIVATE/SHARED -> EINVAL",
		  mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR("mmap length 0 -> EINVAL",
		  mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR("MAP_FIXED unaligned -> EINVAL",
		  mmap(p + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR("mmap of a bad fd -> EBADF", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 1000, 0),
		  EBADF);
	CHECK_ERR("munmap unaligned -> EINVAL", munmap(p + 1, PG), EINVAL);
	CHECK_ERR("munmap length 0 -> EINVAL", munmap(p, 0), EINVAL);
	q = mmap(NULL, 3 * PG + 5, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q[4 * PG - 1] = 1;
	pass("odd length rounds up to whole pages");
}

/* Sparse memory, as walks of the page tables see it: tagged pages at the
 * edges of 32-entry groups of a page table, a range unmapped then
 * touched again, a range dropped by MADV_DONTNEED then touched again, a
 * piece moved by mremap. The child of a fork must see every tagged page
 * and nothing else; its writes stay its own. */
enum { SPARSE = 8 << 20, SPARSE_PAGES = SPARSE / PG };

static int sparse_tagged(int i)
{
	return i % 97 == 0 || i % 32 == 31 || i % 512 == 32;
}

/* What the first int of page i of the sparse area holds after the steps
 * of sparse_fork: its tag i + 1, or 0 where no tag is. Pages 1024-1279
 * were unmapped and mapped again (only 1100 touched since), 1536-1791
 * dropped (only 1700 touched), 1920-1983 replaced by a moved mapping
 * whose page 40 holds 7. */
static int sparse_want(int i)
{
	if (i >= 1024 && i < 1280)
		return i == 1100 ? i + 1 : 0;
	if (i >= 1536 && i < 1792)
		return i == 1700 ? i + 1 : 0;
	if (i >= 1920 && i < 1984)
		return i == 1960 ? 7 : 0;
	return sparse_tagged(i) ? i + 1 : 0;
}

static int sparse_bad(const int *p)
{
	int bad = 0;
	for (int i = 0; i < SPARSE_PAGES; i++)
		bad += p[i * PG / 4] != sparse_want(i);
	return bad;
}

static void sparse_fork(void)
{
	int *p = mmap(NULL, SPARSE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *moved = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap 8 MiB and 256 KiB", p != MAP_FAILED && moved != MAP_FAILED);
	if (p == MAP_FAILED || moved == MAP_FAILED)
		return;
	for (int i = 0; i < SPARSE_PAGES; i++)
		if (sparse_tagged(i))
			p[i * PG / 4] = i + 1;
	int *hole = p + 1024 * PG / 4;
	CHECK_OK0("munmap 1 MiB in the middle", munmap(hole, 256 * PG));
	CHECK("map it again", mmap(hole, 256 * PG, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == hole);
	p[1100 * PG / 4] = 1101;
	CHECK_OK0("MADV_DONTNEED on 1 MiB", madvise(p + 1536 * PG / 4, 256 * PG, MADV_DONTNEED));
	p[1700 * PG / 4] = 1701;
	moved[40 * PG / 4] = 7;
	moved = mremap(moved, 64 * PG, 64 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 1920 * PG / 4);
	CHECK("mremap into the area", moved == p + 1920 * PG / 4);
	CHECK_EQ("the parent sees what it wrote", sparse_bad(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = sparse_bad(p);
		for (int i = 0; i < SPARSE_PAGES; i++)
			p[i * PG / 4] = -1;
		_exit(bad ? 1 : 0);
	}
	CHECK_EXIT("the child sees the same pages, and only those", wait_for(pid), 0);
	CHECK_EQ("the child's writes stay its own", sparse_bad(p), 0);
	munmap(p, SPARSE);
}

static int depth_sum(int n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	frame[1023] = 1;
	if (n == 0)
		return frame[1023];
	return depth_sum(n - 1) + frame[0] - (char)n + frame[1023];
}

static void stack_growth(void)
{
	CHECK_EQ("recursion 1 MiB deep", depth_sum(1024), 1025);
	volatile char *big = __builtin_alloca(512 * 1024);
	big[0] = 1;
	big[512 * 1024 - 1] = 2;
	CHECK_EQ("512 KiB alloca", big[0] + big[512 * 1024 - 1], 3);
}

static void null_write(void) { *(volatile int *)0 = 1; }
static void kernel_write(void) { *(volatile int *)0xC0000000 = 1; }
static void kernel_read(void) { *(volatile int *)0xC0100000; }
static void low_read(void) { *(volatile int *)0x1000; }

static void faults(void)
{
	CHECK_SIG("write to NULL -> SIGSEGV", child_status(null_write), SIGSEGV);
	CHECK_SIG("write to 0xC0000000 -> SIGSEGV", child_status(kernel_write), SIGSEGV);
	CHECK_SIG("read of 0xC0100000 -> SIGSEGV", child_status(kernel_read), SIGSEGV);
	CHECK_SIG("read of 0x1000 -> SIGSEGV", child_status(low_read), SIGSEGV);
	pass("the parent goes on");
}

static void efaults(void)
{
	int fd = open(P("f"), O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK_ERR("write from 0xC0001000 -> EFAULT", write(fd, (void *)0xC0001000, 10), EFAULT);
	CHECK_ERR("write from NULL -> EFAULT", write(fd, NULL, 10), EFAULT);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	CHECK_ERR("read into 0xC0000000 -> EFAULT", read(fd, (void *)0xC0000000, 10), EFAULT);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p + PG, PG);
	CHECK_ERR("read into an unmapped page -> EFAULT", read(fd, p + PG, 10), EFAULT);
	mprotect(p, PG, PROT_READ);
	CHECK_ERR("read into a read-only page -> EFAULT", read(fd, p, 10), EFAULT);
	CHECK_SYSERR("open with a kernel-half path -> EFAULT", EFAULT, SYS_open,
		     (char *)0xC0000000, O_RDONLY);
}

int main(void)
{
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });   /* no core files */
	umask(022);
	tdir_setup("t_mem");
	RUN(cow_fork);
	RUN(brks);
	RUN(mmaps);
	RUN(sparse_fork);
	RUN(stack_growth);
	RUN(faults);
	RUN(efaults);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
