/* t_clone_tid - the thread-id words of a fork-style clone (no CLONE_VM),
 * the way glibc's fork() makes every child: CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID | SIGCHLD with ctid in its thread descriptor. The
 * child must see its own pid there (glibc's robust and error-checking
 * mutexes take the owner's tid from it); the parent's copy of the word
 * must not change, nor may memory the two still share copy-on-write. */
#include "check.h"
#include <sched.h>
#include <sys/mman.h>

static int exit_code(pid_t pid)
{
	int st = wait_for(pid);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* clone(flags | SIGCHLD) on the caller's stack, as fork: 0 in the child. */
static long fork_clone(unsigned long flags, pid_t *ptid, pid_t *ctid)
{
	return syscall(SYS_clone, flags | SIGCHLD, 0, ptid, 0, ctid);
}

static void child_settid(void)
{
	static pid_t word = -7;                  /* in a page both share copy-on-write */
	long c = fork_clone(CLONE_CHILD_SETTID, NULL, &word);
	if (c == 0)
		_exit(word == getpid() ? 0 : 1);
	CHECK_EQ("CLONE_CHILD_SETTID: the child sees its pid", exit_code(c), 0);
	CHECK_EQ("the parent's word is unchanged", word, -7);
}

static void child_settid_fresh_page(void)
{
	pid_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*word = -7;
	long c = fork_clone(CLONE_CHILD_SETTID, NULL, word);
	if (c == 0)
		_exit(*word == getpid() ? 0 : 1);
	CHECK_EQ("CLONE_CHILD_SETTID in an anonymous page: the child sees its pid", exit_code(c), 0);
	CHECK_EQ("the parent's anonymous page is unchanged", *word, -7);
}

static void parent_settid(void)
{
	static pid_t word = -7;
	long c = fork_clone(CLONE_PARENT_SETTID, &word, NULL);
	if (c == 0)
		_exit(word == -7 ? 0 : 1);       /* written in the parent after the copy */
	CHECK("CLONE_PARENT_SETTID: the parent gets the pid", word == c);
	CHECK_EQ("the child's copy is the old value", exit_code(c), 0);
}

static void child_cleartid(void)
{
	pid_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*shared = -7;
	long c = fork_clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, NULL, shared);
	if (c == 0)
		_exit(*shared == getpid() ? 0 : 1);
	CHECK_EQ("SETTID in a shared page: the child sees its pid", exit_code(c), 0);
	/* Linux clears the word only for a task whose memory has other users */
	CHECK("CLONE_CHILD_CLEARTID, memory not shared (no CLONE_VM): the word is kept", *shared == c);
}

int main(void)
{
	RUN(child_settid);
	RUN(child_settid_fresh_page);
	RUN(parent_settid);
	RUN(child_cleartid);
	return cases_failed ? 1 : 0;
}
