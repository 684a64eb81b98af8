/* t_hostile_mem - differential test of counts a user can raise: one page
 * of a file mapped MAP_SHARED 512 times in each of 130 processes (about
 * 66,000 references to one page; a 16-bit page count overflowed) must
 * neither panic nor break the mappings. */
#include "check.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define PG 4096
#define NMAP 512
#define NPROC 130

static char *maps[NMAP];

/* Maps page 0 of fd NMAP times, one page each, side by side inside one
 * reservation (so no search for room is needed); 0 or -1. */
static int map_many(int fd)
{
	char *base = mmap(NULL, NMAP * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -1;
	for (int i = 0; i < NMAP; i++) {
		maps[i] = mmap(base + i * PG, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
		if (maps[i] == MAP_FAILED)
			return -1;
	}
	return 0;
}

/* Child k: reads the page through every mapping, writes byte k+1 at
 * offset k through one of them, says so, and waits for the end. */
static void sharer(int k, int ready, int go)
{
	int sum = 0;
	for (int i = 0; i < NMAP; i++)
		sum += maps[i][NPROC];
	maps[(k * 7) % NMAP][k] = (char)(k + 1);
	char c = sum == 0 ? 'y' : 'n';
	if (write(ready, &c, 1) != 1)
		_exit(2);
	read(go, &c, 1);                         /* end of file: the parent is done */
	_exit(0);
}

/* Every byte 0..n-1 seen as k+1 through every mapping. */
static int all_seen(int n)
{
	for (int i = 0; i < NMAP; i++)
		for (int k = 0; k < n; k++)
			if (maps[i][k] != (char)(k + 1))
				return 0;
	return 1;
}

static void page_mapped_66000_times(void)
{
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK0("ftruncate the file to one page", ftruncate(fd, PG));
	CHECK_OK0("map its page 512 times", map_many(fd));
	for (int i = 0; i < NMAP; i++)
		(void)*(volatile char *)maps[i];
	int ready[2], go[2];
	pipe(ready);
	pipe(go);
	int made = 1, ok = 0;
	pid_t pids[NPROC];
	for (int k = 0; k < NPROC - 1; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			close(ready[0]);
			close(go[1]);
			sharer(k, ready[1], go[0]);
		}
		made += pids[k] > 0;
	}
	CHECK_EQ("processes mapping the page 512 times", made, NPROC);
	close(ready[1]);
	close(go[0]);
	char c;
	for (int k = 1; k < made && read(ready[0], &c, 1) == 1; k++)
		ok += c == 'y';
	CHECK_EQ("children that saw a zero page through all 512 mappings", ok, NPROC - 1);
	CHECK("every child's byte seen through every mapping of the parent", all_seen(NPROC - 1));
	close(go[1]);
	int clean = 0;
	for (int k = 0; k < NPROC - 1; k++)
		clean += wait_for(pids[k]) == 0;
	CHECK_EQ("children exited 0", clean, NPROC - 1);
	CHECK_OK0("munmap all", munmap(maps[0], NMAP * PG));
	char buf[NPROC];
	CHECK_EQ("pread after the unmapping", pread(fd, buf, sizeof buf, 0), sizeof buf);
	int same = 1;
	for (int k = 0; k < NPROC - 1; k++)
		same &= buf[k] == (char)(k + 1);
	CHECK("the file holds what the children wrote", same);
	close(fd);
}

int main(void)
{
	umask(022);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	tdir_setup("t_hostile_mem");
	RUN(page_mapped_66000_times);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
