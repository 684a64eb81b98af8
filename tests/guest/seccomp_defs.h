/* seccomp_defs.h - what the seccomp tests need of <linux/filter.h>,
 * <linux/seccomp.h>, <linux/audit.h> and <linux/ptrace.h>, which the
 * musl build does not see: the UAPI's values, as there. */
#ifndef SECCOMP_DEFS_H
#define SECCOMP_DEFS_H
#include <stdint.h>

struct sock_filter { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct sock_fprog { unsigned short len; struct sock_filter *filter; };
struct seccomp_data { int nr; uint32_t arch; uint64_t instruction_pointer; uint64_t args[6]; };
struct seccomp_notif_sizes { uint16_t seccomp_notif, seccomp_notif_resp, seccomp_data; };
struct seccomp_metadata { uint64_t filter_off, flags; };

#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_RET 0x06
#define BPF_MISC 0x07
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_A 0x10
#define BPF_TAX 0x00
#define BPF_TXA 0x80
#define BPF_MAXINSNS 4096
#define SKF_AD_OFF (-0x1000)
#define SKF_AD_PROTOCOL 0
#define BPF_STMT(code, k) { (unsigned short)(code), 0, 0, k }
#define BPF_JUMP(code, k, jt, jf) { (unsigned short)(code), jt, jf, k }

#define SECCOMP_MODE_STRICT 1
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_SET_MODE_STRICT 0
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_GET_ACTION_AVAIL 2
#define SECCOMP_GET_NOTIF_SIZES 3
#define SECCOMP_FILTER_FLAG_TSYNC (1u << 0)
#define SECCOMP_FILTER_FLAG_LOG (1u << 1)
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1u << 2)
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1u << 3)
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1u << 4)
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1u << 5)
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_KILL_THREAD 0x00000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ERRNO 0x00050000u
#define SECCOMP_RET_USER_NOTIF 0x7fc00000u
#define SECCOMP_RET_TRACE 0x7ff00000u
#define SECCOMP_RET_LOG 0x7ffc0000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define AUDIT_ARCH_I386 0x40000003u
#define SYS_SECCOMP_CODE 1

struct seccomp_notif { uint64_t id; uint32_t pid; uint32_t flags; struct seccomp_data data; };
struct seccomp_notif_resp { uint64_t id; int64_t val; int32_t error; uint32_t flags; };
struct seccomp_notif_addfd { uint64_t id; uint32_t flags; uint32_t srcfd; uint32_t newfd; uint32_t newfd_flags; };
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1u << 0)
#define SECCOMP_ADDFD_FLAG_SETFD (1u << 0)
#define SECCOMP_ADDFD_FLAG_SEND (1u << 1)
/* _IOC(dir, '!', nr, size) as <asm-generic/ioctl.h> builds them */
#define SECCOMP_IOC_(dir, nr, size) (((unsigned)(dir) << 30) | ((unsigned)(size) << 16) | ('!' << 8) | (nr))
#define SECCOMP_IOCTL_NOTIF_RECV SECCOMP_IOC_(3, 0, sizeof(struct seccomp_notif))
#define SECCOMP_IOCTL_NOTIF_SEND SECCOMP_IOC_(3, 1, sizeof(struct seccomp_notif_resp))
#define SECCOMP_IOCTL_NOTIF_ID_VALID SECCOMP_IOC_(1, 2, sizeof(uint64_t))
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR SECCOMP_IOC_(2, 2, sizeof(uint64_t))
#define SECCOMP_IOCTL_NOTIF_ADDFD SECCOMP_IOC_(1, 3, sizeof(struct seccomp_notif_addfd))

#define PTRACE_EVENT_SECCOMP_ 7
#define PTRACE_O_TRACESECCOMP_ (1 << 7)
#define PTRACE_O_SUSPEND_SECCOMP_ (1 << 21)
#define PTRACE_SECCOMP_GET_FILTER_ 0x420c
#define PTRACE_SECCOMP_GET_METADATA_ 0x420d
#define PTRACE_GET_SYSCALL_INFO_ 0x420e
#define PTRACE_SYSCALL_INFO_SECCOMP_ 3
#endif
