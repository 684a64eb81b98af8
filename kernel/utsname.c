/* UTS namespaces (CLONE_NEWUTS): a host and domain name of their own,
 * copied from the creator's, as Linux's kernel/utsname.c. */
#include "kernel/kernel.h"
#include "kernel/utsname.h"
#include "fs/nsfs.h"
#include "kernel/user_namespace.h"

/* The release is the Linux version whose system calls Pipit follows, so
 * programs that check it take that path; Pipit's own version is in
 * `version` (docs/decisions.md). */
struct uts_namespace init_uts_ns = {
    .refs = 1, .inum = PROC_UTS_INIT_INO,
    .name = {
        .sysname = "Pipit", .nodename = "pipit", .release = LINUX_COMPAT_RELEASE,
        .version = "#1 Pipit " PIPIT_VERSION " (" __DATE__ ")", .machine = "i686",
        .domainname = "(none)",
    },
};

struct uts_namespace *copy_uts_ns(struct uts_namespace *ns)
{
    struct uts_namespace *n = kmalloc(sizeof *n);
    if (!n)
        return NULL;
    n->refs = 1;
    n->inum = ns_alloc_inum();
    n->user_ns = NULL;                       /* (its maker sets the owner: kernel/nsproxy.c) */
    n->name = ns->name;
    return n;
}

void get_uts_ns(struct uts_namespace *ns)
{
    if (ns)
        ns->refs++;
}

void put_uts_ns(struct uts_namespace *ns)
{
    if (ns && --ns->refs == 0) {
        put_user_ns(ns->user_ns);
        kfree(ns);
    }
}
