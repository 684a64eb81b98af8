/* The event descriptors (eventfd, signalfd, timerfd): files with no name
 * that turn a counter, pending signals or a timer into something read(2),
 * poll and epoll can wait for. What the rest of the kernel calls. */
#ifndef IPC_EVENTFD_H
#define IPC_EVENTFD_H
#include "kernel/types.h"

struct file;
struct file_operations;
struct task;

/* Makes the nameless inode below (fs_init, at boot). */
void anon_inode_init(void);
/* A new open file on the one nameless inode all event descriptors share
 * (Linux's anon_inode_getfile): O_RDWR plus flags' O_NONBLOCK, private
 * data priv; name ("[eventfd]") is what /proc/<pid>/fd/N shows for files
 * of these fops. NULL when out of memory. Does not sleep. */
struct file *anon_inode_getfile(const char *name, const struct file_operations *fops,
                                void *priv, int flags);
/* The name given at anon_inode_getfile, or NULL for a file with a name. */
const char *anon_inode_name(const struct file *f);
/* Installs f as current's lowest free descriptor (O_CLOEXEC in flags):
 * the descriptor, or -EMFILE after dropping f. */
int anon_inode_install(struct file *f, int flags);

/* IOCB_FLAG_RESFD (fs/aio_submit.c), as Linux's eventfd_ctx_fdget and
 * eventfd_signal: the eventfd behind fd in *out (current's, not
 * referenced beyond the call): 0, -EBADF (no file) or -EINVAL (not an
 * eventfd); and n added to its counter (up to the most it holds), its
 * readers and pollers woken. eventfd_signal_file does not sleep. */
int eventfd_fget(int fd, struct file **out);
void eventfd_signal_file(struct file *f, uint64_t n);
/* The same with mask's bits added to the wake-up's key (io_uring's
 * EPOLL_URING_WAKE: a multishot poll woken by it ends). */
void eventfd_signal_mask(struct file *f, uint64_t n, unsigned mask);

/* signalfd.c: sig became pending for t (kernel/signal.c calls it). Wakes
 * the readers and pollers of the signalfds that watch sig. */
void signalfd_notify(struct task *t, int sig);

/* timerfd.c: the timer tick (kernel/sched.c): expires the armed timers
 * whose time came. Interrupt context. */
/* The realtime clock was set: TFD_TIMER_CANCEL_ON_SET timers are told. */
void timerfd_clock_was_set(void);

#endif
