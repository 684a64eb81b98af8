/* /proc: a window on the kernel's tables, made on the fly. The ramfs
 * directory /proc gets procfs operations at boot (proc_init), so lookups
 * under it come here. Each file's text is generated when it is opened and
 * read from that snapshot: ps reads /proc/<pid>/stat, ipcs reads
 * /proc/sysvipc/{msg,sem,shm}, and /proc/stat counts context switches,
 * system calls and page faults. /proc/slabinfo shows kmalloc's buckets and
 * writing 1, 2 or 3 to /proc/sys/vm/drop_caches gives their empty pages
 * back (the leak checks of make torture use both); the other files of
 * /proc/sys (the sysctl table, fs/proc_sys.c) show and set the limits of
 * vm, fs, IPC and processes. /proc/config.gz is the build's configuration.
 * /proc/self, thread-self, mounts and /proc/<pid>/exe are symlinks made
 * up at readlink time. The texts of the other files come from
 * fs/proc_*.c. Each mount of proc is an instance of its own (struct
 * proc_fs_info, at the end) with the options hidepid=, gid= and
 * subset=pid; /proc is the boot one. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/events/perf_event.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/ramfs.h"
#include "kernel/cgroup/cgroup.h"
#include "fs/proc.h"
#include "ipc/msg.h"
#include "ipc/mqueue.h"
#include "ipc/sem.h"
#include "ipc/shm.h"
#include "ipc/namespace.h"
#include "fs/nsfs.h"
#include "ipc/socket.h"
#include "net/net.h"
#include "net/net_namespace.h"
#include "net/netlink.h"
#include "ipc/pipe.h"
#include "kernel/drivers/tty.h"
#include "kernel/mm/vm.h"
#include "kernel/utsname.h"
#include "ipc/eventpoll.h"
#include "fs/notify.h"
#include "fs/proc_sys.h"
#include "fs/aio.h"
#include "fs/aio.h"
#include "kernel/mm/userfaultfd.h"
#include "security/keys/keys.h"
#include "security/landlock/landlock.h"
#include "kernel/time_namespace.h"
#include "kernel/user_namespace.h"

enum kind {
    P_ROOT, P_SELF, P_STAT, P_MEMINFO, P_UPTIME, P_SYSVIPC, P_MSG, P_SEM, P_SHM,
    P_LOADAVG, P_MOUNTS, P_NET, P_NET_UNIX, P_NET_TCP, P_NET_UDP, P_NET_DEV, P_PID, P_PID_STAT, P_PID_CMDLINE, P_PID_STATUS, P_PID_COMM,
    P_SLABINFO, P_SYS, P_SYS_VM, P_DROP_CACHES, P_PID_EXE, P_SYS_FS, P_PIPE_SOFT, P_PIPE_HARD,
    P_PID_LIMITS,
    P_MAX_MAP_COUNT, P_MMAP_MIN_ADDR, P_RAMFS_SIZE, P_RAMFS_INODES,
    P_PID_FD, P_PID_FD_LINK, P_PID_MAPS,
    P_SYS_KERNEL, P_CAP_LAST_CAP, P_PID_MAX, P_NS_LAST_PID, P_THREADS_MAX, P_TAINTED, P_OSTYPE, P_OSRELEASE, P_HOSTNAME,
    P_DOMAINNAME, P_MSGMAX, P_MSGMNB, P_MSGMNI, P_SEM_CTLS, P_SHMMAX, P_SHMALL, P_SHMMNI,
    P_SHM_RMID_FORCED, P_MSG_NEXT_ID, P_SEM_NEXT_ID, P_SHM_NEXT_ID, P_PIPE_MAX_SIZE, P_FILE_MAX, P_NR_OPEN, P_MOUNT_MAX, P_LEASE_BREAK_TIME, P_CONFIG_GZ,
    P_PID_TASK, P_TID,                       /* /proc/<pid>/task and its /<tid> (the thread's pid) */
    P_SYS_NET, P_SYS_IPV4, P_TCP_MAX_TW, P_TCP_FIN_TIMEOUT, P_PORT_RANGE, P_UNPRIV_PORT,
    P_SYS_FS_MQUEUE, P_MQ_MSG_DEFAULT, P_MQ_MSG_MAX, P_MQ_MSGSIZE_DEFAULT, P_MQ_MSGSIZE_MAX,
    P_MQ_QUEUES_MAX,                         /* /proc/sys/fs/mqueue (ipc/mqueue_fs.c) */
    P_PID_STATM, P_PID_SMAPS, P_PID_SMAPS_ROLLUP, P_PID_PAGEMAP, P_PID_PERSONALITY, P_PID_MOUNTS, P_PID_MOUNTINFO,
    P_PID_FDINFO, P_PID_FDINFO_FILE, P_TID_STAT, P_TID_STATUS, P_CPUINFO, P_FILESYSTEMS, P_VERSION,
    P_THREAD_SELF,
    P_SYS_FS_EPOLL, P_EPOLL_WATCHES,         /* /proc/sys/fs/epoll (ipc/eventpoll.c) */
    P_SYS_FS_INOTIFY, P_INOTIFY_QUEUED, P_INOTIFY_INSTANCES, P_INOTIFY_WATCHES,   /* fs/inotify.c */
    P_CORE_PATTERN, P_CORE_USES_PID,         /* kernel/coredump.c */
    P_PID_CWD, P_PID_ROOT,                   /* magic links to its directories */
    P_SCHED_RT_PERIOD, P_SCHED_RT_RUNTIME,
    P_PERF_PARANOID,                         /* kernel/events/core.c */   /* the real-time throttle (kernel/sched_rt.c) */
    P_AIO_NR, P_AIO_MAX_NR,                  /* native AIO (fs/aio.c) */
    P_UNPRIV_USERFAULTFD,                    /* kernel/mm/userfaultfd.c */
    P_KEYS, P_KEY_USERS, P_SYS_KERNEL_KEYS, P_KEYS_MAXKEYS, P_KEYS_MAXBYTES,   /* security/keys/ */
    P_KEYS_ROOT_MAXKEYS, P_KEYS_ROOT_MAXBYTES, P_KEYS_GC_DELAY,
    P_PID_NS, P_PID_NS_LINK,                 /* /proc/<pid>/ns and its links (fs/nsfs.c) */
    P_PID_TIMENS_OFFSETS,                    /* kernel/time_namespace.c */
    P_PID_UID_MAP, P_PID_GID_MAP, P_PID_SETGROUPS,   /* kernel/user_idmap.c */
    P_SYS_USER, P_MAX_USER_NS, P_OVERFLOWUID, P_OVERFLOWGID,   /* kernel/user_namespace.c */
    P_SYS_NET_CORE, P_SOMAXCONN,             /* /proc/sys/net/core (net/net_namespace.c) */
    P_NET_LINK,                              /* /proc/net: "self/net", as Linux */
    P_NET_NETLINK,                           /* /proc/net/netlink (net/netlink.c) */
    P_PID_CGROUP, P_CGROUPS,                 /* kernel/cgroup/ */
    P_NKINDS                                 /* at most 256: the low 8 bits of an inode number */
};

_Static_assert(P_NKINDS <= 256, "a kind must fit the low 8 bits of an inode number");

struct entry { const char *name; enum kind kind; uint32_t mode; };

static const struct entry root_entries[] = {
    { "self", P_SELF, S_IFLNK | 0777 }, { "stat", P_STAT, S_IFREG | 0444 },
    { "meminfo", P_MEMINFO, S_IFREG | 0444 }, { "uptime", P_UPTIME, S_IFREG | 0444 },
    { "sysvipc", P_SYSVIPC, S_IFDIR | 0555 }, { "loadavg", P_LOADAVG, S_IFREG | 0444 },
    { "mounts", P_MOUNTS, S_IFLNK | 0777 }, { "net", P_NET_LINK, S_IFLNK | 0777 },
    { "slabinfo", P_SLABINFO, S_IFREG | 0400 }, { "sys", P_SYS, S_IFDIR | 0555 },
    { "config.gz", P_CONFIG_GZ, S_IFREG | 0444 }, { "cpuinfo", P_CPUINFO, S_IFREG | 0444 },
    { "filesystems", P_FILESYSTEMS, S_IFREG | 0444 }, { "version", P_VERSION, S_IFREG | 0444 },
    { "thread-self", P_THREAD_SELF, S_IFLNK | 0777 },
    { "keys", P_KEYS, S_IFREG | 0444 }, { "key-users", P_KEY_USERS, S_IFREG | 0444 },
    { "cgroups", P_CGROUPS, S_IFREG | 0444 },
};
static const struct entry sys_entries[] = {
    { "fs", P_SYS_FS, S_IFDIR | 0555 }, { "kernel", P_SYS_KERNEL, S_IFDIR | 0555 },
    { "net", P_SYS_NET, S_IFDIR | 0555 }, { "user", P_SYS_USER, S_IFDIR | 0555 },
    { "vm", P_SYS_VM, S_IFDIR | 0555 },
};
static const struct entry user_entries[] = {
    { "max_user_namespaces", P_MAX_USER_NS, S_IFREG | 0644 },
};
static const struct entry sys_net_entries[] = {
    { "core", P_SYS_NET_CORE, S_IFDIR | 0555 }, { "ipv4", P_SYS_IPV4, S_IFDIR | 0555 },
};
static const struct entry net_core_entries[] = {
    { "somaxconn", P_SOMAXCONN, S_IFREG | 0644 },
};
static const struct entry ipv4_entries[] = {
    { "ip_local_port_range", P_PORT_RANGE, S_IFREG | 0644 },
    { "ip_unprivileged_port_start", P_UNPRIV_PORT, S_IFREG | 0644 },
    { "tcp_fin_timeout", P_TCP_FIN_TIMEOUT, S_IFREG | 0644 },
    { "tcp_max_tw_buckets", P_TCP_MAX_TW, S_IFREG | 0644 },
};
static const struct entry fs_entries[] = {
    { "aio-max-nr", P_AIO_MAX_NR, S_IFREG | 0644 },
    { "aio-nr", P_AIO_NR, S_IFREG | 0444 },
    { "epoll", P_SYS_FS_EPOLL, S_IFDIR | 0555 },
    { "file-max", P_FILE_MAX, S_IFREG | 0644 },
    { "inotify", P_SYS_FS_INOTIFY, S_IFDIR | 0555 },
    { "lease-break-time", P_LEASE_BREAK_TIME, S_IFREG | 0644 },
    { "mount-max", P_MOUNT_MAX, S_IFREG | 0644 },
    { "mqueue", P_SYS_FS_MQUEUE, S_IFDIR | 0555 },
    { "nr_open", P_NR_OPEN, S_IFREG | 0644 },
    { "pipe-max-size", P_PIPE_MAX_SIZE, S_IFREG | 0644 },
    { "pipe-user-pages-hard", P_PIPE_HARD, S_IFREG | 0644 },
    { "pipe-user-pages-soft", P_PIPE_SOFT, S_IFREG | 0644 },
    { "ramfs-nr-inodes", P_RAMFS_INODES, S_IFREG | 0644 },
    { "ramfs-size-pages", P_RAMFS_SIZE, S_IFREG | 0644 },
};
static const struct entry mqueue_entries[] = {
    { "msg_default", P_MQ_MSG_DEFAULT, S_IFREG | 0644 }, { "msg_max", P_MQ_MSG_MAX, S_IFREG | 0644 },
    { "msgsize_default", P_MQ_MSGSIZE_DEFAULT, S_IFREG | 0644 },
    { "msgsize_max", P_MQ_MSGSIZE_MAX, S_IFREG | 0644 },
    { "queues_max", P_MQ_QUEUES_MAX, S_IFREG | 0644 },
};
static const struct entry epoll_entries[] = {
    { "max_user_watches", P_EPOLL_WATCHES, S_IFREG | 0644 },
};
static const struct entry inotify_entries[] = {
    { "max_queued_events", P_INOTIFY_QUEUED, S_IFREG | 0644 },
    { "max_user_instances", P_INOTIFY_INSTANCES, S_IFREG | 0644 },
    { "max_user_watches", P_INOTIFY_WATCHES, S_IFREG | 0644 },
};
static const struct entry kernel_entries[] = {
    { "cap_last_cap", P_CAP_LAST_CAP, S_IFREG | 0444 },
    { "core_pattern", P_CORE_PATTERN, S_IFREG | 0644 },
    { "core_uses_pid", P_CORE_USES_PID, S_IFREG | 0644 },
    { "domainname", P_DOMAINNAME, S_IFREG | 0644 }, { "hostname", P_HOSTNAME, S_IFREG | 0644 },
    { "keys", P_SYS_KERNEL_KEYS, S_IFDIR | 0555 },
    { "msg_next_id", P_MSG_NEXT_ID, S_IFREG | 0444 },
    { "msgmax", P_MSGMAX, S_IFREG | 0644 }, { "msgmnb", P_MSGMNB, S_IFREG | 0644 },
    { "msgmni", P_MSGMNI, S_IFREG | 0644 }, { "ns_last_pid", P_NS_LAST_PID, S_IFREG | 0666 },
    { "osrelease", P_OSRELEASE, S_IFREG | 0444 },
    { "ostype", P_OSTYPE, S_IFREG | 0444 },
    { "overflowgid", P_OVERFLOWGID, S_IFREG | 0644 }, { "overflowuid", P_OVERFLOWUID, S_IFREG | 0644 },
    { "perf_event_paranoid", P_PERF_PARANOID, S_IFREG | 0644 },
    { "pid_max", P_PID_MAX, S_IFREG | 0644 },
    { "sched_rt_period_us", P_SCHED_RT_PERIOD, S_IFREG | 0644 },
    { "sched_rt_runtime_us", P_SCHED_RT_RUNTIME, S_IFREG | 0644 },
    { "sem", P_SEM_CTLS, S_IFREG | 0644 }, { "sem_next_id", P_SEM_NEXT_ID, S_IFREG | 0444 },
    { "shm_next_id", P_SHM_NEXT_ID, S_IFREG | 0444 },
    { "shm_rmid_forced", P_SHM_RMID_FORCED, S_IFREG | 0644 },
    { "shmall", P_SHMALL, S_IFREG | 0644 }, { "shmmax", P_SHMMAX, S_IFREG | 0644 },
    { "shmmni", P_SHMMNI, S_IFREG | 0644 }, { "tainted", P_TAINTED, S_IFREG | 0644 },
    { "threads-max", P_THREADS_MAX, S_IFREG | 0644 },
};
static const struct entry keys_entries[] = {
    { "gc_delay", P_KEYS_GC_DELAY, S_IFREG | 0644 },
    { "maxbytes", P_KEYS_MAXBYTES, S_IFREG | 0644 }, { "maxkeys", P_KEYS_MAXKEYS, S_IFREG | 0644 },
    { "root_maxbytes", P_KEYS_ROOT_MAXBYTES, S_IFREG | 0644 },
    { "root_maxkeys", P_KEYS_ROOT_MAXKEYS, S_IFREG | 0644 },
};
static const struct entry vm_entries[] = {
    { "drop_caches", P_DROP_CACHES, S_IFREG | 0200 },
    { "max_map_count", P_MAX_MAP_COUNT, S_IFREG | 0644 },
    { "mmap_min_addr", P_MMAP_MIN_ADDR, S_IFREG | 0644 },
    { "unprivileged_userfaultfd", P_UNPRIV_USERFAULTFD, S_IFREG | 0644 },
};
static const struct entry net_entries[] = {
    { "dev", P_NET_DEV, S_IFREG | 0444 }, { "tcp", P_NET_TCP, S_IFREG | 0444 },
    { "netlink", P_NET_NETLINK, S_IFREG | 0444 },
    { "udp", P_NET_UDP, S_IFREG | 0444 }, { "unix", P_NET_UNIX, S_IFREG | 0444 },
};
static const struct entry ipc_entries[] = {
    { "msg", P_MSG, S_IFREG | 0444 }, { "sem", P_SEM, S_IFREG | 0444 },
    { "shm", P_SHM, S_IFREG | 0444 },
};
static const struct entry pid_entries[] = {
    { "stat", P_PID_STAT, S_IFREG | 0444 }, { "cmdline", P_PID_CMDLINE, S_IFREG | 0444 },
    { "status", P_PID_STATUS, S_IFREG | 0444 }, { "comm", P_PID_COMM, S_IFREG | 0644 },
    { "exe", P_PID_EXE, S_IFLNK | 0777 }, { "limits", P_PID_LIMITS, S_IFREG | 0444 },
    { "cwd", P_PID_CWD, S_IFLNK | 0777 }, { "root", P_PID_ROOT, S_IFLNK | 0777 },
    { "fd", P_PID_FD, S_IFDIR | 0500 }, { "maps", P_PID_MAPS, S_IFREG | 0444 },
    { "task", P_PID_TASK, S_IFDIR | 0555 }, { "statm", P_PID_STATM, S_IFREG | 0444 },
    { "smaps", P_PID_SMAPS, S_IFREG | 0444 }, { "smaps_rollup", P_PID_SMAPS_ROLLUP, S_IFREG | 0444 },
    { "pagemap", P_PID_PAGEMAP, S_IFREG | 0400 }, { "mounts", P_PID_MOUNTS, S_IFREG | 0444 },
    { "mountinfo", P_PID_MOUNTINFO, S_IFREG | 0444 }, { "fdinfo", P_PID_FDINFO, S_IFDIR | 0555 },
    { "personality", P_PID_PERSONALITY, S_IFREG | 0400 }, { "ns", P_PID_NS, S_IFDIR | 0511 },
    { "net", P_NET, S_IFDIR | 0555 },        /* its network namespace's /proc/net */
    { "timens_offsets", P_PID_TIMENS_OFFSETS, S_IFREG | 0644 },
    { "cgroup", P_PID_CGROUP, S_IFREG | 0444 },
    { "uid_map", P_PID_UID_MAP, S_IFREG | 0644 }, { "gid_map", P_PID_GID_MAP, S_IFREG | 0644 },
    { "setgroups", P_PID_SETGROUPS, S_IFREG | 0644 },
};
static const struct entry tid_entries[] = {
    { "stat", P_TID_STAT, S_IFREG | 0444 }, { "status", P_TID_STATUS, S_IFREG | 0444 },
    { "comm", P_PID_COMM, S_IFREG | 0644 }, { "statm", P_PID_STATM, S_IFREG | 0444 },
    { "ns", P_PID_NS, S_IFDIR | 0511 }, { "net", P_NET, S_IFDIR | 0555 },
    { "uid_map", P_PID_UID_MAP, S_IFREG | 0644 }, { "gid_map", P_PID_GID_MAP, S_IFREG | 0644 },
    { "setgroups", P_PID_SETGROUPS, S_IFREG | 0644 }, { "cgroup", P_PID_CGROUP, S_IFREG | 0444 },
};

/* The fixed entries of directory kind k (a pid's directory: its files). */
static const struct entry *entries_of(enum kind k, int *n)
{
    switch (k) {
    case P_ROOT: *n = ARRAY_SIZE(root_entries); return root_entries;
    case P_SYSVIPC: *n = ARRAY_SIZE(ipc_entries); return ipc_entries;
    case P_NET: *n = ARRAY_SIZE(net_entries); return net_entries;
    case P_SYS: *n = ARRAY_SIZE(sys_entries); return sys_entries;
    case P_SYS_VM: *n = ARRAY_SIZE(vm_entries); return vm_entries;
    case P_SYS_FS: *n = ARRAY_SIZE(fs_entries); return fs_entries;
    case P_SYS_FS_MQUEUE: *n = ARRAY_SIZE(mqueue_entries); return mqueue_entries;
    case P_SYS_FS_EPOLL: *n = ARRAY_SIZE(epoll_entries); return epoll_entries;
    case P_SYS_FS_INOTIFY: *n = ARRAY_SIZE(inotify_entries); return inotify_entries;
    case P_SYS_KERNEL: *n = ARRAY_SIZE(kernel_entries); return kernel_entries;
    case P_SYS_KERNEL_KEYS: *n = ARRAY_SIZE(keys_entries); return keys_entries;
    case P_SYS_NET: *n = ARRAY_SIZE(sys_net_entries); return sys_net_entries;
    case P_SYS_IPV4: *n = ARRAY_SIZE(ipv4_entries); return ipv4_entries;
    case P_SYS_USER: *n = ARRAY_SIZE(user_entries); return user_entries;
    case P_SYS_NET_CORE: *n = ARRAY_SIZE(net_core_entries); return net_core_entries;
    case P_PID_TASK: *n = 0; return NULL;
    case P_TID: *n = ARRAY_SIZE(tid_entries); return tid_entries;
    default: *n = ARRAY_SIZE(pid_entries); return pid_entries;
    }
}

/* A procfs instance (Linux's proc_fs_info): one per mount since 5.8,
 * each with its own device and its options; the boot one is /proc's.
 * It lives while mounted (or held by a context) and while any of its
 * inodes does: refs counts those and one for being mounted. */
enum { HIDEPID_OFF = 0, HIDEPID_NO_ACCESS = 1, HIDEPID_INVISIBLE = 2, HIDEPID_NOT_PTRACEABLE = 4 };
struct proc_fs_info {
    struct super_block sb;
    int refs;
    int hide_pid;                            /* HIDEPID_* */
    uint32_t pid_gid;                        /* gid=: exempt from hide_pid */
    bool pidonly;                            /* subset=pid */
    struct pid_namespace *pid_ns;            /* the mounter's: the processes it shows, by its
                                                numbers (referenced; NULL: the initial) */
};

/* Whose numbers the file being made shows (generate). */
struct pid_namespace *proc_ns = &init_pid_ns;
int proc_nr(int id) { return pid_nr_ns(id, proc_ns); }

static struct pid_namespace *fs_pid_ns(const struct proc_fs_info *fs)
{
    return fs->pid_ns ? fs->pid_ns : &init_pid_ns;
}

/* The task number nr names in fs's namespace (one it sees), or NULL. */
static struct task *fs_task(const struct proc_fs_info *fs, int nr)
{
    struct task *t = task_find(pid_from_ns(nr, fs_pid_ns(fs)));
    return t && pid_nr_ns(t->pid, fs_pid_ns(fs)) == nr ? t : NULL;
}
#define PROC_ROOT_INO 1                      /* as Linux's; no PROC_INO is 1 */

static struct proc_fs_info *proc_info(const struct inode *ip)
{
    return ip->i_sb->s_fs_info;
}

static void proc_info_put(struct proc_fs_info *fs);
static void proc_evict(struct inode *ip);
extern const char config_gz[], config_gz_end[];      /* /proc/config.gz (Makefile) */
extern char core_pattern[128];                        /* kernel/coredump.c */
extern uint32_t core_uses_pid;

#define PROC_INO(kind, pid) (0x40000000u | ((uint32_t)(pid) << 8) | (uint32_t)(kind))
#define KIND(ip) ((enum kind)((ip)->i_ino & 255))
#define PID(ip) ((int)(((ip)->i_ino & 0x3FFFFFFFu) >> 8))

static const struct inode_operations proc_dir_iops, proc_link_iops, proc_file_iops;
static const struct file_operations proc_dir_fops, proc_file_fops;

/* A new inode of instance sb (which it holds), for kind of process pid
 * (0: none). NULL when out of memory. */
static struct inode *proc_inode(struct super_block *sb, enum kind kind, int pid, uint32_t mode)
{
    struct inode *ip = inode_alloc(mode);
    if (!ip)
        return NULL;
    ip->i_ino = PROC_INO(kind, pid);
    ip->i_dev = sb->s_dev;
    ip->i_sb = sb;
    ((struct proc_fs_info *)sb->s_fs_info)->refs++;
    ip->i_uid = ip->i_gid = 0;
    if (pid) {                               /* a process that is not dumpable: root's */
        struct task *t = task_find(pid);
        if (t && t->dumpable) { ip->i_uid = t->euid; ip->i_gid = t->egid; }
    }
    if (kind == P_CONFIG_GZ)
        ip->i_size = config_gz_end - config_gz;
    ip->i_op = S_ISDIR(mode) ? &proc_dir_iops : S_ISLNK(mode) ? &proc_link_iops : &proc_file_iops;
    ip->i_fop = S_ISDIR(mode) ? &proc_dir_fops : &proc_file_fops;
    return ip;
}

static bool live(struct task *t) { return t->state != TASK_UNUSED && t->pid > 0; }

/* What a directory lists after its fixed entries: /proc its processes
 * (thread group leaders), /proc/<pid>/task the threads of process pid;
 * those of the instance's pid namespace. */
static bool listed(const struct proc_fs_info *fs, enum kind k, int pid, struct task *t)
{
    if (!live(t) || !pid_nr_ns(t->pid, fs_pid_ns(fs)))
        return false;
    return k == P_ROOT ? t->pid == t->tgid : k == P_PID_TASK && t->tgid == pid;
}

/* /proc/<pid>/task/<tid>: a thread of that process, or -ENOENT. */
static int lookup_tid(struct super_block *sb, int pid, int tid, struct inode **res)
{
    struct task *t = fs_task(sb->s_fs_info, tid);
    if (!t || t->tgid != pid || !task_find(pid))
        return -ENOENT;
    *res = proc_inode(sb, P_TID, t->pid, S_IFDIR | 0555);
    return *res ? 0 : -ENOMEM;
}

static int parse_pid(const char *name, int len)
{
    int pid = 0;
    if (len == 0 || len > 6)
        return 0;
    for (int i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return 0;
        pid = pid * 10 + (name[i] - '0');
    }
    return pid;
}

static int lookup_in(struct super_block *sb, const struct entry *e, int n, const char *name, int len,
                     int pid, struct inode **res)
{
    for (int i = 0; i < n; i++)
        if ((int)strlen(e[i].name) == len && !memcmp(e[i].name, name, len)) {
            *res = proc_inode(sb, e[i].kind, pid, e[i].mode);
            return *res ? 0 : -ENOMEM;
        }
    return -ENOENT;
}

/* The mode of a descriptor's link, as Linux's: r-x for reading, -wx for
 * writing, for the owner only. The descriptor is kept in i_private. */
static int fd_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    struct task *t = task_find(PID(dir));
    int fd = (len == 1 && name[0] == '0') ? 0 : parse_pid(name, len);
    if (!t || (name[0] == '0' && len > 1) || (fd == 0 && name[0] != '0') || fd >= t->nr_fds ||
        !t->files[fd])
        return -ENOENT;
    uint32_t fm = t->files[fd]->f_mode, mode = S_IFLNK;
    mode |= (fm & FMODE_READ ? 0500 : 0) | (fm & FMODE_WRITE ? 0300 : 0);
    bool info = KIND(dir) == P_PID_FDINFO;
    *res = proc_inode(dir->i_sb, info ? P_PID_FDINFO_FILE : P_PID_FD_LINK, PID(dir), info ? S_IFREG | 0444 : mode);
    if (!*res)
        return -ENOMEM;
    (*res)->i_private = (void *)(uintptr_t)fd;
    return 0;
}

/* /proc/<pid>/ns/<name>: a link whose entry (fs/nsfs.c) is kept in
 * i_private, or -ENOENT. */
static int ns_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    for (int i = 0; ns_entry_name(i); i++)
        if ((int)strlen(ns_entry_name(i)) == len && !memcmp(ns_entry_name(i), name, len)) {
            *res = proc_inode(dir->i_sb, P_PID_NS_LINK, PID(dir), S_IFLNK | 0777);
            if (!*res)
                return -ENOMEM;
            (*res)->i_private = (void *)(uintptr_t)i;
            return 0;
        }
    return -ENOENT;
}

/* readdir of /proc/<pid>/ns from offset pos on (2 + its entry). */
static int ns_readdir(struct file *f, void *ctx, filldir_t fill)
{
    int pid = PID(f->f_inode);
    for (loff_t pos = f->f_pos; ns_entry_name((int)pos - 2); pos++) {
        const char *name = ns_entry_name((int)pos - 2);
        if (!fill(ctx, name, (int)strlen(name), pos + 1, PROC_INO(P_PID_NS_LINK, pid), S_IFLNK >> 12))
            return 0;
        f->f_pos = pos + 1;
    }
    return 0;
}

/* readdir of /proc/<pid>/fd (links) or fdinfo (files) from offset pos
 * on (2 + fd for each open descriptor): Linux's offsets. */
static int fd_readdir(struct file *f, void *ctx, filldir_t fill)
{
    struct task *t = task_find(PID(f->f_inode));
    bool info = KIND(f->f_inode) == P_PID_FDINFO;
    for (loff_t pos = f->f_pos; t && pos >= 2 && pos < 2 + t->nr_fds; pos++) {
        char name[12];
        if (!t->files[pos - 2])
            continue;
        int len = snprintf(name, sizeof name, "%d", (int)(pos - 2));
        if (!fill(ctx, name, len, pos + 1, PROC_INO(info ? P_PID_FDINFO_FILE : P_PID_FD_LINK, t->pid),
                  (info ? S_IFREG : S_IFLNK) >> 12))
            return 0;
        f->f_pos = pos + 1;
    }
    if (t && f->f_pos < 2 + t->nr_fds)
        f->f_pos = 2 + t->nr_fds;           /* past the table: a later call sees what opened since */
    return 0;
}

/* Linux's has_pid_permissions: whether current may see process t on
 * instance fs where its hidepid is at least hide_pid_min: hidepid=4 asks
 * ptrace read access (gid= or not), a lower one passes, else a member of
 * gid= or a caller with ptrace read access. */
static bool has_pid_permissions(struct proc_fs_info *fs, struct task *t, int hide_pid_min)
{
    if (fs->hide_pid == HIDEPID_NOT_PTRACEABLE)
        return proc_may_read(t);
    if (fs->hide_pid < hide_pid_min)
        return true;
    return in_group(fs->pid_gid) || proc_may_read(t);
}

/* Linux's proc_pid_permission, before the mode bits: a process's
 * directory (its task directory, a thread's) hidden by hidepid= refuses
 * its walk and open with EPERM (hidepid=1), ENOENT (hidepid=2); once the
 * process is reaped, ESRCH. */
static int proc_permission(struct inode *ip, int mask)
{
    (void)mask;
    if (ip->i_ino == PROC_ROOT_INO || (KIND(ip) != P_PID && KIND(ip) != P_TID && KIND(ip) != P_PID_TASK))
        return 0;
    struct task *t = task_find(PID(ip));
    if (!t)
        return -ESRCH;
    if (has_pid_permissions(proc_info(ip), t, HIDEPID_NO_ACCESS))
        return 0;
    return proc_info(ip)->hide_pid == HIDEPID_INVISIBLE ? -ENOENT : -EPERM;
}

/* The kind of directory ip (its root is no PROC_INO). */
static enum kind dir_kind(struct inode *ip)
{
    return ip->i_ino == PROC_ROOT_INO ? P_ROOT : KIND(ip);
}

static struct task *ns_task(int pid);       /* a task that still has its namespaces */

static int proc_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    enum kind k = dir_kind(dir);
    struct proc_fs_info *fs = proc_info(dir);
    if (len == 1 && name[0] == '.') {
        inode_get(dir);
        *res = dir;
        return 0;
    }
    if (len == 2 && name[0] == '.' && name[1] == '.' &&
        (k == P_PID_FD || k == P_PID_FDINFO || k == P_PID_NS || (k == P_NET && PID(dir)))) {
        *res = proc_inode(dir->i_sb, P_PID, PID(dir), S_IFDIR | 0555);
        return *res ? 0 : -ENOMEM;
    }
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        /* (a mount's walk goes up before it asks: the root's stays, as
         * at a detached mount's root; an unmounted instance has none) */
        *res = k == P_ROOT ? dir : dir->i_sb->s_root;
        if (!*res)
            return -ENOENT;
        inode_get(*res);
        return 0;
    }
    int n, pid = parse_pid(name, len);
    const struct entry *e = entries_of(k, &n);
    if (k == P_PID_FD || k == P_PID_FDINFO)
        return fd_lookup(dir, name, len, res);
    if (k == P_PID_NS)
        return task_find(PID(dir)) ? ns_lookup(dir, name, len, res) : -ENOENT;
    if (k == P_NET && PID(dir))              /* an exited task has no namespace (Linux's nsproxy) */
        return ns_task(PID(dir)) ? lookup_in(dir->i_sb, e, n, name, len, PID(dir), res) : -ENOENT;
    if (k == P_PID || k == P_TID)
        return task_find(PID(dir)) ? lookup_in(dir->i_sb, e, n, name, len, PID(dir), res) : -ENOENT;
    if (k == P_PID_TASK)
        return pid ? lookup_tid(dir->i_sb, PID(dir), pid, res) : -ENOENT;
    if (k == P_ROOT && pid) {                /* hidepid=2 and 4 hide it (Linux: ENOENT from
                                                getattr and permission, or lookup) */
        struct task *t = fs_task(fs, pid);
        if (!t || !has_pid_permissions(fs, t, HIDEPID_INVISIBLE))
            return -ENOENT;
        *res = proc_inode(dir->i_sb, P_PID, t->pid, S_IFDIR | 0555);
        return *res ? 0 : -ENOMEM;
    }
    if (k == P_ROOT && fs->pidonly &&        /* subset=pid: the processes, self, thread-self */
        !(len == 4 && !memcmp(name, "self", 4)) && !(len == 11 && !memcmp(name, "thread-self", 11)))
        return -ENOENT;
    return lookup_in(dir->i_sb, e, n, name, len, 0, res);
}

/* Whether readdir of the root of fs shows fixed entry x: all of them
 * but under subset=pid, which has only self and thread-self (and, as
 * Linux's, neither "." nor ".."). */
static bool root_shows(struct proc_fs_info *fs, const struct entry *x)
{
    return !fs->pidonly || x->kind == P_SELF || x->kind == P_THREAD_SELF;
}

/* Directory offsets: 0 ".", 1 "..", then 2 + index into the fixed
 * entries, then (root only) 100 + task slot for each live process
 * that hidepid= lets the caller see. */
static int proc_readdir(struct file *f, void *ctx, filldir_t fill)
{
    struct inode *dir = f->f_inode;
    enum kind k = dir_kind(dir);
    struct proc_fs_info *fs = proc_info(dir);
    bool nodots = k == P_ROOT && fs->pidonly;
    int n;
    const struct entry *e = entries_of(k, &n);
    int pid = k == P_PID || k == P_PID_TASK || k == P_TID || k == P_NET ? PID(dir) : 0;
    bool lists = k == P_ROOT || k == P_PID_TASK;
    for (;;) {
        loff_t pos = f->f_pos;
        bool ok;
        if ((k == P_PID_FD || k == P_PID_FDINFO) && pos >= 2)
            return fd_readdir(f, ctx, fill);
        if (k == P_PID_NS && pos >= 2)
            return ns_readdir(f, ctx, fill);
        if (pos == 0) {
            ok = nodots || fill(ctx, ".", 1, 1, dir->i_ino, S_IFDIR >> 12);
        } else if (pos == 1) {
            ok = nodots || fill(ctx, "..", 2, 2, PROC_ROOT_INO, S_IFDIR >> 12);
        } else if (pos < 2 + n) {
            const struct entry *x = &e[pos - 2];
            ok = (k == P_ROOT && !root_shows(fs, x)) ||
                 fill(ctx, x->name, (int)strlen(x->name), pos + 1, PROC_INO(x->kind, pid), (x->mode >> 12) & 15);
        } else if (lists && pos < 100 + NR_TASKS) {
            int slot = pos < 100 ? 0 : (int)(pos - 100);
            while (slot < task_slots_used() && (!listed(fs, k, pid, &tasks[slot]) ||
                   (k == P_ROOT && !has_pid_permissions(fs, &tasks[slot], HIDEPID_INVISIBLE))))
                slot++;
            if (slot >= task_slots_used()) {
                f->f_pos = 100 + NR_TASKS;
                return 0;
            }
            char name[12];
            int len = snprintf(name, sizeof name, "%d", pid_nr_ns(tasks[slot].pid, fs_pid_ns(fs)));
            ok = fill(ctx, name, len, 100 + slot + 1, PROC_INO(k == P_ROOT ? P_PID : P_TID, tasks[slot].pid),
                      S_IFDIR >> 12);
            pos = 100 + slot;
        } else {
            return 0;
        }
        if (!ok)
            return 0;
        f->f_pos = pos < 2 + n ? pos + 1 : (pos < 100 ? 100 : pos + 1);
    }
}

/* Whether current may see where t's program is, as Linux's ptrace read
 * check with the caller's file-system ids (PTRACE_MODE_FSCREDS): itself, a
 * holder of CAP_SYS_PTRACE, or a caller whose ids are all t's ids and
 * whose effective capabilities hold t's permitted ones, and then only if
 * t is dumpable or it holds CAP_SYS_PTRACE where t's program was exec'd
 * (ptrace_dumpable_ok); then, for another process, a Landlock sandbox only for
 * a task in its domain or one stacked on it (the LSM's word, last). */
bool proc_may_read(struct task *t)
{
    uint32_t uid = current->fsuid, gid = current->fsgid;
    if (t->tgid == current->tgid)             /* its own threads: itself, as Linux */
        return true;
    bool ids = ns_capable(task_user_ns(t), CAP_SYS_PTRACE) ||
               (uid == t->uid && uid == t->euid && uid == t->suid &&
                gid == t->gid && gid == t->egid && gid == t->sgid &&
                ptrace_caps_ok(t, current->cap_effective));
    return ids && ptrace_dumpable_ok(t) && landlock_ptrace(current, t) == 0;
}

/* /proc/<pid>/exe: the absolute path the program was exec'd from, with
 * " (deleted)" once its file has no name left, as Linux shows it. A
 * process without a program (a zombie) has no target: -ENOENT. */
static int exe_link(int pid, char *kbuf, size_t size)
{
    struct task *t = task_find(pid);
    if (!t || !t->mm || !t->mm->exe_path)
        return -ENOENT;
    if (!proc_may_read(t))
        return -EACCES;
    const char *parts[2] = { t->mm->exe_path, t->mm->exe->i_nlink ? "" : " (deleted)" };
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        size_t k = MIN(strlen(parts[i]), size - n);
        memcpy(kbuf + n, parts[i], k);
        n += k;
    }
    return (int)n;
}

/* The directory /proc/<pid>/cwd or root (kind) stands for: referenced,
 * or -ENOENT (the process is gone), -EACCES (Linux's ptrace read check). */
static int dir_link_inode(int pid, enum kind kind, struct inode **res, struct mount **mnt)
{
    struct task *t = task_find(pid);
    if (!t || !t->fs || !t->fs->cwd)
        return -ENOENT;
    if (!proc_may_read(t))
        return -EACCES;
    *res = kind == P_PID_ROOT ? (t->fs->root ? t->fs->root : fs_root) : t->fs->cwd;
    if (mnt) {                               /* (NULL in fs_struct: its tree's root mount) */
        *mnt = kind == P_PID_ROOT ? t->fs->root_mnt : t->fs->cwd_mnt;
        if (!*mnt)
            *mnt = (t->mnt_ns ? t->mnt_ns : &init_mnt_ns)->root;
    }
    inode_get(*res);
    return 0;
}

/* The task of /proc/<pid>/ns, or NULL once it exited (its namespaces
 * are let go of then, as Linux's nsproxy). */
static struct task *ns_task(int pid)
{
    struct task *t = task_find(pid);
    return t && t->state != TASK_ZOMBIE && t->fs ? t : NULL;
}

/* The targets of /proc/self (current's process id, for a thread too),
 * /proc/thread-self (pid/task/tid), /proc/mounts (self/mounts),
 * /proc/<pid>/exe, cwd, root and fd/N, cut at size bytes (readlink(2)
 * truncates silently). */
static int proc_readlink(struct inode *ip, char *kbuf, size_t size)
{
    char b[32];
    if (KIND(ip) == P_PID_EXE)
        return exe_link(PID(ip), kbuf, size);
    if (KIND(ip) == P_PID_CWD || KIND(ip) == P_PID_ROOT) {
        struct inode *dir;
        int r = dir_link_inode(PID(ip), KIND(ip), &dir, NULL);
        if (r)
            return r;
        r = proc_name_link(NULL, dir, kbuf, size);
        inode_put(dir);
        return r;
    }
    if (KIND(ip) == P_PID_FD_LINK) {
        struct task *t = task_find(PID(ip));
        if (!t)
            return -ENOENT;
        if (!proc_may_read(t))
            return -EACCES;
        return proc_fd_link(t, (int)(uintptr_t)ip->i_private, kbuf, size);
    }
    if (KIND(ip) == P_PID_NS_LINK) {
        struct task *t = ns_task(PID(ip));
        if (!t)
            return -ENOENT;
        if (!proc_may_read(t))
            return -EACCES;
        return ns_entry_readlink((int)(uintptr_t)ip->i_private, t, kbuf, size);
    }
    struct pid_namespace *ns = fs_pid_ns(proc_info(ip));
    int tgid = pid_nr_ns(current->tgid, ns), tid = pid_nr_ns(current->pid, ns);
    if (KIND(ip) != P_MOUNTS && KIND(ip) != P_NET_LINK && !tgid)
        return -ENOENT;                      /* current is not in the instance's namespace */
    int n = KIND(ip) == P_MOUNTS ? snprintf(b, sizeof b, "self/mounts")
          : KIND(ip) == P_NET_LINK ? snprintf(b, sizeof b, "self/net")
          : KIND(ip) == P_THREAD_SELF ? snprintf(b, sizeof b, "%d/task/%d", tgid, tid)
          : snprintf(b, sizeof b, "%d", tgid);
    n = MIN(n, (int)size);
    memcpy(kbuf, b, n);
    return n;
}

/* /proc/<pid>/fd/N as a magic link, as Linux's: a walk through it reaches
 * the open file's own inode, so a memfd, or a file whose name is gone, can
 * be opened again, and so can an anonymous pipe (fifo_open); a socket or
 * an anonymous inode (eventfd, epoll...) is reached to be refused ENXIO
 * (fs/open.c). Other files (named FIFOs, devices, directories) are walked
 * by their text, their absolute path, as any other link here.
 * /proc/<pid>/cwd and root always reach the directory itself. */
static int proc_link_inode(struct inode *ip, struct inode **res, struct mount **mnt)
{
    if (KIND(ip) == P_PID_CWD || KIND(ip) == P_PID_ROOT)
        return dir_link_inode(PID(ip), KIND(ip), res, mnt);   /* always the directory itself */
    if (KIND(ip) == P_PID_NS_LINK) {         /* the namespace's nsfs inode */
        struct task *t = ns_task(PID(ip));
        if (!t)
            return -ENOENT;
        if (!proc_may_read(t))
            return -EACCES;
        return ns_entry_inode((int)(uintptr_t)ip->i_private, t, res);
    }
    if (KIND(ip) == P_PID_EXE) {             /* a walk refused as readlink is (EACCES) */
        char none[1];
        int r = exe_link(PID(ip), none, 0);
        return r < 0 ? r : 1;
    }
    if (KIND(ip) != P_PID_FD_LINK)
        return 1;
    struct task *t = task_find(PID(ip));
    int fd = (int)(uintptr_t)ip->i_private;
    if (!t || fd < 0 || fd >= t->nr_fds || !t->files[fd])
        return -ENOENT;
    if (!proc_may_read(t))
        return -EACCES;
    struct inode *target = t->files[fd]->f_inode;
    uint32_t type = target->i_mode & S_IFMT;
    if (type != S_IFREG && type != S_IFSOCK && type != 0 && !pipe_inode_anon(target))
        return 1;
    *res = target;
    *mnt = t->files[fd]->f_mnt;
    inode_get(*res);
    return 0;
}

/* The files of /proc/sys (fs/proc_sys.h): a number and the values a
 * write may give it, as Linux bounds them on i386; a string; or a show
 * and a store of their own. write_cap: the capability Linux asks of any
 * writer, whatever the file's mode (CAP_SYS_RAWIO for mmap_min_addr,
 * CAP_SYS_ADMIN for tainted). The ramfs limits are Pipit's stand-in for
 * `mount -o remount,size=`. */
#define INT_MAX_K 0x7FFFFFFFu
static uint32_t cap_last_cap = CAP_LAST_CAP;
#define NUM(k, var, lo, hi) { .kind = k, .data = &(var), .min = lo, .max = hi, .count = 1, \
                              .show = sysctl_show_uint, .store = sysctl_store_uint }
#define IPC(k, field, lo, hi) { .kind = k, .data = &init_ipc_ns.field, .min = lo, .max = hi, .count = 1, \
                                .ns = SYSCTL_NS_IPC, .show = sysctl_show_uint, .store = sysctl_store_uint }
#define UTS(k, field) { .kind = k, .data = init_uts_ns.name.field, .count = sizeof(init_uts_ns.name.field), \
                        .ns = SYSCTL_NS_UTS, .show = sysctl_show_string, .store = sysctl_store_string }
#define NET(k, field, lo, hi) { .kind = k, .data = &init_net.field, .min = lo, .max = hi, .count = 1, \
                                .ns = SYSCTL_NS_NET, .show = sysctl_show_uint, .store = sysctl_store_uint }
#define STR(k, field, w) { .kind = k, .data = (field), .count = sizeof(field), \
                           .show = sysctl_show_string, .store = (w) ? sysctl_store_string : NULL }
static const struct sysctl sysctls[] = {
    NUM(P_PIPE_SOFT, pipe_user_pages_soft, 0, 0xFFFFFFFFu),
    NUM(P_PIPE_HARD, pipe_user_pages_hard, 0, 0xFFFFFFFFu),
    { .kind = P_PIPE_MAX_SIZE, .data = &pipe_max_size, .count = 1, .show = sysctl_show_uint,
      .store = sysctl_store_pipe_max },
    NUM(P_FILE_MAX, files_max, 0, INT_MAX_K),
    NUM(P_AIO_MAX_NR, aio_max_nr, 0, 0xFFFFFFFFu),
    { .kind = P_AIO_NR, .data = &aio_nr, .count = 1, .show = sysctl_show_uint },
    NUM(P_EPOLL_WATCHES, epoll_max_user_watches, 0, INT_MAX_K),
    NUM(P_INOTIFY_QUEUED, inotify_max_queued_events, 0, INT_MAX_K),
    NUM(P_INOTIFY_INSTANCES, inotify_max_user_instances, 0, INT_MAX_K),
    NUM(P_INOTIFY_WATCHES, inotify_max_user_watches, 0, INT_MAX_K),
    NUM(P_NR_OPEN, sysctl_nr_open, 32, 0x3FFFFFE0u),
    NUM(P_MOUNT_MAX, sysctl_mount_max, 1, INT_MAX_K),
    NUM(P_LEASE_BREAK_TIME, lease_break_time, 0, INT_MAX_K),
    STR(P_CORE_PATTERN, core_pattern, true), NUM(P_CORE_USES_PID, core_uses_pid, 0, INT_MAX_K),
    NUM(P_MAX_MAP_COUNT, sysctl_max_map_count, 0, INT_MAX_K),
    NUM(P_UNPRIV_USERFAULTFD, sysctl_unprivileged_userfaultfd, 0, 1),
    { .kind = P_MMAP_MIN_ADDR, .data = &mmap_min_addr, .max = 0xFFFFFFFFu, .count = 1,
      .write_cap = CAP_SYS_RAWIO, .show = sysctl_show_uint, .store = sysctl_store_uint },
    { .kind = P_DROP_CACHES, .store = sysctl_store_drop_caches },
    { .kind = P_RAMFS_SIZE, .data = &ramfs_root_sb.max_blocks, .count = 1, .write_cap = CAP_SYS_ADMIN,
      .show = sysctl_show_uint, .store = sysctl_store_ramfs },
    { .kind = P_RAMFS_INODES, .data = &ramfs_root_sb.max_inodes, .count = 1, .write_cap = CAP_SYS_ADMIN,
      .show = sysctl_show_uint, .store = sysctl_store_ramfs },
    NUM(P_PID_MAX, pid_max, RESERVED_PIDS + 1, PID_MAX_LIMIT),
    /* the last pid given in current's pid namespace; set, the next is one more
     * (its writer: CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE in the owner) */
    { .kind = P_NS_LAST_PID, .data = &init_pid_ns.last_pid, .max = PID_MAX_LIMIT, .count = 1,
      .ns = SYSCTL_NS_PID, .show = sysctl_show_int, .store = sysctl_store_uint },
    NUM(P_KEYS_MAXKEYS, key_quota_maxkeys, 1, INT_MAX_K),
    NUM(P_KEYS_MAXBYTES, key_quota_maxbytes, 1, INT_MAX_K),
    NUM(P_KEYS_ROOT_MAXKEYS, key_quota_root_maxkeys, 1, INT_MAX_K),
    NUM(P_KEYS_ROOT_MAXBYTES, key_quota_root_maxbytes, 1, INT_MAX_K),
    NUM(P_KEYS_GC_DELAY, key_gc_delay, 0, INT_MAX_K),
    NUM(P_THREADS_MAX, max_threads, 1, 0x3FFFFFFFu),
    { .kind = P_SCHED_RT_PERIOD, .data = &sysctl_sched_rt_period, .count = 1,
      .show = sysctl_show_int, .store = sysctl_store_sched_rt },
    { .kind = P_SCHED_RT_RUNTIME, .data = &sysctl_sched_rt_runtime, .count = 1,
      .show = sysctl_show_int, .store = sysctl_store_sched_rt },
    { .kind = P_PERF_PARANOID, .data = &sysctl_perf_event_paranoid, .count = 1,
      .show = sysctl_show_int, .store = sysctl_store_int },
    { .kind = P_CAP_LAST_CAP, .data = &cap_last_cap, .count = 1, .show = sysctl_show_uint },
    { .kind = P_TAINTED, .data = &tainted_mask, .count = 1, .write_cap = CAP_SYS_ADMIN,
      .show = sysctl_show_uint, .store = sysctl_store_taint },
    STR(P_OSTYPE, init_uts_ns.name.sysname, false), STR(P_OSRELEASE, init_uts_ns.name.release, false),
    UTS(P_HOSTNAME, nodename), UTS(P_DOMAINNAME, domainname),
    /* an IPC namespace's: current's (as Linux, the files are the same) */
    IPC(P_MSGMAX, msg_ctlmax, 0, INT_MAX_K), IPC(P_MSGMNB, msg_ctlmnb, 0, INT_MAX_K),
    IPC(P_MSGMNI, msg_ctlmni, 0, IPCMNI),
    IPC(P_MQ_QUEUES_MAX, mq_queues_max, 0, INT_MAX_K),
    IPC(P_MQ_MSG_MAX, mq_msg_max, MIN_MSGMAX, HARD_MSGMAX),
    IPC(P_MQ_MSGSIZE_MAX, mq_msgsize_max, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX),
    IPC(P_MQ_MSG_DEFAULT, mq_msg_default, MIN_MSGMAX, HARD_MSGMAX),
    IPC(P_MQ_MSGSIZE_DEFAULT, mq_msgsize_default, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX),
    { .kind = P_SEM_CTLS, .data = init_ipc_ns.sem_ctls, .max = INT_MAX_K, .count = 4,
      .ns = SYSCTL_NS_IPC, .show = sysctl_show_uint, .store = sysctl_store_sem },
    IPC(P_SHMMAX, shm_ctlmax, 0, 0xFFFFFFFFu), IPC(P_SHMALL, shm_ctlall, 0, 0xFFFFFFFFu),
    IPC(P_SHMMNI, shm_ctlmni, 0, IPCMNI),
    { .kind = P_SHM_RMID_FORCED, .data = &init_ipc_ns.shm_rmid_forced, .max = 1, .count = 1,
      .ns = SYSCTL_NS_IPC, .show = sysctl_show_uint, .store = sysctl_store_rmid_forced },
    /* kernel.*_next_id: the id the next object of a kind gets (then -1
     * again); shown 0444, written by root (Linux: CAP_CHECKPOINT_RESTORE) */
    { .kind = P_MSG_NEXT_ID, .data = &init_ipc_ns.ids[IPC_MSG_IDS].next_id, .max = INT_MAX_K,
      .count = 1, .ns = SYSCTL_NS_IPC, .show = sysctl_show_int, .store = sysctl_store_uint,
      .root_writes = true },
    { .kind = P_SEM_NEXT_ID, .data = &init_ipc_ns.ids[IPC_SEM_IDS].next_id, .max = INT_MAX_K,
      .count = 1, .ns = SYSCTL_NS_IPC, .show = sysctl_show_int, .store = sysctl_store_uint,
      .root_writes = true },
    { .kind = P_SHM_NEXT_ID, .data = &init_ipc_ns.ids[IPC_SHM_IDS].next_id, .max = INT_MAX_K,
      .count = 1, .ns = SYSCTL_NS_IPC, .show = sysctl_show_int, .store = sysctl_store_uint,
      .root_writes = true },
    /* a network namespace's: current's */
    NET(P_TCP_MAX_TW, sysctl_tcp_max_tw_buckets, 0, INT_MAX_K),
    NET(P_TCP_FIN_TIMEOUT, sysctl_tcp_fin_timeout, 1, 120),
    { .kind = P_PORT_RANGE, .data = init_net.sysctl_ip_local_port_range, .min = 1, .max = 65535, .count = 2,
      .ns = SYSCTL_NS_NET, .show = sysctl_show_uint, .store = sysctl_store_uint },
    NET(P_UNPRIV_PORT, sysctl_ip_unprivileged_port_start, 0, 65535),
    NET(P_SOMAXCONN, sysctl_somaxconn, 0, INT_MAX_K),
    /* a user namespace's: current's, writable with CAP_SYS_RESOURCE there */
    { .kind = P_MAX_USER_NS, .data = &init_user_ns.max_user_namespaces, .max = INT_MAX_K, .count = 1,
      .ns = SYSCTL_NS_USER, .show = sysctl_show_int, .store = sysctl_store_uint },
    NUM(P_OVERFLOWUID, overflowuid, 0, 65535), NUM(P_OVERFLOWGID, overflowgid, 0, 65535),
};

static const struct sysctl *sysctl_of(enum kind k)
{
    for (size_t i = 0; i < ARRAY_SIZE(sysctls); i++)
        if (sysctls[i].kind == (int)k)
            return &sysctls[i];
    return NULL;
}

/* A file of /proc/net (/proc/<pid>/net) about namespace net. */
static int net_show(enum kind k, struct net *net, char *buf, int size)
{
    switch (k) {
    case P_NET_UNIX: return unix_proc_show(net, buf, size);
    case P_NET_TCP:  return tcp_proc_show(net, buf, size);
    case P_NET_UDP:  return udp_proc_show(net, buf, size);
    case P_NET_NETLINK: return netlink_proc_show(net, buf, size);
    default:         return dev_proc_show(net, buf, size);
    }
}

/* The text of a file that is not a process's. */
static int system_show(enum kind k, char *buf, int size)
{
    const struct sysctl *sc = sysctl_of(k);
    if (sc)
        return sc->show ? sc->show(sc, buf, size) : 0;
    switch (k) {
    case P_CONFIG_GZ:
        memcpy(buf, config_gz, MIN(size, config_gz_end - config_gz));
        return config_gz_end - config_gz;
    case P_STAT: return proc_stat_sys_show(buf, size);
    case P_LOADAVG: return proc_loadavg_show(buf, size);
    case P_MEMINFO: return proc_meminfo_show(buf, size);
    case P_SLABINFO: return kmalloc_show(buf, size);
    case P_FILESYSTEMS: return proc_filesystems_show(buf, size);
    case P_CPUINFO: return proc_cpuinfo_show(buf, size);
    case P_VERSION:                          /* Linux's banner: who built it, with what */
        return snprintf(buf, size, "%s version %s (pipit@pipit) (gcc version " __VERSION__ ") %s\n",
                        init_uts_ns.name.sysname, init_uts_ns.name.release, init_uts_ns.name.version);
    case P_UPTIME: return proc_uptime_show(buf, size);
    case P_MSG: return msg_proc_show(buf, size);
    case P_SEM: return sem_proc_show(buf, size);
    case P_SHM: return shm_proc_show(buf, size);
    case P_KEYS: return proc_keys_show(buf, size);
    case P_KEY_USERS: return proc_key_users_show(buf, size);
    case P_CGROUPS: return proc_cgroupstats_show(buf, size);
    default: return -EINVAL;
    }
}

/* The text of one of process t's files. */
static int pid_show(enum kind k, struct task *t, char *buf, int size)
{
    switch (k) {
    case P_PID_STAT: return proc_stat_show(t, true, buf, size);
    case P_TID_STAT: return proc_stat_show(t, false, buf, size);
    case P_PID_STATUS: case P_TID_STATUS: return proc_status_show(t, buf, size);
    case P_PID_STATM: return proc_statm_show(t, buf, size);
    case P_PID_MOUNTS: return proc_mounts_show(buf, size);
    case P_PID_MOUNTINFO: return proc_mountinfo_show(buf, size);
    case P_PID_CMDLINE: {                    /* argv, each string NUL-terminated */
        if (!t->mm || t->state == TASK_ZOMBIE || t->arg_end <= t->arg_start)
            return 0;
        uint32_t n = MIN(t->arg_end - t->arg_start, (uint32_t)size);
        return access_vm(t->mm, t->arg_start, buf, n, false) ? 0 : (int)n;
    }
    case P_PID_COMM: return snprintf(buf, size, "%s\n", t->comm);
    case P_PID_TIMENS_OFFSETS: return timens_offsets_show(t, buf, size);
    case P_PID_CGROUP: return proc_cgroup_show(t, buf, size);
    case P_PID_UID_MAP: return proc_id_map_show(t, false, buf, size);
    case P_PID_GID_MAP: return proc_id_map_show(t, true, buf, size);
    case P_PID_SETGROUPS: return proc_setgroups_show(t, buf, size);
    case P_NET_UNIX: case P_NET_TCP: case P_NET_UDP: case P_NET_DEV: case P_NET_NETLINK:
        return ns_task(t->pid) ? net_show(k, task_net(t), buf, size) : -ESRCH;
    case P_PID_LIMITS: return rlimit_proc_show(t, buf, size);
    case P_PID_MAPS:                         /* Linux asks for ptrace read access */
        return proc_may_read(t) ? proc_maps_show(t, buf, size) : -EACCES;
    case P_PID_SMAPS:
        return proc_may_read(t) ? proc_smaps_show(t, buf, size) : -EACCES;
    case P_PID_SMAPS_ROLLUP:
        return proc_may_read(t) ? proc_smaps_rollup_show(t, buf, size) : -EACCES;
    case P_PID_PERSONALITY:                  /* Linux's lock_trace: ptrace access, else EPERM */
        return proc_may_read(t) ? snprintf(buf, size, "%08x\n", t->personality) : -EPERM;
    default: return -EINVAL;
    }
}

/* The text of file ip (of a process, or not) into buf: its length, or
 * -ESRCH when the process is gone. */
static int generate_text(struct inode *ip, char *buf, int size)
{
    if (!PID(ip))
        return system_show(KIND(ip), buf, size);
    struct task *t = task_find(PID(ip));
    if (t && KIND(ip) == P_PID_FDINFO_FILE)
        return proc_fdinfo_show(t, (int)(uintptr_t)ip->i_private, buf, size);
    return t ? pid_show(KIND(ip), t, buf, size) : -ESRCH;
}

/* The same, with proc_ns the instance's namespace while it is made (and
 * the initial one after, so that no pointer to a namespace that may go
 * is left behind). */
static int generate(struct inode *ip, char *buf, int size)
{
    proc_ns = fs_pid_ns(proc_info(ip));
    int r = generate_text(ip, buf, size);
    proc_ns = &init_pid_ns;
    return r;
}

/* A file of /proc/sys checks its mode bits even for root, who is held to
 * the owner's (sysctl_may): drop_caches (0200) cannot be read, ostype
 * (0444) not written; a root_writes file is 0666 to root. */
static int sysctl_permission(struct inode *ip, struct file *f)
{
    uint32_t mode = sysctl_mode(sysctl_of(KIND(ip)), ip->i_mode);
    if (((f->f_mode & FMODE_READ) && !sysctl_may(mode, 04)) ||
        ((f->f_mode & FMODE_WRITE) && !sysctl_may(mode, 02)))
        return -EACCES;
    return 0;
}

struct snapshot {
    struct idmap_opener opener;              /* uid_map, gid_map: who opened it (their writes) */
    int len;
    char text[];
};

#define SNAP_FIRST 16384                     /* most files fit */
#define SNAP_MAX   (4 << 20)                 /* 32000 message queues do too */

/* Generates the file's text into a snapshot big enough for it: a
 * generator stops when the buffer is nearly full, so a text that comes
 * within 256 bytes of the end is made again in a buffer twice as big. If
 * memory runs out the text is cut where it stopped (as it must, beyond
 * SNAP_MAX). The files Linux serves through seq_file (all but /proc/sys,
 * pagemap, cmdline and config.gz) take no pwrite. */
static int proc_open(struct inode *ip, struct file *f)
{
    int r = sysctl_of(KIND(ip)) ? sysctl_permission(ip, f) : 0;
    if (r)
        return r;
    if (!sysctl_of(KIND(ip)) && KIND(ip) != P_PID_PAGEMAP && KIND(ip) != P_PID_CMDLINE &&
        KIND(ip) != P_CONFIG_GZ)
        f->f_mode &= ~FMODE_PWRITE;          /* Linux's seq_open: pwrite is ESPIPE */
    if (KIND(ip) == P_PID_SETGROUPS) {       /* writers need CAP_SYS_ADMIN in its namespace */
        struct task *t = task_find(PID(ip));
        if (!t)
            return -ESRCH;
        if ((r = proc_setgroups_may_open(t, f->f_mode & FMODE_WRITE)))
            return r;
    }
    if (KIND(ip) == P_PID_PAGEMAP) {         /* read from the page tables at each read */
        struct task *t = task_find(PID(ip));
        return !t ? -ESRCH : proc_may_read(t) ? 0 : -EACCES;
    }
    struct snapshot *s = NULL;
    int n;
    for (int size = SNAP_FIRST; size <= SNAP_MAX; size *= 2) {
        struct snapshot *bigger = kmalloc(sizeof *s + size);
        if (!bigger) {
            if (!s)
                return -ENOMEM;
            break;
        }
        kfree(s);
        s = bigger;
        memset(&s->opener, 0, sizeof s->opener);
        n = generate(ip, s->text, size);
        if (n < 0) {
            kfree(s);
            return n;
        }
        s->len = MIN(n, size);
        if (n <= size - 256)
            break;
    }
    if (KIND(ip) == P_PID_UID_MAP || KIND(ip) == P_PID_GID_MAP) {
        struct task *t = task_find(PID(ip));
        if (!t) {
            kfree(s);
            return -ESRCH;
        }
        idmap_opener_get(&s->opener, t);
    }
    f->private_data = s;
    return 0;
}

static ssize_t proc_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    struct snapshot *s = f->private_data;
    if (KIND(f->f_inode) == P_PID_PAGEMAP)
        return proc_pagemap_read(PID(f->f_inode), ubuf, n, pos);
    if (*pos >= s->len)
        return 0;
    size_t k = MIN(n, (size_t)(s->len - *pos));
    if (copy_to_user(ubuf, s->text + *pos, k))
        return -EFAULT;
    *pos += k;
    return k;
}

/* Writing /proc/<pid>/comm (Linux's comm_write): the first 15 bytes, up
 * to a NUL, newline and all, become the name of a thread of the caller's
 * own process (-EINVAL for another's); the whole count is taken. */
static ssize_t comm_write(int pid, const char *ubuf, size_t n)
{
    char name[sizeof current->comm];
    memset(name, 0, sizeof name);
    if (copy_from_user(name, ubuf, MIN(n, sizeof name - 1)))
        return -EFAULT;
    struct task *t = task_find(pid);
    if (!t)
        return -ESRCH;
    if (t->tgid != current->tgid)
        return -EINVAL;
    size_t k = strlen(name);
    memset(name + k, 0, sizeof name - k);
    memcpy(t->comm, name, sizeof name);
    return (ssize_t)n;
}

/* Only the files of /proc/sys (fs/proc_sys.c), a process's comm,
 * timens_offsets, uid_map, gid_map and setgroups take writes. Another file of a process (Linux's
 * seq_file with no write) is -EINVAL, a system-wide one (proc_reg_write
 * with no proc_write) -EIO. */
static ssize_t proc_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
    if (KIND(f->f_inode) == P_PID_TIMENS_OFFSETS) {
        struct task *t = task_find(PID(f->f_inode));
        return t ? timens_offsets_write(t, ubuf, n, *pos) : -ESRCH;
    }
    if (KIND(f->f_inode) == P_PID_COMM)
        return comm_write(PID(f->f_inode), ubuf, n);
    if (KIND(f->f_inode) == P_PID_UID_MAP || KIND(f->f_inode) == P_PID_GID_MAP ||
        KIND(f->f_inode) == P_PID_SETGROUPS) {   /* (seq_file's position: written once) */
        struct task *t = task_find(PID(f->f_inode));
        struct snapshot *s = f->private_data;
        long r = KIND(f->f_inode) != P_PID_SETGROUPS ?
                 proc_id_map_write(&s->opener, KIND(f->f_inode) == P_PID_GID_MAP, ubuf, n, *pos) :
                 !t ? -ESRCH : proc_setgroups_write(t, ubuf, n, *pos);
        if (r > 0)
            *pos = r;
        return r;
    }
    const struct sysctl *sc = sysctl_of(KIND(f->f_inode));
    return sc ? sysctl_write(sc, f->f_inode->i_mode, ubuf, n) : PID(f->f_inode) ? -EINVAL : -EIO;
}

static void proc_release(struct inode *ip, struct file *f)
{
    struct snapshot *s = f->private_data;
    if (s && (KIND(ip) == P_PID_UID_MAP || KIND(ip) == P_PID_GID_MAP))
        idmap_opener_put(&s->opener);
    kfree(f->private_data);
}

static const struct inode_operations proc_dir_iops = { .lookup = proc_lookup, .permission = proc_permission,
                                                       .evict = proc_evict };
static const struct inode_operations proc_link_iops = { .readlink = proc_readlink,
                                                        .get_link_inode = proc_link_inode,
                                                        .evict = proc_evict };
/* O_TRUNC, as `echo 3 > /proc/sys/vm/drop_caches` opens: accepted and
 * ignored, as Linux's sysctl files do. */
static int proc_truncate(struct inode *ip, loff_t size)
{
    (void)ip; (void)size;
    return 0;
}

/* A file of /proc/sys answers by its own rules alone (sysctl_mode,
 * sysctl_may), not its owner's bits and capabilities, as Linux's
 * proc_sys_permission: 1 (granted) or -EACCES. Other files: 0. */
static int proc_file_permission(struct inode *ip, int mask)
{
    const struct sysctl *sc = sysctl_of(KIND(ip));
    if (!sc)
        return 0;
    if (mask & MAY_EXEC)
        return -EACCES;
    return sysctl_may(sysctl_mode(sc, ip->i_mode), (uint32_t)mask & (MAY_READ | MAY_WRITE)) ? 1 : -EACCES;
}

static const struct inode_operations proc_file_iops = { .truncate = proc_truncate, .evict = proc_evict,
                                                        .permission = proc_file_permission };
static const struct file_operations proc_dir_fops = { .readdir = proc_readdir };
static const struct file_operations proc_file_fops = {
    .open = proc_open, .read = proc_read, .write = proc_write, .release = proc_release,
};

/* fs.file-max as Linux sizes it at boot: a tenth of the memory not in use
 * then, in KiB, at least 8192 (NR_FILE). Shown, not enforced
 * (docs/decisions.md). */
static void files_max_init(void)
{
    uint32_t total = page_total_count(), used = total - page_free_count();
    uint32_t reserve = MIN(used * 3 / 2, total);
    files_max = MAX(8192u, (total - reserve) * (PAGE_SIZE / 1024) / 10);
}

/* The boot instance, /proc's (PROC_DEV): its extra reference keeps it
 * for good. */
static struct proc_fs_info proc_boot = {
    .sb = { .s_dev = PROC_DEV, .s_type = &proc_fs_type, .s_fs_info = &proc_boot }, .refs = 2,
};
struct super_block *proc_sb(void) { return &proc_boot.sb; }

/* An instance no mount, context nor inode holds any more: its device
 * goes with it. */
static void proc_info_put(struct proc_fs_info *fs)
{
    assert(fs->refs > 0);
    if (--fs->refs)
        return;
    put_pid_ns(fs->pid_ns);
    anon_dev_put(fs->sb.s_dev);
    kfree(fs);
}

/* Every procfs inode holds its instance (proc_inode). */
static void proc_evict(struct inode *ip)
{
    proc_info_put(proc_info(ip));
}

/* The options of a mount or a remount, and which were named. */
struct proc_opts {
    int hide_pid;
    uint32_t gid;
    bool pidonly;
    bool has_hidepid, has_gid, has_subset;
};

/* Linux's kstrtouint(s, 0): a whole number, decimal, 0x hex or 0 octal,
 * an optional '+' before and '\n' after it; -1 when it is none. */
static int64_t parse_uint(const char *s)
{
    unsigned base = 10;
    uint64_t v = 0;
    if (*s == '+')
        s++;
    if (s[0] == '0' && (s[1] | 0x20) == 'x' && s[2])
        base = 16, s += 2;
    else if (s[0] == '0')
        base = 8;
    const char *start = s;
    for (; *s && *s != '\n'; s++) {
        unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0') :
                     (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (unsigned)((*s | 0x20) - 'a' + 10) : 99;
        if (d >= base)
            return -1;
        v = v * base + d;
        if (v > 0xFFFFFFFFull)
            return -1;
    }
    if (s == start || (*s == '\n' && s[1]))
        return -1;
    return (int64_t)v;
}

/* One parameter (Linux's proc_parse_param): hidepid= as a number (0, 1,
 * 2, 4) or a name (off, noaccess, invisible, ptraceable), gid=, subset=
 * a comma-separated list of "pid" (fsconfig can give it whole).
 * 0, or -EINVAL with fsconfig's message in msg ("" for the generic "Bad
 * value"; NULL value: a flag). */
static int proc_parse_param(struct proc_opts *o, const char *key, const char *value, char *msg, int size)
{
    static const char *const names[] = { "off", "noaccess", "invisible", NULL, "ptraceable" };
    msg[0] = 0;
    if (!strcmp(key, "hidepid") && value && *value) {
        int64_t v = parse_uint(value);
        o->has_hidepid = true;
        for (int i = 0; v < 0 && i < 5; i++)
            if (names[i] && !strcmp(value, names[i]))
                v = i;
        if (v >= 0 && v <= 4 && names[v]) {
            o->hide_pid = (int)v;
            return 0;
        }
        snprintf(msg, size, "unknown value of hidepid - %s", value);
        return -EINVAL;
    }
    if (!strcmp(key, "gid") && value && parse_uint(value) >= 0) {
        o->gid = (uint32_t)parse_uint(value);
        o->has_gid = true;
        return 0;
    }
    if (!strcmp(key, "subset") && value && *value) {
        o->has_subset = true;                /* a list: "pid,pid", "," (empty items skipped) */
        for (const char *t = value; *t; t += *t == ',') {
            size_t n = 0;
            while (t[n] && t[n] != ',')
                n++;
            if (n && (n != 3 || strncmp(t, "pid", 3))) {
                char item[64];
                snprintf(item, MIN(sizeof item, n + 1), "%s", t);
                snprintf(msg, size, "unsupported subset option - %s", item);
                return -EINVAL;
            }
            o->pidonly |= n != 0;
            t += n;
        }
        return 0;
    }
    if (strcmp(key, "hidepid") && strcmp(key, "gid") && strcmp(key, "subset"))
        snprintf(msg, size, "Unknown parameter '%s'", key);
    return -EINVAL;
}

/* fsconfig's check of a proc parameter (fs/fs_context.c). */
int proc_check_param(const char *key, const char *value, char *msg, int size)
{
    struct proc_opts o = { 0 };
    return proc_parse_param(&o, key, value, msg, size);
}

/* One "key=value" (or "key") of mount(2)'s data into o. */
static int proc_parse_opt(char *opt, void *o)
{
    char msg[96], *eq = strchr(opt, '=');
    if (eq)
        *eq++ = 0;
    return proc_parse_param(o, opt, eq, msg, sizeof msg) ? -EINVAL : 0;
}

/* mount(2)'s data (the generic options taken out): its comma-separated
 * options into o. 0 or -EINVAL. */
static int proc_parse_data(const char *data, struct proc_opts *o)
{
    return mount_options_each(data, 128, proc_parse_opt, o);
}

/* The options named in o onto instance fs (proc_apply_options). */
static void proc_apply(struct proc_fs_info *fs, const struct proc_opts *o)
{
    if (o->has_gid)
        fs->pid_gid = o->gid;
    if (o->has_hidepid)
        fs->hide_pid = o->hide_pid;
    if (o->has_subset)
        fs->pidonly = o->pidonly;
}

/* Makes the root of instance fs: 0 or -ENOMEM. */
static int proc_make_root(struct proc_fs_info *fs)
{
    struct inode *ip = inode_alloc(S_IFDIR | 0555);
    if (!ip)
        return -ENOMEM;
    ip->i_ino = PROC_ROOT_INO;
    ip->i_op = &proc_dir_iops;
    ip->i_fop = &proc_dir_fops;
    ip->i_uid = ip->i_gid = 0;
    ip->i_dev = fs->sb.s_dev;                /* df, find -xdev: another filesystem */
    ip->i_sb = &fs->sb;
    ip->i_nlink = 2;                         /* (0 when it is unmounted: proc_kill_sb) */
    fs->refs++;
    fs->sb.s_root = ip;
    return 0;
}

/* A mount of proc: a new instance (since Linux 5.8), with its own device
 * and data's options; -EINVAL for an option it refuses. */
static int proc_get_sb(const char *data, bool rdonly UNUSED, struct super_block **sb)
{
    struct proc_opts o = { 0 };
    if (proc_parse_data(data, &o))
        return -EINVAL;
    struct proc_fs_info *fs = kzalloc(sizeof *fs);
    int dev = fs ? anon_dev_get() : -ENOMEM;
    if (dev < 0) {
        kfree(fs);
        return dev;
    }
    fs->sb.s_dev = (uint32_t)dev;
    fs->sb.s_type = &proc_fs_type;
    fs->sb.s_fs_info = fs;
    fs->refs = 1;                            /* being mounted: proc_kill_sb */
    fs->pid_ns = task_active_pid_ns(current);   /* the mounter's processes (Linux's proc_fill_super) */
    get_pid_ns(fs->pid_ns);
    if (fs->pid_ns == &init_pid_ns)
        fs->pid_ns = NULL;
    if (proc_make_root(fs)) {
        proc_info_put(fs);
        return -ENOMEM;
    }
    proc_apply(fs, &o);
    *sb = &fs->sb;
    return 0;
}

/* MS_REMOUNT and FSCONFIG_CMD_RECONFIGURE: the options named change,
 * on this instance only; all or nothing. */
static int proc_remount(struct super_block *sb, const char *data)
{
    struct proc_opts o = { 0 };
    if (proc_parse_data(data, &o))
        return -EINVAL;
    proc_apply(sb->s_fs_info, &o);
    return 0;
}

/* Linux's proc_show_options: gid= unless 0, hidepid= by name unless
 * off, subset=pid. */
static int proc_show_options(struct super_block *sb, char *buf, int size)
{
    static const char *const names[] = { "off", "noaccess", "invisible", "?", "ptraceable" };
    struct proc_fs_info *fs = sb->s_fs_info;
    int n = 0;
    if (fs->pid_gid)
        n += snprintf(buf + n, n < size ? size - n : 0, ",gid=%u", fs->pid_gid);
    if (fs->hide_pid)
        n += snprintf(buf + n, n < size ? size - n : 0, ",hidepid=%s", names[fs->hide_pid]);
    if (fs->pidonly)
        n += snprintf(buf + n, n < size ? size - n : 0, ",subset=pid");
    return n;
}

/* The last mount (or context) went: the root goes (with its last user),
 * then the instance with its last inode. The boot one stays. */
static void proc_kill_sb(struct super_block *sb)
{
    struct proc_fs_info *fs = sb->s_fs_info;
    struct inode *root = sb->s_root;
    if (fs == &proc_boot)
        return;
    sb->s_root = NULL;
    root->i_nlink = 0;                       /* evicted with its last reference */
    inode_put(root);
    proc_info_put(fs);
}

const struct file_system_type proc_fs_type = {
    .name = "proc", .get_sb = proc_get_sb, .remount = proc_remount,
    .show_options = proc_show_options, .kill_sb = proc_kill_sb,
};

/* Makes the procfs root and mounts it on /proc (made if missing). */
void procfs_init(void)
{
    struct inode *dir;
    if (proc_make_root(&proc_boot))
        panic("proc: no memory for its root");
    if (namei_at(AT_FDCWD, "/proc", 0, &dir) < 0 &&
        (do_mkdirat(AT_FDCWD, "/proc", 0555) < 0 || namei_at(AT_FDCWD, "/proc", 0, &dir) < 0)) {
        printk("proc: cannot make /proc\n");
        return;
    }
    if (!mount_boot(&proc_boot.sb, root_mount, dir, "proc"))
        printk("proc: cannot mount /proc\n");
    inode_put(dir);
    files_max_init();
    proc_cpuinfo_init();
}
