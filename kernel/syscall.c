/* The system-call table: Linux i386 numbers from <asm/unistd_32.h> to the
 * sys_* handlers (syscalls.h). int $0x80 puts the number in eax and the
 * arguments in ebx, ecx, edx, esi, edi, ebp; the result goes back in eax.
 * The multiplexers ipc (117) and socketcall (102) unpack their arguments
 * in ipc/ipc.c and ipc/socket.c and reach the same handlers. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "kernel/syscalls.h"
#include "kernel/seccomp.h"
#include "fs/vfs.h"
#include <asm/unistd_32.h>

typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
/* The detour through void (*)(void) tells gcc the cast is deliberate. */
#define FN(f) ((syscall_fn)(void (*)(void))(f))
#define S(name) [__NR_##name] = FN(sys_##name)

__hot_rodata static const syscall_fn syscall_table[] = {
    /* processes */
    S(exit), S(exit_group), S(fork), S(vfork), S(clone), S(clone3), S(wait4), S(waitpid), S(waitid),
    S(pidfd_open), S(pidfd_send_signal), S(pidfd_getfd), S(getpid),
    S(getppid), S(gettid), S(setpgid), S(getpgid), S(getpgrp), S(setsid), S(getsid),
    S(sched_yield), S(set_tid_address), S(execve), S(execveat), S(unshare), S(rseq), S(setns), S(restart_syscall), S(set_thread_area), S(get_thread_area),
    S(modify_ldt), S(arch_prctl),
    /* identity */
    S(getuid32), S(geteuid32), S(getgid32), S(getegid32), S(setuid32), S(setgid32),
    S(setreuid32), S(setregid32), S(setresuid32), S(setresgid32), S(getresuid32),
    S(getresgid32), S(getgroups32), S(setgroups32), S(setfsuid32), S(setfsgid32),
    S(capget), S(capset), S(acct), S(sysfs), S(ioperm), S(iopl),
    /* identity in 16 bits (uid16.c) */
    S(getuid), S(geteuid), S(getgid), S(getegid), S(setuid), S(setgid), S(setreuid),
    S(setregid), S(setresuid), S(setresgid), S(getresuid), S(getresgid), S(setfsuid),
    S(setfsgid), S(getgroups), S(setgroups), S(chown), S(lchown), S(fchown),
    /* resource limits */
    S(getrlimit), S(ugetrlimit), S(setrlimit), S(prlimit64),
    /* the machine */
    S(reboot), S(uname), S(sethostname), S(setdomainname), S(sysinfo), S(prctl), S(seccomp), S(landlock_create_ruleset), S(landlock_add_rule), S(landlock_restrict_self), S(getpriority), S(setpriority), S(nice),
    S(ioprio_get), S(ioprio_set),
    S(sched_getaffinity), S(sched_setaffinity), S(getcpu), S(syslog), S(getrandom),
    S(membarrier), S(perf_event_open), S(personality), S(olduname), S(oldolduname), S(vhangup),
    S(quotactl), S(quotactl_fd), S(swapon), S(swapoff),
    /* scheduling policies */
    S(sched_setscheduler), S(sched_setparam), S(sched_getscheduler), S(sched_getparam),
    S(sched_setattr), S(sched_getattr), S(sched_get_priority_max), S(sched_get_priority_min),
    S(sched_rr_get_interval), S(sched_rr_get_interval_time64),
    /* time */
    S(time), S(gettimeofday), S(clock_gettime), S(clock_gettime64), S(clock_getres),
    S(clock_getres_time64), S(nanosleep), S(clock_nanosleep), S(clock_nanosleep_time64),
    S(times), S(settimeofday), S(clock_settime), S(clock_settime64), S(timer_create),
    S(timer_settime), S(timer_settime64), S(timer_gettime), S(timer_gettime64),
    S(timer_getoverrun), S(timer_delete), S(adjtimex), S(clock_adjtime), S(clock_adjtime64),
    S(getrusage), S(stime),
    /* memory */
    S(brk), S(mmap2), [__NR_mmap] = FN(sys_old_mmap), S(munmap), S(mprotect), S(madvise),
    S(pkey_mprotect), S(pkey_alloc), S(pkey_free), S(process_madvise), S(process_mrelease), S(memfd_secret),
    S(msync), S(mincore), S(mremap), S(remap_file_pages), S(mlock), S(mlock2), S(munlock), S(mlockall), S(munlockall),
    /* files */
    S(read), S(write), S(readv), S(writev), S(pread64), S(pwrite64), S(preadv), S(pwritev),
    S(preadv2), S(pwritev2), S(lseek), [__NR__llseek] = FN(sys_llseek), S(ioctl), S(open),
    S(openat), S(openat2), S(name_to_handle_at), S(open_by_handle_at), S(creat), S(chdir), S(fchdir), S(chroot), S(umask), S(close), S(close_range), S(dup), S(dup2), S(dup3),
    S(fcntl), S(fcntl64), S(stat64), S(lstat64), S(fstat64), S(fstatat64), S(statx),
    S(statfs64), S(fstatfs64), S(mount), S(umount2), S(pivot_root),
    S(open_tree), S(move_mount), S(fsopen), S(fsconfig), S(fsmount), S(fspick), S(mount_setattr), [__NR_umount] = FN(sys_umount), S(sync), S(fsync), S(fdatasync), S(getdents64), S(getcwd), S(mkdir),
    S(mkdirat), S(rmdir), S(unlink), S(unlinkat), S(rename), S(renameat), S(renameat2), S(link),
    S(linkat), S(symlink), S(symlinkat), S(readlink), S(readlinkat), S(mknod), S(mknodat),
    S(chmod), S(fchmod), S(fchmodat), S(chown32), S(lchown32), S(fchown32), S(fchownat),
    S(access), S(faccessat), S(faccessat2), S(truncate), S(ftruncate), S(truncate64),
    S(ftruncate64), S(fallocate), S(fadvise64), S(fadvise64_64), S(readahead),
    S(sync_file_range), S(syncfs), S(memfd_create), S(utimensat), S(utimensat_time64), S(flock),
    /* the old file calls: narrow structures (fs/stat_old.c, fs/readdir.c, fs/attr.c) */
    S(stat), S(lstat), S(fstat), S(oldstat), S(oldlstat), S(oldfstat), S(statfs), S(fstatfs), S(ustat),
    S(getdents), [__NR_readdir] = FN(sys_old_readdir), S(utime), S(utimes), S(futimesat),
    /* extended attributes (fs/xattr.c) */
    S(setxattr), S(lsetxattr), S(fsetxattr), S(getxattr), S(lgetxattr), S(fgetxattr),
    S(listxattr), S(llistxattr), S(flistxattr), S(removexattr), S(lremovexattr), S(fremovexattr),
    /* signals */
    S(kill), S(tkill), S(tgkill), S(rt_sigaction), S(rt_sigprocmask), S(rt_sigpending),
    S(rt_sigsuspend), S(rt_sigtimedwait), S(rt_sigtimedwait_time64), S(rt_sigqueueinfo),
    S(rt_tgsigqueueinfo),
    S(pause), S(alarm), S(setitimer), S(getitimer), S(sigreturn), S(rt_sigreturn),
    S(sigaltstack),
    /* the old signal calls, 32-bit sets (sigsys_old.c) */
    S(signal), S(sigaction), S(sigprocmask), S(sigpending), S(sigsuspend), S(sgetmask),
    S(ssetmask),
    /* pipes and waiting on many files */
    S(pipe), S(pipe2), S(splice), S(tee), S(vmsplice), S(sendfile), S(sendfile64), S(copy_file_range), S(poll), S(ppoll), S(ppoll_time64), S(select), S(_newselect), S(pselect6),
    S(pselect6_time64), S(io_setup), S(io_destroy), S(io_submit), S(io_cancel), S(io_getevents),
    S(io_pgetevents), S(io_pgetevents_time64),
    S(io_uring_setup), S(io_uring_enter), S(io_uring_register),
    /* the event descriptors */
    S(userfaultfd), S(eventfd), S(eventfd2), S(signalfd), S(signalfd4), S(timerfd_create), S(timerfd_settime),
    S(timerfd_gettime), S(timerfd_settime64), S(timerfd_gettime64),
    /* inotify (fs/inotify.c), fanotify (fs/fanotify.c, fs/fanotify_mark.c) */
    S(inotify_init), S(inotify_init1), S(inotify_add_watch), S(inotify_rm_watch),
    S(fanotify_init), S(fanotify_mark),
    /* epoll */
    S(epoll_create), S(epoll_create1), S(epoll_ctl), S(epoll_wait), S(epoll_pwait), S(epoll_pwait2),
    /* UNIX domain sockets */
    S(socketcall), S(socket), S(socketpair), S(bind), S(connect), S(listen), S(accept4),
    S(getsockname), S(getpeername), S(shutdown), S(sendto), S(recvfrom), S(sendmsg), S(recvmsg),
    S(sendmmsg), S(recvmmsg), S(recvmmsg_time64),
    S(setsockopt), S(getsockopt),
    /* System V IPC */
    S(ipc), S(msgget), S(msgsnd), S(msgrcv), S(msgctl), S(semget), S(semctl),
    S(semtimedop_time64), S(shmget), S(shmat), S(shmdt), S(shmctl),
    /* POSIX message queues */
    S(mq_open), S(mq_unlink), S(mq_timedsend), S(mq_timedreceive), S(mq_timedsend_time64),
    S(mq_timedreceive_time64), S(mq_notify), S(mq_getsetattr),
    /* debugging and futexes */
    /* keys (security/keys/keyctl.c) */
    S(add_key), S(request_key), S(keyctl),
    S(ptrace), S(kcmp), S(process_vm_readv), S(process_vm_writev), S(futex), S(futex_time64), S(futex_waitv), S(set_robust_list), S(get_robust_list),
};

/* restart_syscall(2): the call a stop interrupted (restart_block()) once
 * more, on its own registers, which the entry left as they were; as
 * Linux's do_no_restart_syscall, -EINTR when there is none. */
long sys_restart_syscall(void)
{
    uint32_t call = current->restart_call;
    current->restart_call = 0;
    if (!call)
        return -EINTR;
    struct trapframe *tf = current->tf;
    long r = syscall_table[call](tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
    if (r == -ERESTARTNOHAND)
        current->restart_call = call;        /* stopped again: resumed again */
    return r;
}

static uint8_t enosys_logged[512 / 8];
__hot_data uint32_t syscall_count;          /* /proc/stat */

/* Runs the system call in tf; the result replaces eax. */
__hot static inline void syscall_dispatch(struct trapframe *tf)
{
    uint32_t nr = tf->eax;
    syscall_count++;
    TRACE(TRACE_SYS_ENTER, nr, tf->ebx, tf->ecx, tf->edx, NULL);
    long ret;
    current->fget_holds = true;
    if (nr < ARRAY_SIZE(syscall_table) && syscall_table[nr]) {
        ret = syscall_table[nr](tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
        if (!is_restart((int)ret))
            current->restarted = false;      /* a restart is seen by its own call only */
    } else {
        if (nr < 512 && !(enosys_logged[nr / 8] & (1 << (nr % 8)))) {
            enosys_logged[nr / 8] |= (uint8_t)(1 << (nr % 8));
            klog("pipit: %s (pid %d) called unimplemented system call %u\n",
                   current->comm, current->pid, nr);
        }
        ret = -ENOSYS;
    }
    current->fget_holds = false;             /* then the files it looked up go (fs/fd.c) */
    if (current->nheld)
        fput_held();
    if (current->nd_parent)                  /* a Landlock domain's last walk (fs/namei.c) */
        namei_put_parent();
    TRACE(TRACE_SYS_EXIT, nr, (uint32_t)ret, 0, 0, NULL);
    tf->eax = (uint32_t)ret;
}

/* A system call from user mode (int $0x80 or sysenter), interrupts on:
 * the tracer's stops around it, the call, and the way back to the user,
 * which return_to_user() takes only when there is something to do on
 * it (a switch, a signal, a restart, a mask to restore); else it just
 * turns interrupts off, as return_to_user() would. */
__hot void do_syscall(struct trapframe *tf)
{
    current->in_syscall = true;
    current->syscall_nr = tf->eax;
    bool run = true;
    if (current->syscall_trace || current->syscall_emu) {
        bool emu = current->syscall_emu;     /* PTRACE_SYSEMU: the tracer does the call */
        tf->eax = (uint32_t)-ENOSYS;         /* what a tracer sees at entry, as Linux */
        run = ptrace_syscall_stop(true) && !emu;   /* it may change the call (orig_eax), */
        if (run)                             /* or SIGKILL it: no filter, no call */
            tf->eax = current->syscall_nr;
    }
    bool from_syscall = true;
    if (run && (!current->seccomp_mode || seccomp_syscall_enter(tf))) {   /* then the filters' verdict */
        syscall_dispatch(tf);
    } else {
        current->restarted = false;          /* a restart refused is over */
        current->restart_call = 0;
        if (is_restart((int)tf->eax) && !signal_pending(current))
            from_syscall = false;            /* a filter's ERRNO 512: no restart without a signal */
    }
    if (current->syscall_trace)
        ptrace_syscall_stop(false);
    cli();
    if (exit_work_pending(tf, from_syscall))
        return_to_user(tf, from_syscall);    /* (a stop there still shows orig_eax, as Linux) */
    current->in_syscall = false;
}
