/* The names uname(2) reports (kernel/sys.c), kept per UTS namespace
 * (CLONE_NEWUTS, kernel/utsname.c): sethostname, setdomainname and
 * /proc/sys/kernel/{hostname,domainname} change current's. */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H
#include <linux/utsname.h>
#include "kernel/proc.h"

/* The Linux version whose interface Pipit follows (docs/decisions.md). */
#define LINUX_COMPAT_RELEASE "6.1.0-pipit"

struct uts_namespace {                      /* Linux's */
    int refs;                               /* tasks and ns files */
    unsigned inum;                          /* the ns file's inode number (fs/nsfs.c) */
    struct user_namespace *user_ns;         /* its owner, counted; NULL: the initial */
    struct new_utsname name;
};

extern struct uts_namespace init_uts_ns;

/* t's namespace (NULL: the initial one), and current's names. */
static inline struct uts_namespace *task_uts_ns(const struct task *t)
{
    return t && t->uts_ns ? t->uts_ns : &init_uts_ns;
}
static inline struct new_utsname *utsname(void) { return &task_uts_ns(current)->name; }

/* A copy of ns's names in a new namespace, counted once for the caller
 * (Linux's copy_utsname); NULL when out of memory. */
struct uts_namespace *copy_uts_ns(struct uts_namespace *ns);
void get_uts_ns(struct uts_namespace *ns);  /* NULL: the initial one, not counted */
void put_uts_ns(struct uts_namespace *ns);  /* freed with its last user */

#endif
