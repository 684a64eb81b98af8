/* t_vma_merge - differential test: neighbouring mappings that Linux
 * would keep as one area are one (kernel/mm/vm.c: vm_merge), as
 * /proc/self/maps shows them: after mmap, mprotect, mlock, madvise and a
 * move by mremap, anonymous and file mappings alike; never across a
 * change of protection or of accounting (a private area once writable is
 * counted, VmFlags "ac"), two shared anonymous objects, or offsets of a
 * file that do not follow on. Each check prints the areas of an 8-page
 * window as "first-last perms" in pages from its start. */
#include "check.h"
#include <sys/mman.h>

#define PG 4096
static char *win;

/* The areas of /proc/self/maps inside [win, win + 8 pages), as text. */
static const char *layout(void)
{
	static char out[512];
	char buf[16384];
	int fd = open("/proc/self/maps", O_RDONLY), n = 0, k;
	while (fd >= 0 && (k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += k;
	close(fd);
	buf[n] = 0;
	out[0] = 0;
	unsigned long lo = (unsigned long)win, hi = lo + 8 * PG;
	for (char *l = buf; *l; ) {
		char *nl = strchr(l, '\n');
		unsigned long s, e;
		char perms[8];
		if (sscanf(l, "%lx-%lx %7s", &s, &e, perms) == 3 && s < hi && e > lo) {
			size_t len = strlen(out);
			snprintf(out + len, sizeof out - len, "%s%lu-%lu %s", len ? "," : "",
				 (s - lo) / PG, (e - lo) / PG, perms);
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return out;
}

static void reserve(void)
{
	win = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void anon_mprotect(void)
{
	reserve();
	CHECK_STR("one reservation", layout(), "0-8 ---p");
	CHECK_OK0("mprotect 2-4 rw", mprotect(win + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE));
	CHECK_STR("split in three", layout(), "0-2 ---p,2-4 rw-p,4-8 ---p");
	CHECK_OK0("mprotect 4-5 rw", mprotect(win + 4 * PG, PG, PROT_READ | PROT_WRITE));
	CHECK_STR("joins its neighbour", layout(), "0-2 ---p,2-5 rw-p,5-8 ---p");
	win[3 * PG] = 1;
	CHECK_OK0("mprotect 3-4 r", mprotect(win + 3 * PG, PG, PROT_READ));
	CHECK_STR("split again", layout(), "0-2 ---p,2-3 rw-p,3-4 r--p,4-5 rw-p,5-8 ---p");
	CHECK_OK0("mprotect 3-4 rw", mprotect(win + 3 * PG, PG, PROT_READ | PROT_WRITE));
	CHECK_STR("one again", layout(), "0-2 ---p,2-5 rw-p,5-8 ---p");
	CHECK_EQ("its data kept", win[3 * PG], 1);
	CHECK_OK0("mprotect 0-8 none", mprotect(win, 8 * PG, PROT_NONE));
	/* once writable, a private area is counted committed for good (ac):
	 * it stays apart from the reservation that never was */
	CHECK_STR("the accounted middle stays apart", layout(), "0-2 ---p,2-5 ---p,5-8 ---p");
}

static void anon_mmap(void)
{
	reserve();
	char *p = mmap(win + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("mmap 1-2 rw", p == win + PG);
	p = mmap(win + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("mmap 2-3 rw", p == win + 2 * PG);
	CHECK_STR("the two are one", layout(), "0-1 ---p,1-3 rw-p,3-8 ---p");
	p = mmap(win + 3 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_STR("another protection stays apart", layout(), "0-1 ---p,1-3 rw-p,3-4 r--p,4-8 ---p");
	CHECK_OK0("munmap 2-3", munmap(win + 2 * PG, PG));
	CHECK_STR("a hole", layout(), "0-1 ---p,1-2 rw-p,3-4 r--p,4-8 ---p");
	p = mmap(win + 2 * PG, PG, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_OK0("mprotect 2-3 rw", mprotect(win + 2 * PG, PG, PROT_READ | PROT_WRITE));
	CHECK_STR("filled and joined", layout(), "0-1 ---p,1-3 rw-p,3-4 r--p,4-8 ---p");
}

/* Two MAP_SHARED anonymous mappings are two objects: never one area. */
static void shared_anon(void)
{
	reserve();
	mmap(win, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(win + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_STR("two objects", layout(), "0-2 rw-s,2-4 rw-s,4-8 ---p");
	CHECK_OK0("mprotect 1-2 r", mprotect(win + PG, PG, PROT_READ));
	CHECK_STR("split", layout(), "0-1 rw-s,1-2 r--s,2-4 rw-s,4-8 ---p");
	CHECK_OK0("mprotect 1-2 rw", mprotect(win + PG, PG, PROT_READ | PROT_WRITE));
	CHECK_STR("one object's pieces join", layout(), "0-2 rw-s,2-4 rw-s,4-8 ---p");
}

/* A file's pages join where their offsets follow on. */
static void file_maps(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT, 0600);
	CHECK_OK0("ftruncate", ftruncate(fd, 8 * PG));
	reserve();
	mmap(win, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	mmap(win + 2 * PG, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	CHECK_STR("offsets 0-2 then 2: one", layout(), "0-3 r--s,3-8 ---p");
	mmap(win + 3 * PG, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 5 * PG);
	CHECK_STR("then offset 5: apart", layout(), "0-3 r--s,3-4 r--s,4-8 ---p");
	mmap(win + 4 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 6 * PG);
	CHECK_STR("private and shared: apart", layout(), "0-3 r--s,3-4 r--s,4-5 r--p,5-8 ---p");
	close(fd);
	CHECK_OK0("munmap", munmap(win, 8 * PG));
}

/* mlock and madvise split an area and join it back. */
static void lock_and_advise(void)
{
	reserve();
	CHECK_OK0("mprotect rw", mprotect(win, 8 * PG, PROT_READ | PROT_WRITE));
	CHECK_OK0("mlock 2-3", mlock(win + 2 * PG, PG));
	CHECK_STR("locked apart", layout(), "0-2 rw-p,2-3 rw-p,3-8 rw-p");
	CHECK_OK0("munlock 2-3", munlock(win + 2 * PG, PG));
	CHECK_STR("joined", layout(), "0-8 rw-p");
	CHECK_OK0("MADV_DONTFORK 4-6", madvise(win + 4 * PG, 2 * PG, MADV_DONTFORK));
	CHECK_STR("apart", layout(), "0-4 rw-p,4-6 rw-p,6-8 rw-p");
	CHECK_OK0("MADV_DOFORK 4-6", madvise(win + 4 * PG, 2 * PG, MADV_DOFORK));
	CHECK_STR("joined", layout(), "0-8 rw-p");
}

/* mremap can take in one call what two mmaps made, once they are one. */
static void mremap_joined(void)
{
	reserve();
	mmap(win, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(win + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	win[0] = 'a';
	win[3 * PG] = 'b';
	char *to = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mremap(win, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, to + 2 * PG);
	CHECK("the four pages move at once", p == to + 2 * PG);
	CHECK("with their bytes", p != MAP_FAILED && p[0] == 'a' && p[3 * PG] == 'b');
	CHECK_STR("the hole left", layout(), "4-8 ---p");
}

/* A private anonymous area that mremap moves keeps its offset once it
 * has pages, so it does not join the area it lands beside; one never
 * touched takes its new address as offset, and joins. */
static void mremap_moved(void)
{
	reserve();
	mmap(win, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	win[0] = 1;
	char *other = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *fresh = mmap(other + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *p = mremap(fresh, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, win + 2 * PG);
	CHECK("an untouched area moves", p == win + 2 * PG);
	CHECK_STR("and joins", layout(), "0-4 rw-p,4-8 ---p");
	char *used = mmap(other + 5 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	used[PG] = 2;
	p = mremap(used, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, win + 4 * PG);
	CHECK("a touched area moves", p == win + 4 * PG);
	CHECK_STR("and stays apart", layout(), "0-4 rw-p,4-6 rw-p,6-8 ---p");
	CHECK_EQ("with its byte", win[5 * PG], 2);
}

int main(void)
{
	tdir_setup("t_vma_merge");
	RUN(anon_mprotect);
	RUN(anon_mmap);
	RUN(shared_anon);
	RUN(file_maps);
	RUN(lock_and_advise);
	RUN(mremap_joined);
	RUN(mremap_moved);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
