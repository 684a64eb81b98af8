/* t_rseq_guest - on Pipit's one CPU: a critical section that spins is
 * left for its abort handler when the thread is preempted (a busy child
 * takes the CPU at the end of the slice), with no signal at all
 * (kernel/sched.c marks the switch, kernel/rseq.c moves the thread).
 * Not differential: on the host's two CPUs the spinner may never be
 * preempted. */
#include "check.h"
#include <stdint.h>
#include <sys/syscall.h>

#define SIG 0x53053053

struct rseq_area {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

static struct rseq_area rs;

__asm__(".pushsection .data\n"
	".balign 32\n"
	"cs_spin: .long 0, 0, 1f, 0, 2f - 1f, 0, 4f, 0\n"
	".popsection\n"
	".text\n"
	".globl spin_until_abort\n"
	"spin_until_abort:\n"
	"    movl $cs_spin, rs + 8\n"
	"1:  jmp 1b\n"
	"2:  ud2\n"
	"    .long 0x53053053\n"
	"4:  movl $1, %eax\n"
	"    ret\n");
int spin_until_abort(void);

static void preempted(void)
{
	CHECK_OK0("register", syscall(386, &rs, 32, 0, SIG));
	pid_t busy = fork();
	if (busy == 0)
		for (;;)
			;
	CHECK_EQ("a preemption in the section: its abort handler", spin_until_abort(), 1);
	kill(busy, SIGKILL);
	wait_for(busy);
	CHECK_EQ("cpu_id 0 (one CPU)", rs.cpu_id, 0);
}

int main(void)
{
	RUN(preempted);
	return cases_failed ? 1 : 0;
}
