/* The files of /proc/sys (fs/proc_sys.c): what each one holds and how it
 * shows and takes a value. fs/proc.c lists them (its sysctl table) and
 * calls these from open, read and write. */
#ifndef FS_PROC_SYS_H
#define FS_PROC_SYS_H
#include "kernel/types.h"

struct sysctl {
    int kind;                               /* fs/proc.c's enum kind of the file */
    void *data;                             /* uint32_t numbers, or a char array */
    uint32_t min, max;                      /* numbers: what a write may give (else -EINVAL) */
    uint32_t count;                         /* numbers in a vector (kernel.sem: 4); a string's size */
    uint8_t write_cap;                      /* CAP_x Linux asks of any writer (-EPERM); 0: none */
    bool root_writes;                       /* root may write it whatever its mode (0444) */
    uint8_t ns;                             /* SYSCTL_NS_*: data is in the initial namespace;
                                               current's is used (sysctl_data) */
    int (*show)(const struct sysctl *sc, char *buf, int size);
    int (*store)(const struct sysctl *sc, const char *text, size_t n);
};

#define SYSCTL_NS_NONE 0
#define SYSCTL_NS_UTS  1                    /* a field of init_uts_ns (kernel/utsname.h) */
#define SYSCTL_NS_IPC  2                    /* a field of init_ipc_ns (ipc/namespace.h) */
#define SYSCTL_NS_USER 3                    /* a field of init_user_ns (kernel/user_namespace.h):
                                               0666 with CAP_SYS_RESOURCE there, else 0444 */
#define SYSCTL_NS_NET  4                    /* a field of init_net (net/net_namespace.h) */
#define SYSCTL_NS_PID  5                    /* of init_pid_ns: current's (kernel/pid_namespace.h) */

/* The value sc shows: sc->data, or for a namespace's file the same
 * field of current's namespace, as Linux's get_ipc and get_uts. */
void *sysctl_data(const struct sysctl *sc);

/* Numbers, printed tab-separated as Linux does; written as blank-separated
 * decimals, each within min..max. */
int sysctl_show_uint(const struct sysctl *sc, char *buf, int size);
int sysctl_show_int(const struct sysctl *sc, char *buf, int size);   /* one signed number */
int sysctl_store_uint(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_int(const struct sysctl *sc, const char *text, size_t n);   /* proc_dointvec's */
/* A string (hostname): written up to a newline, cut to count - 1 bytes. */
int sysctl_show_string(const struct sysctl *sc, char *buf, int size);
int sysctl_store_string(const struct sysctl *sc, const char *text, size_t n);
/* The files whose writes do more than store a number. */
int sysctl_store_sem(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_pipe_max(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_taint(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_rmid_forced(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_drop_caches(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_ramfs(const struct sysctl *sc, const char *text, size_t n);
int sysctl_store_sched_rt(const struct sysctl *sc, const char *text, size_t n);
/* kernel/sched_rt.c: kernel.sched_rt_period_us and sched_rt_runtime_us */
extern int sysctl_sched_rt_period, sysctl_sched_rt_runtime;
int sched_rt_sysctl_set(int period, int runtime);   /* 0 or -EINVAL */

/* Whether the current task may read (04) or write (02) a file of this
 * mode, by Linux's sysctl rule: root is held to the owner's bits, group 0
 * to the group's, everyone else to the others'. */
bool sysctl_may(uint32_t mode, uint32_t rw);
/* The mode the checks use: the file's, or 0666 to root for a root_writes
 * file (sc may be NULL). */
uint32_t sysctl_mode(const struct sysctl *sc, uint32_t mode);

/* A write of n bytes at ubuf to file sc of this mode: as Linux, the
 * writer is checked again (-EPERM: an fd root opened does not let a user
 * write), and write_cap; then the bytes are copied in (-EFAULT) and
 * stored. Does not sleep. n, or -errno. */
ssize_t sysctl_write(const struct sysctl *sc, uint32_t mode, const char *ubuf, size_t n);

#endif
