/* perf_abi.h - <linux/perf_event.h> as the guest tests need it (they are
 * built without the kernel headers), and the helpers t_perf_event and
 * t_perf_event_guest share. */
#ifndef PERF_ABI_H
#define PERF_ABI_H
#include "check.h"
#include <stdint.h>
#include <sys/ioctl.h>

struct pattr {
	uint32_t type, size;
	uint64_t config, sample_period, sample_type, read_format;
	uint64_t disabled : 1, inherit : 1, pinned : 1, exclusive : 1, exclude_user : 1,
		exclude_kernel : 1, exclude_hv : 1, exclude_idle : 1, mmap : 1, comm : 1, freq : 1,
		inherit_stat : 1, enable_on_exec : 1, task : 1, watermark : 1, precise_ip : 2,
		mmap_data : 1, sample_id_all : 1, exclude_host : 1, exclude_guest : 1,
		exclude_callchain_kernel : 1, exclude_callchain_user : 1, mmap2 : 1, comm_exec : 1,
		use_clockid : 1, context_switch : 1, write_backward : 1, namespaces : 1,
		ksymbol : 1, bpf_event : 1, aux_output : 1, cgroup : 1, text_poke : 1,
		build_id : 1, inherit_thread : 1, remove_on_exec : 1, sigtrap : 1,
		reserved_1 : 26;
	uint32_t wakeup_events, bp_type;
	uint64_t config1, config2, branch_sample_type, sample_regs_user;
	uint32_t sample_stack_user;
	int32_t clockid;
	uint64_t sample_regs_intr;
	uint32_t aux_watermark;
	uint16_t sample_max_stack, reserved_2;
	uint32_t aux_sample_size, reserved_3;
	uint64_t sig_data;
};
enum { T_HW, T_SW, T_TP, T_CACHE, T_RAW, T_BP };
enum { SW_CPU_CLOCK, SW_TASK_CLOCK, SW_PAGE_FAULTS, SW_CS, SW_MIGRATIONS, SW_MIN, SW_MAJ,
       SW_ALIGN, SW_EMU, SW_DUMMY, SW_BPF_OUTPUT, SW_CGROUP_SWITCHES, SW_MAX };
#define F_TE 1
#define F_TR 2
#define F_ID 4
#define F_GROUP 8
#define F_LOST 16
#define FLAG_NO_GROUP 1
#define FLAG_OUTPUT 2
#define FLAG_CGROUP 4
#define FLAG_CLOEXEC 8
#define IOC_ENABLE _IO('$', 0)
#define IOC_DISABLE _IO('$', 1)
#define IOC_REFRESH _IO('$', 2)
#define IOC_RESET _IO('$', 3)
#define IOC_PERIOD _IOW('$', 4, uint64_t)
#define IOC_SET_OUTPUT _IO('$', 5)
#define IOC_SET_FILTER _IOW('$', 6, char *)
#define IOC_ID _IOR('$', 7, uint64_t *)
#define IOC_SET_BPF _IOW('$', 8, uint32_t)
#define IOC_PAUSE_OUTPUT _IOW('$', 9, uint32_t)
#define IOC_QUERY_BPF _IOWR('$', 10, void *)
#define IOC_MODIFY _IOW('$', 11, void *)
#define IOC_FLAG_GROUP 1
#define SAMPLE_READ (1u << 4)
#define SAMPLE_BRANCH_STACK (1u << 11)
#define SAMPLE_STACK_USER (1u << 13)
#define SAMPLE_WEIGHT (1u << 14)
#define SAMPLE_WEIGHT_STRUCT (1u << 24)
#define BRANCH_USER 1
#define BRANCH_ANY 8
#define PR_TASK_PERF_EVENTS_DISABLE 31
#define PR_TASK_PERF_EVENTS_ENABLE 32

static long peo(void *attr, int pid, int cpu, int group, unsigned long flags)
{
	return syscall(__NR_perf_event_open, attr, pid, cpu, group, flags);
}

/* A software event's attributes: counting, user and kernel. */
__attribute__((unused))
static struct pattr sw(int config)
{
	struct pattr a;
	memset(&a, 0, sizeof a);
	a.type = T_SW;
	a.size = sizeof a;
	a.config = config;
	return a;
}

#endif
