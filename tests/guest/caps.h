/* caps.h - capabilities for the guest test programs: <linux/capability.h>
 * and <linux/securebits.h> as user programs need them (they are built
 * without the kernel headers), and helpers to read, set and drop the
 * sets. Shared by t_caps, t_caps_edges, t_acct and t_fhandle. */
#ifndef CAPS_H
#define CAPS_H
#include "check.h"
#include <stdint.h>
#include <sys/prctl.h>

struct __user_cap_header_struct { uint32_t version; int pid; };
struct __user_cap_data_struct { uint32_t effective, permitted, inheritable; };
#define _LINUX_CAPABILITY_VERSION_1 0x19980330
#define _LINUX_CAPABILITY_VERSION_2 0x20071026
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
enum { CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_KILL,
       CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_LINUX_IMMUTABLE, CAP_NET_BIND_SERVICE,
       CAP_NET_BROADCAST, CAP_NET_ADMIN, CAP_NET_RAW, CAP_IPC_LOCK, CAP_IPC_OWNER,
       CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_CHROOT, CAP_SYS_PTRACE, CAP_SYS_PACCT,
       CAP_SYS_ADMIN, CAP_SYS_BOOT, CAP_SYS_NICE, CAP_SYS_RESOURCE, CAP_SYS_TIME,
       CAP_SYS_TTY_CONFIG, CAP_MKNOD, CAP_LEASE, CAP_AUDIT_WRITE, CAP_AUDIT_CONTROL,
       CAP_SETFCAP, CAP_MAC_OVERRIDE, CAP_MAC_ADMIN, CAP_SYSLOG, CAP_WAKE_ALARM,
       CAP_BLOCK_SUSPEND, CAP_AUDIT_READ, CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE,
       CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE };
struct vfs_ns_cap_data { uint32_t magic_etc; struct { uint32_t permitted, inheritable; } data[2]; uint32_t rootid; };
#define VFS_CAP_REVISION_1 0x01000000
#define VFS_CAP_REVISION_2 0x02000000
#define VFS_CAP_REVISION_3 0x03000000
#define VFS_CAP_FLAGS_EFFECTIVE 1
#define XCAPS "security.capability"
#define SECBIT_NOROOT (1 << 0)
#define SECBIT_NO_SETUID_FIXUP (1 << 2)
#define SECBIT_KEEP_CAPS (1 << 4)
#define SECBIT_KEEP_CAPS_LOCKED (1 << 5)
#define SECBIT_NO_CAP_AMBIENT_RAISE (1 << 6)

/* Every capability of Linux 6.1, and what caps_same_start leaves: the
 * host's container takes CAP_SYS_RESOURCE away. */
#define ALL ((1ull << (CAP_LAST_CAP + 1)) - 1)
#define BASE (ALL & ~(1ull << CAP_SYS_RESOURCE))
#define B(c) (1ull << (c))

struct sets { unsigned long long e, p, i; };

__attribute__((unused))
static long capget_v(uint32_t version, int pid, struct __user_cap_data_struct *d)
{
	struct __user_cap_header_struct h = { version, pid };
	return syscall(SYS_capget, &h, d);
}

/* The effective, permitted and inheritable sets of pid (0: ourselves);
 * all ones when capget fails. */
__attribute__((unused))
static struct sets get_sets(int pid)
{
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof d);
	struct sets s = { ~0ull, ~0ull, ~0ull };
	if (capget_v(_LINUX_CAPABILITY_VERSION_3, pid, d) == 0) {
		s.e = (unsigned long long)d[1].effective << 32 | d[0].effective;
		s.p = (unsigned long long)d[1].permitted << 32 | d[0].permitted;
		s.i = (unsigned long long)d[1].inheritable << 32 | d[0].inheritable;
	}
	return s;
}

/* capset of our own three sets: capset's result. */
__attribute__((unused))
static long set_sets(unsigned long long e, unsigned long long p, unsigned long long i)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)e, (uint32_t)p, (uint32_t)i },
		{ (uint32_t)(e >> 32), (uint32_t)(p >> 32), (uint32_t)(i >> 32) },
	};
	return syscall(SYS_capset, &h, d);
}

/* Drops one capability from effective (keeping it permitted). */
__attribute__((unused))
static void drop_cap(int cap)
{
	struct sets s = get_sets(0);
	if (set_sets(s.e & ~B(cap), s.p, s.i) < 0)
		say("[FAIL] capset: %s\n", errname(errno));
}

/* The same start on both kernels: no CAP_SYS_RESOURCE anywhere. */
__attribute__((unused))
static void caps_same_start(void)
{
	prctl(PR_CAPBSET_DROP, CAP_SYS_RESOURCE);
	if (set_sets(BASE, BASE, 0) < 0)
		say("[FAIL] main: capset: %s\n", errname(errno));
}

#endif
