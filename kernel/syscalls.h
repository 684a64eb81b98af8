/* Prototypes of every system-call handler, grouped by the subsystem that
 * implements it. kernel/syscall.c puts them in one table indexed by the
 * numbers of <asm/unistd_32.h>. Every argument is one 32-bit register;
 * 64-bit offsets arrive split in two (lo, hi). Handlers return a value
 * >= 0 or -errno, and touch user memory only through uaccess.h. */
#ifndef SYSCALLS_H
#define SYSCALLS_H
#include "kernel/types.h"
#include <linux/capability.h>


/* kernel/proc.c, kernel/clone.c, kernel/exit_wait.c, kernel/pidfd.c, kernel/exec.c, kernel/tls.c: processes */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_fork(void);
long sys_vfork(void);
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t parent_tid, uint32_t tls, uint32_t child_tid);
long sys_clone3(const void *uargs, uint32_t size);
long sys_wait4(int pid, int *status, int options, void *rusage);
long sys_waitpid(int pid, int *status, int options);
long sys_waitid(int which, int id, int32_t *infop, int options, void *rusage);
long sys_pidfd_open(int pid, uint32_t flags);
long sys_pidfd_send_signal(int pidfd, int sig, const void *uinfo, uint32_t flags);
long sys_pidfd_getfd(int pidfd, int fd, uint32_t flags);
long sys_close_range(uint32_t fd, uint32_t max_fd, uint32_t flags);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);
long sys_sched_yield(void);
long sys_set_tid_address(uint32_t *tidptr);
long sys_unshare(uint32_t flags);
long sys_rseq(uint32_t rseq, uint32_t len, int flags, uint32_t sig);
long sys_futex_waitv(const void *waiters, uint32_t nr, uint32_t flags, const void *timeout, int clockid);
long sys_chroot(const char *path);
long sys_openat2(int dirfd, const char *path, const void *how, uint32_t size);
long sys_execveat(int dirfd, const char *path, char *const *argv, char *const *envp, int flags);
long sys_execve(const char *path, char *const *argv, char *const *envp);
long sys_set_thread_area(void *u_info);
long sys_get_thread_area(void *u_info);

/* kernel/cred.c: identity */
long sys_getuid32(void);
long sys_geteuid32(void);
long sys_getgid32(void);
long sys_getegid32(void);
long sys_setuid32(uint32_t uid);
long sys_setgid32(uint32_t gid);
long sys_setreuid32(uint32_t ruid, uint32_t euid);
long sys_setregid32(uint32_t rgid, uint32_t egid);
long sys_setresuid32(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid32(uint32_t r, uint32_t e, uint32_t s);
long sys_getresuid32(uint32_t *r, uint32_t *e, uint32_t *s);
long sys_setfsuid32(uint32_t uid);
long sys_setfsgid32(uint32_t gid);
/* kernel/uid16.c: the 16-bit identity calls */
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_setuid(uint32_t uid);
long sys_setgid(uint32_t gid);
long sys_setreuid(uint32_t r, uint32_t e);
long sys_setregid(uint32_t r, uint32_t e);
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s);
long sys_getresuid(uint16_t *r, uint16_t *e, uint16_t *s);
long sys_getresgid(uint16_t *r, uint16_t *e, uint16_t *s);
long sys_setfsuid(uint32_t uid);
long sys_setfsgid(uint32_t gid);
long sys_getgroups(int size, uint16_t *list);
long sys_setgroups(int size, const uint16_t *list);
long sys_chown(const char *path, uint32_t uid, uint32_t gid);
long sys_lchown(const char *path, uint32_t uid, uint32_t gid);
long sys_fchown(int fd, uint32_t uid, uint32_t gid);
long sys_getresgid32(uint32_t *r, uint32_t *e, uint32_t *s);
long sys_getgroups32(int size, uint32_t *list);
long sys_setgroups32(int size, const uint32_t *list);

/* kernel/rlimit.c: resource limits */
long sys_getrlimit(unsigned res, void *rlim);
long sys_ugetrlimit(unsigned res, void *rlim);
long sys_setrlimit(unsigned res, const void *rlim);
long sys_prlimit64(int pid, unsigned res, const void *new_rlim, void *old_rlim);

/* kernel/sched_syscalls.c: scheduling policies */
long sys_sched_setscheduler(int pid, int policy, const void *param);
long sys_sched_setparam(int pid, const void *param);
long sys_sched_getscheduler(int pid);
long sys_sched_getparam(int pid, void *param);
long sys_sched_setattr(int pid, void *attr, uint32_t flags);
long sys_sched_getattr(int pid, void *attr, uint32_t size, uint32_t flags);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_sched_rr_get_interval(int pid, void *ts32);
long sys_sched_rr_get_interval_time64(int pid, void *ts64);

/* kernel/sys.c, kernel/klog.c, kernel/random.c: the machine: names, reboot, prctl, nice values, CPU affinity, the kernel log, random bytes */
long sys_reboot(int magic1, int magic2, uint32_t cmd, void *arg);
long sys_uname(void *buf);
long sys_olduname(void *buf);                 /* 109: struct old_utsname */
long sys_oldolduname(void *buf);              /* 59: struct oldold_utsname */
long sys_sethostname(const char *name, int len);
long sys_setdomainname(const char *name, int len);
long sys_sysinfo(void *info);
long sys_prctl(int option, uint32_t arg2, uint32_t arg3, uint32_t arg4, uint32_t arg5);
long sys_acct(const char *upath);            /* kernel/acct.c */
long sys_ioperm(uint32_t from, uint32_t num, int turn_on);   /* kernel/ioport.c */
long sys_iopl(uint32_t level);
long sys_sysfs(int option, uint32_t arg1, uint32_t arg2);   /* fs/proc_mounts.c */
long sys_mount(const char *source, const char *target, const char *type, unsigned long flags,
               const void *data);           /* fs/mount_sys.c */
long sys_umount2(const char *target, int flags);
long sys_umount(const char *target);
long sys_pivot_root(const char *new_root, const char *put_old);   /* fs/pivot_root.c */
long sys_open_tree(int dfd, const char *path, unsigned flags);     /* fs/mount_api.c */
long sys_move_mount(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags);
long sys_mount_setattr(int dfd, const char *path, unsigned flags, const void *attr, uint32_t size);
long sys_fsopen(const char *fsname, unsigned flags);              /* fs/fs_context.c */
long sys_fsconfig(int fd, unsigned cmd, const char *key, const void *value, int aux);
long sys_fsmount(int fs_fd, unsigned flags, unsigned attr_flags);
long sys_fspick(int dfd, const char *path, unsigned flags);
long sys_name_to_handle_at(int dirfd, const char *upath, void *uhandle, int *mnt_id, int flags);   /* fs/fhandle.c */
long sys_open_by_handle_at(int mount_fd, const void *uhandle, int flags);
long sys_capget(cap_user_header_t hdr, cap_user_data_t data);
long sys_capset(cap_user_header_t hdr, const cap_user_data_t data);
long sys_seccomp(uint32_t op, uint32_t flags, void *uargs);   /* kernel/seccomp.c */
long sys_landlock_create_ruleset(const void *uattr, size_t size, uint32_t flags);   /* security/landlock/ */
long sys_landlock_add_rule(int ruleset_fd, int rule_type, const void *uattr, uint32_t flags);
long sys_landlock_restrict_self(int ruleset_fd, uint32_t flags);
long sys_getpriority(int which, int who);
long sys_setpriority(int which, int who, int nice);
long sys_nice(int inc);
long sys_ioprio_get(int which, int who);       /* kernel/ioprio.c */
long sys_ioprio_set(int which, int who, int ioprio);
long sys_restart_syscall(void);
long sys_setns(int fd, int nstype);
long sys_ustat(uint32_t dev, void *ubuf);
long sys_sched_getaffinity(int pid, uint32_t len, void *mask);
long sys_sched_setaffinity(int pid, uint32_t len, const void *mask);
long sys_syslog(int type, char *buf, int len);
long sys_getrandom(char *buf, uint32_t len, uint32_t flags);
long sys_getcpu(uint32_t *cpu, uint32_t *node, void *cache);
/* kernel/membarrier.c, kernel/personality.c */
long sys_membarrier(int cmd, uint32_t flags, int cpu_id);
long sys_personality(uint32_t persona);

/* kernel/time.c: time */
long sys_time(int32_t *t);
long sys_gettimeofday(void *tv, void *tz);
long sys_clock_gettime(int clk, void *ts32);
long sys_clock_gettime64(int clk, void *ts64);
long sys_clock_getres(int clk, void *ts32);
long sys_clock_getres_time64(int clk, void *ts64);
long sys_nanosleep(const void *req32, void *rem32);
long sys_clock_nanosleep(int clk, int flags, const void *req32, void *rem32);
long sys_clock_nanosleep_time64(int clk, int flags, const void *req64, void *rem64);
long sys_times(void *buf);
long sys_settimeofday(const void *tv, const void *tz);
long sys_stime(const int32_t *tptr);
long sys_clock_settime(int clk, const void *ts32);
long sys_clock_settime64(int clk, const void *ts64);
/* kernel/cputime.c */
long sys_getrusage(int who, void *ru);
/* kernel/adjtime.c */
long sys_adjtimex(void *tx32);
long sys_clock_adjtime(int clk, void *tx32);
long sys_clock_adjtime64(int clk, void *tx64);
/* kernel/itimer.c */
long sys_alarm(uint32_t seconds);
long sys_setitimer(int which, const void *value, void *ovalue);
long sys_getitimer(int which, void *value);
/* kernel/posix_timers.c */
long sys_timer_create(int clk, const void *sigevent, int *timerid);
long sys_timer_settime(int id, int flags, const void *new32, void *old32);
long sys_timer_settime64(int id, int flags, const void *new64, void *old64);
long sys_timer_gettime(int id, void *cur32);
long sys_timer_gettime64(int id, void *cur64);
long sys_timer_getoverrun(int id);
long sys_timer_delete(int id);

/* kernel/mm/mmap.c, madvise.c, mremap.c, remap.c: memory */
long sys_brk(uint32_t brk);
long sys_mmap2(uint32_t addr, uint32_t len, int prot, int flags, int fd, uint32_t pgoff);
long sys_old_mmap(void *args);
long sys_munmap(uint32_t addr, uint32_t len);
long sys_mprotect(uint32_t addr, uint32_t len, int prot);
long sys_pkey_mprotect(uint32_t addr, uint32_t len, int prot, int pkey);
long sys_pkey_alloc(uint32_t flags, uint32_t init_val);                 /* pkeys.c */
long sys_pkey_free(int pkey);
long sys_madvise(uint32_t addr, uint32_t len, int advice);
long sys_process_madvise(int pidfd, const void *uvec, uint32_t vlen, int advice, uint32_t flags);
long sys_process_mrelease(int pidfd, uint32_t flags);                 /* oom_kill.c */
long sys_memfd_secret(uint32_t flags);                                /* secretmem.c */
long sys_msync(uint32_t addr, uint32_t len, int flags);
long sys_mincore(uint32_t addr, uint32_t len, uint8_t *vec);     /* mincore.c */
long sys_mremap(uint32_t addr, uint32_t old_len, uint32_t new_len, uint32_t flags, uint32_t new_addr);
long sys_remap_file_pages(uint32_t start, uint32_t size, uint32_t prot, uint32_t pgoff, uint32_t flags);   /* remap.c */

/* fs/read_write.c, fs/open.c, fs/fd.c, fs/stat.c, fs/readdir.c, fs/namei_sys.c, fs/attr.c, fs/locks.c: files */
long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_readv(int fd, const void *iov, int iovcnt);
long sys_writev(int fd, const void *iov, int iovcnt);
long sys_pread64(int fd, void *buf, size_t count, uint32_t off_lo, uint32_t off_hi);
long sys_pwrite64(int fd, const void *buf, size_t count, uint32_t off_lo, uint32_t off_hi);
long sys_preadv(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi);
long sys_pwritev(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi);
long sys_preadv2(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi, int flags);
long sys_pwritev2(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi, int flags);
long sys_lseek(int fd, int32_t off, int whence);
long sys_llseek(int fd, uint32_t off_hi, uint32_t off_lo, int64_t *result, int whence);
long sys_ioctl(int fd, uint32_t cmd, uint32_t arg);
long sys_open(const char *path, int flags, uint32_t mode);
long sys_openat(int dirfd, const char *path, int flags, uint32_t mode);
long sys_creat(const char *path, uint32_t mode);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_umask(uint32_t mask);
long sys_close(int fd);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, uint32_t arg);
long sys_fcntl64(int fd, int cmd, uint32_t arg);
long sys_stat64(const char *path, void *st);
long sys_lstat64(const char *path, void *st);
long sys_fstat64(int fd, void *st);
long sys_fstatat64(int dirfd, const char *path, void *st, int flags);
long sys_statx(int dirfd, const char *path, int flags, uint32_t mask, void *stx);
long sys_statfs64(const char *path, uint32_t size, void *buf);
long sys_fstatfs64(int fd, uint32_t size, void *buf);
long sys_sync(void);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_getdents64(int fd, void *dirp, uint32_t count);
long sys_getcwd(char *buf, uint32_t size);
long sys_mkdir(const char *path, uint32_t mode);
long sys_mkdirat(int dirfd, const char *path, uint32_t mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_unlinkat(int dirfd, const char *path, int flags);
long sys_rename(const char *oldp, const char *newp);
long sys_renameat(int olddfd, const char *oldp, int newdfd, const char *newp);
long sys_renameat2(int olddfd, const char *oldp, int newdfd, const char *newp, uint32_t flags);
long sys_link(const char *oldp, const char *newp);
long sys_linkat(int olddfd, const char *oldp, int newdfd, const char *newp, int flags);
long sys_symlink(const char *target, const char *linkp);
long sys_symlinkat(const char *target, int newdfd, const char *linkp);
long sys_readlink(const char *path, char *buf, int size);
long sys_readlinkat(int dirfd, const char *path, char *buf, int size);
long sys_mknod(const char *path, uint32_t mode, uint32_t dev);
long sys_mknodat(int dirfd, const char *path, uint32_t mode, uint32_t dev);
long sys_chmod(const char *path, uint32_t mode);
long sys_fchmod(int fd, uint32_t mode);
long sys_fchmodat(int dirfd, const char *path, uint32_t mode);
/* fs/stat_old.c, fs/readdir.c, fs/attr.c: the old file calls */
long sys_stat(const char *path, void *st);
long sys_lstat(const char *path, void *st);
long sys_fstat(int fd, void *st);
long sys_oldstat(const char *path, void *st);
long sys_oldlstat(const char *path, void *st);
long sys_oldfstat(int fd, void *st);
long sys_statfs(const char *path, void *buf);
long sys_fstatfs(int fd, void *buf);
long sys_getdents(int fd, void *dirp, uint32_t count);
long sys_old_readdir(int fd, void *dirent, uint32_t count);
long sys_utime(const char *path, const void *times);
long sys_utimes(const char *path, const void *tvs);
long sys_futimesat(int dirfd, const char *path, const void *tvs);
/* kernel/ldt.c */
long sys_modify_ldt(int func, void *ptr, uint32_t bytecount);
long sys_arch_prctl(int option, uint32_t arg2);   /* kernel/arch_prctl.c */
long sys_vhangup(void);                       /* kernel/drivers/tty.c */
long sys_quotactl(uint32_t cmd, const char *special, uint32_t id, void *addr);   /* fs/quota_swap.c */
long sys_quotactl_fd(int fd, uint32_t cmd, uint32_t id, void *addr);
long sys_swapon(const char *upath, int flags);
long sys_swapoff(const char *upath);
/* kernel/mm/mlock.c */
long sys_mlock(uint32_t start, uint32_t len);
long sys_mlock2(uint32_t start, uint32_t len, int flags);
long sys_munlock(uint32_t start, uint32_t len);
long sys_mlockall(int flags);
long sys_munlockall(void);
/* fs/xattr.c */
long sys_setxattr(const char *path, const char *name, const void *value, size_t size, int flags);
long sys_lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags);
long sys_fsetxattr(int fd, const char *name, const void *value, size_t size, int flags);
long sys_getxattr(const char *path, const char *name, void *value, size_t size);
long sys_lgetxattr(const char *path, const char *name, void *value, size_t size);
long sys_fgetxattr(int fd, const char *name, void *value, size_t size);
long sys_listxattr(const char *path, char *list, size_t size);
long sys_llistxattr(const char *path, char *list, size_t size);
long sys_flistxattr(int fd, char *list, size_t size);
long sys_removexattr(const char *path, const char *name);
long sys_lremovexattr(const char *path, const char *name);
long sys_fremovexattr(int fd, const char *name);
long sys_chown32(const char *path, uint32_t uid, uint32_t gid);
long sys_lchown32(const char *path, uint32_t uid, uint32_t gid);
long sys_fchown32(int fd, uint32_t uid, uint32_t gid);
long sys_fchownat(int dirfd, const char *path, uint32_t uid, uint32_t gid, int flags);
long sys_access(const char *path, int mode);
long sys_faccessat(int dirfd, const char *path, int mode);
long sys_faccessat2(int dirfd, const char *path, int mode, int flags);
long sys_truncate(const char *path, int32_t len);
long sys_ftruncate(int fd, int32_t len);
long sys_truncate64(const char *path, uint32_t len_lo, uint32_t len_hi);
long sys_ftruncate64(int fd, uint32_t len_lo, uint32_t len_hi);
long sys_fallocate(int fd, int mode, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo, uint32_t len_hi);
long sys_memfd_create(const char *name, unsigned flags);     /* fs/memfd.c */
/* fs/fadvise.c */
long sys_fadvise64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len, int advice);
long sys_fadvise64_64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo, uint32_t len_hi, int advice);
long sys_readahead(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t count);
long sys_sync_file_range(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t n_lo, uint32_t n_hi, uint32_t flags);
long sys_syncfs(int fd);
long sys_utimensat(int dirfd, const char *path, const void *times32, int flags);
long sys_utimensat_time64(int dirfd, const char *path, const void *times64, int flags);
long sys_flock(int fd, int op);

/* kernel/sigsys.c, kernel/sigframe.c: signals */
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_rt_sigaction(int sig, const void *act, void *oact, uint32_t sigsetsize);
long sys_rt_sigprocmask(int how, const void *set, void *oset, uint32_t sigsetsize);
long sys_rt_sigpending(void *set, uint32_t sigsetsize);
long sys_rt_sigsuspend(const void *mask, uint32_t sigsetsize);
long sys_rt_sigtimedwait(const void *set, void *info, const void *ts32, uint32_t sigsetsize);
long sys_rt_sigtimedwait_time64(const void *set, void *info, const void *ts64, uint32_t sigsetsize);
long sys_rt_sigqueueinfo(int pid, int sig, const void *info);
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, const void *info);
long sys_pause(void);
long sys_sigreturn(void);
long sys_rt_sigreturn(void);
long sys_sigaltstack(const void *ss, void *oss);
/* kernel/sigsys_old.c: the old signal calls */
long sys_signal(int sig, uint32_t handler);
long sys_sigaction(int sig, const void *act, void *oact);
long sys_sigprocmask(int how, const uint32_t *set, uint32_t *oset);
long sys_sigpending(uint32_t *set);
long sys_sigsuspend(int unused1, int unused2, uint32_t mask);
long sys_sgetmask(void);
long sys_ssetmask(int newmask);

/* ipc/pipe.c, kernel/poll.c: pipes and waiting on many files */
long sys_pipe(int *fds);
long sys_pipe2(int *fds, int flags);
long sys_splice(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned flags);
long sys_tee(int fd_in, int fd_out, size_t len, unsigned flags);
long sys_vmsplice(int fd, const void *uiov, unsigned long nr_segs, unsigned flags);
long sys_sendfile(int out_fd, int in_fd, int32_t *uoff, size_t count);
long sys_sendfile64(int out_fd, int in_fd, loff_t *uoff, size_t count);
long sys_copy_file_range(int fd_in, loff_t *off_in, int fd_out, loff_t *off_out, size_t len, unsigned flags);
long sys_poll(void *fds, uint32_t n, int timeout_ms);
long sys_ppoll(void *fds, uint32_t n, void *ts32, const void *sigmask, uint32_t sigsetsize);
long sys_ppoll_time64(void *fds, uint32_t n, void *ts64, const void *sigmask, uint32_t sigsetsize);
long sys__newselect(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *tv32);
long sys_select(void *uargs);                 /* the old i386 select (82) */
long sys_pselect6(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *ts32, const uint32_t *sigdata);
long sys_pselect6_time64(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *ts64, const uint32_t *sigdata);

/* fs/inotify.c */
long sys_inotify_init(void);
long sys_inotify_init1(int flags);
long sys_inotify_add_watch(int fd, const char *upath, uint32_t mask);
long sys_inotify_rm_watch(int fd, int wd);
/* fs/fanotify.c, fs/fanotify_mark.c */
long sys_fanotify_init(uint32_t flags, uint32_t event_f_flags);
long sys_fanotify_mark(int fd, uint32_t flags, uint32_t mask, uint32_t mask_hi, int dirfd,
                       const char *upath);

/* kernel/mm/userfaultfd.c */
long sys_userfaultfd(int flags);

/* ipc/eventfd.c, ipc/signalfd.c, ipc/timerfd.c: the event descriptors */
long sys_eventfd(uint32_t initval);
long sys_eventfd2(uint32_t initval, int flags);
long sys_signalfd(int ufd, const void *mask, uint32_t sizemask);
long sys_signalfd4(int ufd, const void *mask, uint32_t sizemask, int flags);
long sys_timerfd_create(int clockid, int flags);
long sys_timerfd_settime(int ufd, int flags, const void *utmr32, void *otmr32);
long sys_timerfd_gettime(int ufd, void *otmr32);
long sys_timerfd_settime64(int ufd, int flags, const void *utmr64, void *otmr64);
long sys_timerfd_gettime64(int ufd, void *otmr64);

/* ipc/eventpoll.c, ipc/eventpoll_wait.c: epoll */
long sys_epoll_create(int size);
long sys_epoll_create1(int flags);
long sys_epoll_ctl(int epfd, int op, int fd, void *event);
long sys_epoll_wait(int epfd, void *events, int maxevents, int timeout_ms);
long sys_epoll_pwait(int epfd, void *events, int maxevents, int timeout_ms, const void *sigmask,
                     uint32_t sigsetsize);
long sys_epoll_pwait2(int epfd, void *events, int maxevents, const void *ts64, const void *sigmask,
                      uint32_t sigsetsize);

/* ipc/socket.c, ipc/socket_msg.c, ipc/sockopt.c: UNIX domain sockets (socketcall 102 and the direct calls) */
long sys_socketcall(int call, uint32_t *args);
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int *sv);
long sys_bind(int fd, const void *addr, int addrlen);
long sys_connect(int fd, const void *addr, int addrlen);
long sys_listen(int fd, int backlog);
long sys_accept4(int fd, void *addr, int *addrlen, int flags);
long sys_getsockname(int fd, void *addr, int *addrlen);
long sys_getpeername(int fd, void *addr, int *addrlen);
long sys_shutdown(int fd, int how);
long sys_sendto(int fd, const void *buf, uint32_t len, int flags, const void *addr, int addrlen);
long sys_recvfrom(int fd, void *buf, uint32_t len, int flags, void *addr, int *addrlen);
long sys_sendmsg(int fd, const void *msg, int flags);
long sys_recvmsg(int fd, void *msg, int flags);
long sys_sendmmsg(int fd, void *mmsg, uint32_t vlen, uint32_t flags);
long sys_recvmmsg(int fd, void *mmsg, uint32_t vlen, uint32_t flags, void *timeout);
long sys_recvmmsg_time64(int fd, void *mmsg, uint32_t vlen, uint32_t flags, void *timeout);
long sys_setsockopt(int fd, int level, int name, const void *val, int len);
long sys_getsockopt(int fd, int level, int name, void *val, int *len);

/* ipc/ipc.c: System V IPC (ipc 117 and the direct calls) */
long sys_ipc(uint32_t call, int first, int second, uint32_t third, void *ptr, int32_t fifth);
long sys_msgget(int32_t key, int flg);
long sys_msgsnd(int id, const void *msgp, uint32_t sz, int flg);
long sys_msgrcv(int id, void *msgp, uint32_t sz, int32_t type, int flg);
long sys_msgctl(int id, int cmd, void *buf);
long sys_semget(int32_t key, int nsems, int flg);
long sys_semctl(int id, int num, int cmd, uint32_t arg);
long sys_semtimedop_time64(int id, void *sops, uint32_t nsops, const void *ts64);
long sys_shmget(int32_t key, uint32_t size, int flg);
long sys_shmat(int id, uint32_t addr, int flg);
long sys_shmdt(uint32_t addr);
long sys_shmctl(int id, int cmd, void *buf);

/* ipc/mqueue.c, ipc/mqueue_sys.c: POSIX message queues */
struct mq_attr;
struct sigevent;
long sys_mq_open(const char *name, int oflag, uint32_t mode, const struct mq_attr *attr);
long sys_mq_unlink(const char *name);
long sys_mq_timedsend(int mqdes, const char *msg, size_t len, uint32_t prio, const void *ts32);
long sys_mq_timedreceive(int mqdes, char *msg, size_t len, uint32_t *prio, const void *ts32);
long sys_mq_timedsend_time64(int mqdes, const char *msg, size_t len, uint32_t prio, const void *ts64);
long sys_mq_timedreceive_time64(int mqdes, char *msg, size_t len, uint32_t *prio, const void *ts64);
long sys_mq_notify(int mqdes, const struct sigevent *sev);
long sys_mq_getsetattr(int mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr);

/* security/keys/keyctl.c: the key retention service */
long sys_add_key(const char *type, const char *desc, const void *payload, uint32_t plen, int32_t ringid);
long sys_request_key(const char *type, const char *desc, const char *callout, int32_t destid);
long sys_keyctl(int op, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);

/* kernel/ptrace.c, kernel/futex.c: debugging and futexes */
long sys_ptrace(int request, int pid, uint32_t addr, uint32_t data);
long sys_perf_event_open(uint32_t uattr, int pid, int cpu, int group_fd, uint32_t flags);   /* kernel/events/core.c */
long sys_kcmp(int pid1, int pid2, int type, uint32_t idx1, uint32_t idx2);   /* kernel/kcmp.c */
/* kernel/mm/process_vm.c */
long sys_process_vm_readv(int pid, const void *lvec, uint32_t liovcnt, const void *rvec,
                          uint32_t riovcnt, uint32_t flags);
long sys_process_vm_writev(int pid, const void *lvec, uint32_t liovcnt, const void *rvec,
                           uint32_t riovcnt, uint32_t flags);
long sys_futex(uint32_t *uaddr, int op, uint32_t val, const void *ts32, uint32_t *uaddr2, uint32_t val3);
long sys_set_robust_list(uint32_t head, uint32_t len);
long sys_get_robust_list(int pid, uint32_t *head_ptr, uint32_t *len_ptr);
long sys_futex_time64(uint32_t *uaddr, int op, uint32_t val, const void *ts64, uint32_t *uaddr2, uint32_t val3);
/* fs/aio.c, fs/aio_submit.c: native AIO */
struct iocb;
struct io_event;
long sys_io_setup(uint32_t nr, uint32_t *ctxp);
long sys_io_destroy(uint32_t ctx_id);
long sys_io_submit(uint32_t ctx_id, long nr, struct iocb **iocbpp);
long sys_io_cancel(uint32_t ctx_id, struct iocb *ucb, struct io_event *result);
long sys_io_getevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, const void *uts);
long sys_io_pgetevents(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev, const void *uts,
                       const uint32_t *usig);
long sys_io_pgetevents_time64(uint32_t ctx_id, long min_nr, long nr, struct io_event *uev,
                              const void *uts, const uint32_t *usig);
struct io_uring_params;
long sys_io_uring_setup(uint32_t entries, struct io_uring_params *p);
long sys_io_uring_enter(uint32_t fd, uint32_t to_submit, uint32_t min_complete, uint32_t flags,
                        const void *argp, uint32_t argsz);
long sys_io_uring_register(uint32_t fd, uint32_t opcode, void *arg, uint32_t nr_args);

#endif
