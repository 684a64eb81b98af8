/* Sockets (the book's section 5.6). The generic layer is ipc/socket.c
 * (socket objects, socket files: an S_IFSOCK inode with socket_file_ops,
 * the calls that make and connect sockets, socketcall), socket_msg.c (the
 * send and receive calls) and sockopt.c; it calls a socket's proto_ops.
 * AF_INET is net/ (net/net.h). AF_UNIX: ipc/unix.c (names, bind, lookup, socketpair,
 * release), ipc/unix_stream.c and ipc/unix_dgram.c (the two kinds of
 * data), ipc/unix_seqpacket.c (the third type: the one's connections
 * carrying the other's records), ipc/unix_gc.c (the collector of sockets
 * that only files in flight keep). */
#ifndef IPC_SOCKET_H
#define IPC_SOCKET_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include "fs/vfs.h"                 /* struct iov_iter */
#include <linux/net.h>              /* SYS_SOCKET.., socket_state, __SO_ACCEPTCON, SO_* */
#include <linux/un.h>               /* struct sockaddr_un, UNIX_PATH_MAX */
#include <linux/uio.h>              /* struct iovec, UIO_MAXIOV */
#include <linux/fcntl.h>

/* What libc's <sys/socket.h> defines and the UAPI headers leave out. */
#define AF_UNSPEC        0
#define AF_UNIX          1
#define AF_MAX           46         /* families Linux knows of (EAFNOSUPPORT past it) */
#define SOCK_STREAM      1
#define SOCK_DGRAM       2
#define SOCK_RAW         3
#define SOCK_SEQPACKET   5
#define SOCK_MAX         11
#define SOCK_TYPE_MASK   0xf
#define SOCK_CLOEXEC     O_CLOEXEC
#define SOCK_NONBLOCK    O_NONBLOCK
#define MSG_OOB          0x1
#define MSG_PEEK         0x2
#define MSG_TRUNC        0x20
#define MSG_DONTWAIT     0x40
#define MSG_WAITALL      0x100
#define MSG_CTRUNC       0x8
#define MSG_ERRQUEUE     0x2000
#define MSG_NOSIGNAL     0x4000
#define MSG_MORE         0x8000     /* more to come: TCP may wait to fill a segment */
#define MSG_WAITFORONE   0x10000    /* recvmmsg: non-blocking after the first */
#define MSG_CMSG_CLOEXEC 0x40000000
#define SCM_RIGHTS       0x01       /* SOL_SOCKET control messages */
#define SCM_CREDENTIALS  0x02
#define SHUT_RD          0
#define SHUT_WR          1
#define SHUT_RDWR        2
#define SOMAXCONN        4096       /* net.core.somaxconn's default */

struct ucred { int32_t pid; uint32_t uid, gid; };   /* SCM_CREDENTIALS, SO_PEERCRED */

/* The user's control message header (i386: 4-byte alignment). */
struct cmsghdr {
    uint32_t cmsg_len;              /* socklen_t: header and data */
    int cmsg_level, cmsg_type;      /* SOL_SOCKET; SCM_RIGHTS or SCM_CREDENTIALS */
};
#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN(len)   (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_SPACE(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + CMSG_ALIGN(len))

/* Open files in flight (SCM_RIGHTS), each referenced. Linux's
 * SCM_MAX_FD bounds one message; RLIMIT_NOFILE bounds the files one user
 * has in flight in all (unix_inflight_check). */
#define SCM_MAX_FD 253
struct scm_fp_list {
    int count;                      /* entries in fp[] */
    uint32_t uid;                   /* the sender's (real) user, charged for them */
    struct scm_fp_list *next;       /* on the collector's hit list, then on scm_fp_free's */
    struct file *fp[];              /* the files, each holding a reference */
};

/* The control data of one sendmsg or recvmsg (Linux's scm_cookie). */
struct scm_cookie {
    struct scm_fp_list *fp;         /* owned: files to pass, or received */
    struct ucred creds;             /* send: the sender's, or the ones it gave */
    bool has_creds;                 /* recv: creds are to be reported */
    int64_t tstamp;                 /* recv: when the datagram came (realtime ns), or 0 */
};

/* The i386 layout of the user's struct msghdr. */
struct user_msghdr {
    void *msg_name;                 /* user sockaddr: destination, or where the source goes */
    int msg_namelen;                /* its size (recvmsg: set to the source's length) */
    struct iovec *msg_iov;          /* the user's buffer vector */
    uint32_t msg_iovlen;            /* entries in it */
    void *msg_control;              /* user control data (cmsghdr's) */
    uint32_t msg_controllen;        /* its size (recvmsg: set to what was written) */
    uint32_t msg_flags;             /* recvmsg: MSG_TRUNC, MSG_CTRUNC, ... */
};

/* One sendmsg or recvmsg in kernel terms. */
struct msghdr {
    void *msg_name;                 /* kernel buffer of sizeof(struct __kernel_sockaddr_storage) */
    int msg_namelen;                /* send: the address given (0: none); recv: filled in */
    struct iov_iter msg_iter;       /* the user's buffers (fs/vfs.h), consumed front to back */
    uint32_t msg_flags;             /* recv: MSG_TRUNC when a datagram was cut */
    struct scm_cookie *scm;         /* sendmsg, recvmsg: control data; else NULL */
};

/* A socket's own name. Path names keep their NUL: a bind of "/tmp/s"
 * reports 2 + 6 + 1 bytes, as Linux; abstract names (sun_path[0] == 0)
 * are exactly as long as given. */
#define SUN_PATH_OFF  2             /* offsetof(struct sockaddr_un, sun_path) */
#define UNIX_ADDR_MAX (sizeof(struct sockaddr_un) + 1)
struct unix_address {
    int len;                        /* 0: unbound */
    char name[UNIX_ADDR_MAX];       /* sun_family, then sun_path */
};

/* A datagram (or a seqpacket record) waiting in a receive queue. Its
 * memory (truesize) is charged to the sender until it is read, which is
 * what makes a sender block. */
struct sk_buff {                    /* one datagram on a receive queue */
    struct sk_buff *next;           /* the receive queue, oldest first */
    struct socket *sk;              /* the sender, referenced */
    uint32_t len;                   /* data bytes */
    uint32_t truesize;              /* kernel memory held */
    struct ucred cred;              /* the sender at send time (SCM_CREDENTIALS) */
    int64_t tstamp;                 /* queued at (realtime ns) if the reader asked (SO_TIMESTAMP*) */
    bool peeked;                    /* a MSG_PEEK returned it (SO_PEEK_OFF steps over it) */
    struct scm_fp_list *fp;         /* files in flight with it, or NULL */
    int npages;                     /* 0: the data follows inline */
    char *pages[];                  /* else: len bytes over npages pages */
};

/* The bytes of one direction of a stream connection, kept by the reader. */
#define UNIX_STREAM_PAGES 16
#define UNIX_STREAM_BUF   (UNIX_STREAM_PAGES * 4096)    /* 64 KiB, as a pipe */
/* The ring's bytes are cut into segments, front to back, each from one
 * writer's credentials; a send with files starts a segment of its own, so
 * that the files are received with the first byte of that send and a read
 * stops at the end of it. */
struct unix_seg {
    struct unix_seg *next;          /* the next segment of the ring, in byte order */
    uint32_t len;                   /* unread bytes of the ring in this segment */
    uint32_t send;                  /* the send that made it (it may grow it) */
    struct ucred cred;              /* the writer's, reported by SCM_CREDENTIALS */
    struct scm_fp_list *fp;         /* files sent with its first byte, or NULL */
};
struct unix_ring {                  /* one direction of a stream, kept by the reader */
    char *pages[UNIX_STREAM_PAGES]; /* 16 pages = 64 KiB, allocated as they are first written */
    uint32_t start, len;            /* first unread byte, bytes unread */
    struct unix_seg *seg, *seg_tail;    /* the lengths add up to len */
    bool marked;                    /* MSG_OOB: an urgent byte's place is in the stream */
    bool mark_inline;               /* the byte is in the ring there (SO_OOBINLINE when sent) */
    uint32_t mark;                  /* unread bytes of the ring before that place */
};

#define RCV_SHUTDOWN   1            /* shutdown bits: SHUT_RD + 1, SHUT_WR + 1 */
#define SEND_SHUTDOWN  2
#define SHUTDOWN_MASK  3

/* How long a blocking call may sleep, in ticks: Linux's timeo. A socket
 * keeps one for receiving (and accept) and one for sending (and connect). */
#define SOCK_TIMEO_MAX   0x7FFFFFFFFFFFFFFFLL   /* no limit: Linux's MAX_SCHEDULE_TIMEOUT */
#define SOCK_WAIT_MAX    0x3FFFFFFF             /* the longest single sleep (jiffies are 32 bits) */

struct socket;
struct net;
struct poll_table;
struct inode;
struct file;
struct file_operations;

/* A socket type's operations (Linux's proto_ops). All may sleep unless
 * noted; each returns >= 0 or -errno. `nonblock` is the file's O_NONBLOCK. */
struct proto_ops {                  /* what a socket type does (Linux's name) */
    int (*bind)(struct socket *sk, void *addr, int len);        /* addr: a kernel copy */
    int (*connect)(struct socket *sk, void *addr, int len, bool nonblock);   /* or datagram peer */
    int (*listen)(struct socket *sk, int backlog);              /* backlog capped at net.core.somaxconn */
    int (*accept)(struct socket *sk, struct socket **newsk, bool nonblock);   /* *newsk referenced */
    int (*getname)(struct socket *sk, void *addr, bool peer);    /* length */
    int (*shutdown)(struct socket *sk, int how);                /* SHUT_RD, SHUT_WR, SHUT_RDWR */
    ssize_t (*sendmsg)(struct socket *sk, struct msghdr *m, size_t len, int flags);   /* bytes sent */
    ssize_t (*recvmsg)(struct socket *sk, struct msghdr *m, size_t len, int flags);   /* bytes read */
    unsigned (*poll)(struct socket *sk, struct poll_table *pt);  /* never sleeps */
    int (*ioctl)(struct socket *sk, uint32_t cmd, uint32_t arg);    /* FIONREAD, SIOCOUTQ, ... */
    void (*release)(struct socket *sk);     /* the last close of its file */
    int (*show_fdinfo)(struct socket *sk, char *buf, int size);   /* f_op->show_fdinfo's; never sleeps */
};

struct socket {                     /* one socket, as Linux's struct socket */
    /* What the generic layer uses. */
    int type;                       /* SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET */
    socket_state state;             /* SS_UNCONNECTED or SS_CONNECTED */
    int flags;                      /* __SO_ACCEPTCON: listening */
    const struct proto_ops *ops;    /* unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops */
    struct inode *inode;            /* of its file; NULL while not accepted */
    struct file *file;              /* its open file; NULL while not accepted */
    int refs;                       /* its file, peers, in-flight datagrams, sleepers */
    bool dead;                      /* released: no file and no name any more */
    int err;                        /* pending error, reported once (SO_ERROR) */
    int shutdown;                   /* RCV_SHUTDOWN | SEND_SHUTDOWN */
    int sndbuf, rcvbuf;             /* SO_SNDBUF, SO_RCVBUF */
    int sockopts;                   /* boolean SOL_SOCKET options set (bit per SO_*) */
    int64_t rcvtimeo, sndtimeo;     /* SO_RCVTIMEO, SO_SNDTIMEO in ticks (SOCK_TIMEO_MAX: none) */
    struct ucred peercred;          /* SO_PEERCRED */
    struct group_info *peergroups;  /* SO_PEERGROUPS: the peer's groups then (referenced) */
    int priority, mark;             /* SO_PRIORITY, SO_MARK: kept (no queueing discipline) */
    int rcvlowat;                   /* SO_RCVLOWAT: a stream read waits for this many bytes */
    int incoming_cpu;               /* SO_INCOMING_CPU: -1 until set */
    uint64_t cookie;                /* SO_COOKIE: 0 until asked */
    bool passsec;                   /* SO_PASSSEC */
    int peek_off;                   /* SO_PEEK_OFF (AF_UNIX, UDP): where MSG_PEEK starts; -1 off */
    uint8_t tstamp;                 /* SO_TIMESTAMP*: SOCK_TS_* bits (ipc/sockopt.c) */
    struct wait_queue wait;         /* this socket's readers, writers, acceptors, pollers */
    struct wait_queue peer_wait;    /* others waiting for room here: connect, send */
    struct fasync_struct *fasync_list;   /* O_ASYNC files: SIGIO as data comes (sock_wake_async) */
    int family;                     /* AF_UNIX, AF_INET or AF_NETLINK */
    struct net *net;                /* the namespace it was made in, counted (net/net_namespace.h) */
    bool linger_on;                 /* SO_LINGER */
    int linger_secs;
    struct inet_sock *inet;         /* AF_INET: the endpoint (net/net.h) */
    struct netlink_sock *nl;        /* AF_NETLINK: the endpoint (net/netlink.c) */

    /* AF_UNIX (ipc/unix*.c). */
    struct socket *peer;            /* connected to, referenced */
    struct unix_address addr;       /* own name (an accepted socket: its listener's) */
    bool bound;                     /* addr is its own: bind, autobind */
    struct inode *node;             /* the S_IFSOCK node it bound, referenced */
    struct socket *next;            /* unix_socket_list */
    struct socket *backlog, *backlog_tail, *next_embryo;   /* listening: not yet accepted */
    int backlog_len, max_backlog;   /* embryos queued, listen()'s limit */
    struct unix_ring ring;          /* stream: bytes for this socket to read */
    uint16_t oob;                   /* stream: 0x100 | the urgent byte not yet taken, or 0 */
    struct sk_buff *rq_head, *rq_tail;      /* datagram, seqpacket: received, not yet read */
    int rq_len;                     /* entries in the receive queue */
    uint32_t wmem;                  /* datagram, seqpacket: truesize of own ones in flight */

    /* The collector's marks (unix_gc.c), valid only during one of its passes. */
    int gc_inflight;                /* references to its file sitting in receive queues */
    bool gc_cand;                   /* every reference is in flight, none reaches it yet */
    struct socket *gc_next;         /* alive, what its queues hold not yet marked */
};

/* socket.c */
extern const struct file_operations socket_file_ops;
void sock_wake_async(struct socket *sk, int reason);   /* SIGIO for O_ASYNC: POLL_IN... */
unsigned sock_poll_shutdown(struct socket *sk);   /* POLLERR, POLLRDHUP, POLLHUP as sk is */
struct socket *sock_alloc(int type, const struct proto_ops *ops);   /* refs 1, current's net */
void sock_set_net(struct socket *sk, struct net *net);   /* an accepted one: its listener's */
void sock_hold(struct socket *sk);
void sock_put(struct socket *sk);
int sock_error(struct socket *sk);          /* the pending error (positive), cleared */
void sock_set_peer(struct socket *sk);      /* the peer is current: its ids and groups */
void sock_copy_peer(struct socket *dst, const struct socket *src);   /* src's peer */
size_t sock_rcvlowat(const struct socket *sk, bool waitall, size_t len);   /* a read's target */
void sock_peek_moved(struct socket *sk, bool peek, size_t n);   /* SO_PEEK_OFF after a read */
/* SO_TIMESTAMP*: on, in nanoseconds (timespec), in the 64-bit (_NEW) layout */
#define SOCK_TS_ON  1
#define SOCK_TS_NS  2
#define SOCK_TS_NEW 4
int64_t sock_tstamp_now(void);              /* realtime ns: when a datagram is queued */
struct socket *sockfd_lookup(int fd, int *err);   /* NULL: *err is -EBADF or -ENOTSOCK */
struct socket *sock_from_file(struct file *f, int *err);  /* NULL: *err is -ENOTSOCK */
/* accept4, send and recv on a file (io_uring), as socket.c and socket_msg.c's
 * calls on a descriptor; nowait: -EAGAIN rather than sleeping. */
long sock_accept_file(struct file *lf, void *uaddr, int *ulen, int flags, bool nowait);
long sock_file_xfer(struct file *f, void *buf, uint32_t len, int flags, bool send);
/* For io_uring, on files rather than descriptors: accept4 without
 * sleeping, the new file in *res (0 or -errno); connect and shutdown;
 * socket(2) into a file not yet in any slot. */
int sock_accept_kfile(struct file *lf, void *uaddr, int *ulen, int flags, struct file **res);
long sock_file_connect(struct file *f, const void *uaddr, int len, bool nonblock);
long sock_file_shutdown(struct file *f, int how);
int sock_create_file(int family, int type, int protocol, struct file **res);
/* sendmsg or recvmsg on f, the header at umsg (io_uring's SENDMSG, RECVMSG). */
long sock_file_msg(struct file *f, void *umsg, int flags, bool send);
/* recvmsg on f into the buffer pick(arg, wanted, &addr, &len) gives
 * (io_uring's provided buffers); its error, or the header's (EINVAL for
 * more than one iovec), before anything is received. */
long sock_file_recvmsg_into(struct file *f, void *umsg, int flags,
                            int (*pick)(void *arg, uint32_t want, uint32_t *addr, uint32_t *len), void *arg);
/* sendto on f (io_uring's SEND_ZC with an address). */
long sock_file_sendto(struct file *f, const void *buf, uint32_t len, int flags, const void *uaddr, int alen);
bool sock_nonblock(struct socket *sk);      /* its file has O_NONBLOCK */
int64_t sock_rcvtimeo(struct socket *sk, bool nonblock);  /* 0 when nonblock */
int64_t sock_sndtimeo(struct socket *sk, bool nonblock);
int sock_wait_end(int64_t *timeo, uint32_t start, int r);
typedef struct __kernel_sockaddr_storage sockaddr_k;
int move_addr_to_kernel(const void *uaddr, int ulen, sockaddr_k *k);
int move_addr_to_user(const sockaddr_k *k, int klen, void *uaddr, int *ulenp);

/* Sleeps on wq until cond holds, for at most *timeo ticks (from
 * sock_rcvtimeo or sock_sndtimeo), which the time slept is taken from: a
 * call that sleeps many times keeps one limit. 0 when woken (the caller
 * re-checks); -EAGAIN when the time is up, at once when *timeo is 0
 * (non-blocking); on a signal -ERESTARTSYS, or -EINTR when the call has
 * a limit (as Linux, such a call is never restarted: signal(7)). */
#define sock_wait_event(wq, cond, timeo) ({                                   \
    uint32_t __start = jiffies;                                               \
    int __r = !*(timeo) ? -ETIME                                              \
        : *(timeo) == SOCK_TIMEO_MAX ? wait_event_interruptible(wq, cond)     \
        : wait_event_interruptible_deadline(wq, cond,                         \
              deadline_after_ticks((uint32_t)MIN(*(timeo), (int64_t)SOCK_WAIT_MAX))); \
    sock_wait_end((timeo), __start, __r); })

/* socket_msg.c */
ssize_t sock_rwv(struct file *f, struct iov_iter *it, bool write);
ssize_t sock_kernel_xfer(struct file *f, char *kbuf, size_t n, int flags, bool send);   /* splice */
int iter_copy_from_user(struct iov_iter *it, void *kdst, size_t n);   /* 0 or -EFAULT */
int iter_copy_to_user(struct iov_iter *it, const void *ksrc, size_t n);
extern int scm_fp_lists;                    /* lists of files in flight that exist */
void scm_fp_free(struct scm_fp_list *fp);   /* file_put each (maybe later), then free */
struct scm_fp_list *scm_fp_dup(struct scm_fp_list *fp);   /* more references (MSG_PEEK) */
bool sock_passcred(struct socket *sk);     /* SO_PASSCRED is set */
void scm_set_cred(struct ucred *c);         /* current's pid, uid, gid (real ids, as Linux) */

/* unix.c */
extern struct socket *unix_socket_list;
int unix_proc_show(struct net *net, char *buf, int size);    /* /proc/net/unix: net's */
int unix_show_fdinfo(struct socket *sk, char *buf, int size);   /* fdinfo's scm_fds */
int unix_create(int type, int protocol, struct socket **res);
int unix_socketpair(struct socket *a, struct socket *b);
int unix_validate_addr(void *addr, int len);
int unix_bind(struct socket *sk, void *addr, int len);
struct socket *unix_find_other(struct net *net, void *addr, int len, int type, int *err);
int unix_getname(struct socket *sk, void *addr, bool peer);
int unix_shutdown(struct socket *sk, int how);
void unix_release_sock(struct socket *sk, bool embryo);
void unix_release(struct socket *sk);

/* unix_gc.c */
void unix_gc(void);
void unix_gc_closing(struct file *closing);   /* a descriptor of closing is going */
int unix_inflight_check(void);              /* 0, or -ETOOMANYREFS for current's user */

/* unix_stream.c, unix_dgram.c, unix_seqpacket.c */
extern const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;
void unix_ring_free(struct unix_ring *r);
int unix_stream_connect(struct socket *sk, void *addr, int len, bool nonblock);
int unix_listen(struct socket *sk, int backlog);
int unix_accept(struct socket *sk, struct socket **newsk, bool nonblock);
void unix_dgram_purge(struct socket *sk);
void unix_dgram_wake_senders(struct socket *sk);
ssize_t unix_dgram_sendmsg(struct socket *sk, struct msghdr *m, size_t len, int flags);
ssize_t unix_dgram_recvmsg(struct socket *sk, struct msghdr *m, size_t len, int flags);
unsigned unix_dgram_poll(struct socket *sk, struct poll_table *pt);
int unix_dgram_ioctl(struct socket *sk, uint32_t cmd, uint32_t arg);

#endif
