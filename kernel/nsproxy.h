/* A task's UTS, IPC and time namespaces (kernel/nsproxy.c). */
#ifndef KERNEL_NSPROXY_H
#define KERNEL_NSPROXY_H
#include "kernel/proc.h"

int ns_fork(struct task *p, struct task *c, uint64_t flags);   /* 0 or -ENOMEM */
void ns_exit(struct task *t);
void ns_set_owners(struct task *t, uint64_t flags);   /* new ones: owned by t's user namespace */
/* A copy ns of tree from made for t: owned by t's user namespace, its
 * mounts locked when that is not from's owner (Linux's copy_mnt_ns). */
struct mnt_namespace;
void mnt_ns_set_owner(struct mnt_namespace *ns, struct mnt_namespace *from, struct task *t);
void ns_switch(struct task *t, struct uts_namespace *uts, struct ipc_namespace *ipc);

#endif
