/* t_hostile_sockrec_guest - guest only: what t_hostile_sockrec's deep
 * work releases is all released. A chain of DEPTH socket pairs (closed,
 * left to exit, or closed into a cycle for the collector), sends refused
 * with ETOOMANYREFS, a removed directory tree DEPTH deep freed at its last
 * close, lookups through 40 nested symlinks and O_CREAT through links:
 * each runs in a child once to warm up, then three times more, and the
 * kernel's memory account (kmem.h) must come out exactly as before. */
#include "check.h"
#include "kmem.h"
#include "unix_addr.h"
#include "sock_chain.h"
#include <sys/resource.h>

static bool chain_closed(int type)
{
	int s[2];
	bool ok = build_chain(DEPTH, type, s);
	close(s[0]);
	close(s[1]);
	return ok && system_works(SOCK_STREAM);
}

static bool chain_stream(void) { return chain_closed(SOCK_STREAM); }
static bool chain_dgram(void) { return chain_closed(SOCK_DGRAM); }
static bool chain_seqpacket(void) { return chain_closed(SOCK_SEQPACKET); }
static bool chain_mixed(void) { return chain_closed(0); }

static bool chain_left(void)
{
	int s[2];
	return build_chain(DEPTH, 0, s);        /* exit closes it */
}

static bool chain_cycle(void)
{
	int s[2];
	bool ok = build_chain(DEPTH, 0, s) && send_fds(s[1], "f", 1, s, 2) == 1;
	close(s[0]);
	close(s[1]);
	return ok && system_works(SOCK_DGRAM);
}

/* As uid 1000 with RLIMIT_NOFILE 256: a pipe end sent 8 at a time until ETOOMANYREFS, one more
 * refused, then all of it dropped by the close. */
static bool refused(void)
{
	int s[2], p[2], fds[8];
	struct rlimit rl = { 256, 256 };
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 || setgid(100) < 0 || setuid(1000) < 0 || pipe(p) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0)
		return false;
	for (int i = 0; i < 8; i++)
		fds[i] = p[0];
	int n = 0;
	while (n < 100 && send_fds(s[1], "f", 1, fds, 8) == 1)
		n++;
	bool ok = n == 33 && errno == ETOOMANYREFS &&
		  send_fds(s[0], "f", 1, fds, 8) == -1 && errno == ETOOMANYREFS;
	close(s[0]);
	close(s[1]);
	return ok;
}

/* A tree DEPTH deep under /tmp, removed from below while its deepest
 * directory is open, freed at the close. */
static bool tree(void)
{
	bool ok = chdir("/tmp") == 0 && mkdir("sockrec.t", 0755) == 0 && chdir("sockrec.t") == 0;
	for (int i = 0; i < DEPTH && ok; i++)
		ok = mkdir("d", 0755) == 0 && chdir("d") == 0;
	int fd = open(".", O_RDONLY | O_DIRECTORY);
	for (int i = 0; i < DEPTH && ok; i++)
		ok = chdir("..") == 0 && rmdir("d") == 0;
	ok = ok && chdir("..") == 0 && rmdir("sockrec.t") == 0;
	close(fd);
	return ok && fd >= 0;
}

/* 40 nested links to a directory, looked up, and O_CREAT through 40
 * links in a row; all removed again. */
static bool links(void)
{
	char from[64], to[64];
	bool ok = mkdir("/tmp/sockrec.l", 0755) == 0 && chdir("/tmp/sockrec.l") == 0 &&
		  mkdir("d", 0755) == 0;
	for (int i = 1; i <= 40 && ok; i++) {
		snprintf(from, sizeof from, "n%d", i);
		snprintf(to, sizeof to, i == 40 ? "d" : "n%d/.", i + 1);
		ok = symlink(to, from) == 0;
		snprintf(from, sizeof from, "c%d", i);
		snprintf(to, sizeof to, i == 40 ? "d/new" : "c%d", i + 1);
		ok = ok && symlink(to, from) == 0;
	}
	struct stat st;
	int fd = open("c1", O_WRONLY | O_CREAT, 0644);
	ok = ok && fd >= 0 && stat("n1/new", &st) == 0;
	close(fd);
	ok = ok && chdir("/tmp") == 0;
	rm_rf("/tmp/sockrec.l");
	return ok;
}

/* The work once to warm up, then three times more: each time it works,
 * and the account after the three is exactly as before them. */
static void account(const char *what, bool (*work)(void))
{
	kmem_account(what, work, 3, "the account exactly as before");
}

static void stream_case(void) { account("stream chain closed", chain_stream); }
static void dgram_case(void) { account("dgram chain closed", chain_dgram); }
static void seqpacket_case(void) { account("seqpacket chain closed", chain_seqpacket); }
static void mixed_case(void) { account("mixed chain closed", chain_mixed); }
static void exit_case(void) { account("chain left to exit", chain_left); }
static void cycle_case(void) { account("chain closed into a cycle", chain_cycle); }
static void refused_case(void) { account("sends refused with ETOOMANYREFS", refused); }
static void tree_case(void) { account("tree freed at the last close", tree); }
static void links_case(void) { account("nested links and O_CREAT through links", links); }

int main(void)
{
	RUN(stream_case);
	RUN(dgram_case);
	RUN(seqpacket_case);
	RUN(mixed_case);
	RUN(exit_case);
	RUN(cycle_case);
	RUN(refused_case);
	RUN(tree_case);
	RUN(links_case);
	return cases_failed ? 1 : 0;
}
