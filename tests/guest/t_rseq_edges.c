/* t_rseq_edges - rseq(2) at its edges (kernel/rseq.c and its hooks),
 * differential against Linux 6.1. Built for musl only (glibc registers its
 * own area first).
 *  1. A system call in a critical section, stopped and continued (restart
 *     without a handler): Linux moves ip back over int $0x80 first, then
 *     takes the abort handler; the handler gets eax = orig_eax (3).
 *  2. fork from inside a section: the child's return is an rseq event
 *     (6.1's wake_up_new_task -> rseq_migrate): the child aborts.
 */
#include "check.h"
#include <stdint.h>

#define NR_RSEQ 386
#define SIG 0x90400b0f                /* bytes 0f 0b 40 90: ud2; inc %eax; nop */

struct rseq_area {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

struct rseq_area rs;

static long rseq_(void *area, uint32_t len, int flags, uint32_t sig)
{
	return syscall(NR_RSEQ, area, len, flags, sig);
}

__asm__(".pushsection .data\n"
	".balign 32\n"
	"cs_read: .long 0, 0, 1f, 0, 2f - 1f, 0, 4f, 0\n"
	".balign 32\n"
	"cs_fork: .long 0, 0, 5f, 0, 6f - 5f, 0, 7f, 0\n"
	".balign 32\n"
	"cs_kill: .long 0, 0, 8f, 0, 9f - 8f, 0, 10f, 0\n"
	".popsection\n"
	".text\n"
	".globl read_section\n"
	"read_section:\n"                  /* read(fd, buf, 1) in the section */
	"    pushl %ebx\n"
	"    movl 8(%esp), %ebx\n"
	"    movl 12(%esp), %ecx\n"
	"    movl $1, %edx\n"
	"    movl $cs_read, rs + 8\n"
	"1:  movl $3, %eax\n"
	"    int $0x80\n"
	"    nop\n"
	"2:  addl $1000, %eax\n"            /* not aborted: 1000 + result */
	"    popl %ebx\n"
	"    ret\n"
	"    .byte 0x0f, 0x0b, 0x40, 0x90\n"
	"4:  popl %ebx\n"                   /* aborted: eax as the kernel left it */
	"    ret\n"
	".globl fork_section\n"
	"fork_section:\n"
	"    movl $cs_fork, rs + 8\n"
	"5:  movl $2, %eax\n"
	"    int $0x80\n"
	"    nop\n"
	"6:  ret\n"
	"    .byte 0x0f, 0x0b, 0x40, 0x90\n"
	"7:  movl $-100, %eax\n"
	"    ret\n"
	".globl kill_section\n"              /* kill(pid, sig) in the section */
	"kill_section:\n"
	"    pushl %ebx\n"
	"    movl 8(%esp), %ebx\n"
	"    movl 12(%esp), %ecx\n"
	"    movl $cs_kill, rs + 8\n"
	"8:  movl $37, %eax\n"
	"    int $0x80\n"
	"    nop\n"
	"9:  popl %ebx\n"
	"    ret\n"
	"    .byte 0x0f, 0x0b, 0x40, 0x90\n"
	"10: movl $-100, %eax\n"
	"    popl %ebx\n"
	"    ret\n");
int read_section(int fd, void *buf);
int fork_section(void);
int kill_section(int pid, int sig);

static void restart_in_section(void)
{
	int p[2];
	char c;
	CHECK_OK0("pipe", pipe(p));
	CHECK_OK0("register", rseq_(&rs, 32, 0, SIG));
	pid_t me = getpid(), kid = fork();
	if (kid == 0) {
		usleep(200000);
		kill(me, SIGSTOP);
		usleep(200000);
		kill(me, SIGCONT);
		usleep(200000);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	int r = read_section(p[0], &c);
	CHECK_EQ("a read stopped, continued in the section: abort handler, eax = orig_eax 3", r, 3);
	CHECK("rseq_cs emptied", rs.rseq_cs == 0);
	wait_for(kid);
}

static void on_usr1(int s)
{
	(void)s;
}

static void fork_in_section(void)
{
	CHECK_OK0("register", rseq_(&rs, 32, 0, SIG));
	signal(SIGUSR1, on_usr1);
	/* a signal in a section: the event is used up by the abort */
	CHECK_EQ("kill in the section: aborts", kill_section(getpid(), SIGUSR1), -100);
	pid_t me = getpid();
	int r = fork_section();
	if (getpid() != me)
		_exit(r == -100 ? 10 : r == 0 ? 11 : 12);
	int st;
	wait(&st);
	CHECK_EQ("the child of a fork in the section takes its abort handler (exit 10)",
		 WIFEXITED(st) ? WEXITSTATUS(st) : -1, 10);
}

int main(void)
{
	RUN(restart_in_section);
	RUN(fork_in_section);
	return cases_failed ? 1 : 0;
}
