/* Capabilities, as Linux 6.1's commoncap: root's power split into 41
 * bits (CAP_CHOWN .. CAP_CHECKPOINT_RESTORE, <linux/capability.h>), five
 * sets per task (struct task in proc.h):
 *
 *   effective    what capable() tests;
 *   permitted    the most effective may become (capset);
 *   inheritable  what an exec may keep (with a file's inheritable bits,
 *                or as ambient);
 *   bounding     the most an exec may give (PR_CAPBSET_DROP lowers it);
 *   ambient      kept by an exec of a plain program (PR_CAP_AMBIENT).
 *
 * and the securebits (<linux/securebits.h>) that turn off root's special
 * treatment. Root keeps its power the traditional way: an exec by uid or
 * euid 0 gives permitted = bounding | inheritable, and a change of ids
 * away from 0 clears the sets (cap_fix_setuid). A program may carry
 * capabilities of its own in its security.capability attribute (file
 * capabilities, written with setxattr by CAP_SETFCAP). The calls:
 * capget(2), capset(2) and prctl's capability options (cap_prctl). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include <linux/capability.h>
#include <linux/prctl.h>
#include <linux/securebits.h>
#include <linux/xattr.h>

#define BIT(c) (1ull << (c))
#define CAP_FS_MASK (BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) | \
                     BIT(CAP_FOWNER) | BIT(CAP_FSETID) | BIT(CAP_LINUX_IMMUTABLE) | \
                     BIT(CAP_MKNOD) | BIT(CAP_MAC_OVERRIDE))

static bool issecure(const struct task *t, int bit) { return t->securebits & (1u << bit); }
static bool subset(uint64_t a, uint64_t b) { return (a & ~b) == 0; }

/* pid 1 starts with every capability but no inheritable or ambient ones,
 * as Linux's init_cred; fork copies the sets (proc.c). */
void cap_init(struct task *t)
{
    t->cap_effective = t->cap_permitted = t->cap_bset = CAP_FULL_SET;
    t->cap_inheritable = t->cap_ambient = 0;
    t->securebits = 0;
}

/* Linux's cap_task_fix_setuid, after a change of current's ids from o
 * (kind says which call): leaving uid 0 behind in all three of real,
 * effective and saved clears permitted and effective (unless
 * SECBIT_KEEP_CAPS) and always ambient; an effective id leaving 0 clears
 * effective, one reaching 0 fills it from permitted. A file-system id
 * leaving 0 drops the file capabilities from effective, reaching 0 raises
 * those permitted. SECBIT_NO_SETUID_FIXUP turns all of it off. */
void cap_fix_setuid(struct task *t, const struct old_ids *o, enum setid_kind kind)
{
    uint32_t root = task_root_uid(t);        /* its user namespace's root */
    if (issecure(t, SECURE_NO_SETUID_FIXUP) || kind == SETID_GROUP)
        return;
    if (kind == SETID_FS) {
        if (o->fsuid == root && t->fsuid != root)
            t->cap_effective &= ~CAP_FS_MASK;
        else if (o->fsuid != root && t->fsuid == root)
            t->cap_effective |= t->cap_permitted & CAP_FS_MASK;
        return;
    }
    if ((o->uid == root || o->euid == root || o->suid == root) &&
        t->uid != root && t->euid != root && t->suid != root) {
        if (!issecure(t, SECURE_KEEP_CAPS))
            t->cap_permitted = t->cap_effective = 0;
        t->cap_ambient = 0;
    }
    if (o->euid == root && t->euid != root)
        t->cap_effective = 0;
    if (o->euid != root && t->euid == root)
        t->cap_effective = t->cap_permitted;
}

/* ---- file capabilities ---- */

/* Linux's get_vfs_caps_from_disk and bprm_caps_from_vfs_caps, before an
 * exec of ip by current passes its point of no return: the program's
 * permitted and inheritable sets and effective bit from its
 * security.capability attribute (revision 2, or 3 whose root id is 0:
 * one for another user namespace's root counts as none), fc->has false
 * when there is none. 0; -EINVAL for an attribute of a wrong size or
 * revision; -EPERM when the effective bit is set and the exec could not
 * give every capability the file asks (the bounding set lacks one):
 * such a program would run without what it counts on. */
int cap_exec_file(struct inode *ip, struct file_caps *fc)
{
    struct vfs_ns_cap_data v;
    memset(fc, 0, sizeof *fc);
    ssize_t n = __vfs_getxattr(ip, XATTR_NAME_CAPS, &v, sizeof v);
    if (n == -ENODATA)
        return 0;
    if (n < 0)
        return (int)n;
    if ((size_t)n < sizeof v.magic_etc)
        return -EINVAL;
    switch (v.magic_etc & VFS_CAP_REVISION_MASK) {
    case VFS_CAP_REVISION_1: if (n != XATTR_CAPS_SZ_1) return -EINVAL; v.data[1].permitted = v.data[1].inheritable = 0; break;
    case VFS_CAP_REVISION_2: if (n != XATTR_CAPS_SZ_2) return -EINVAL; break;
    case VFS_CAP_REVISION_3: if (n != XATTR_CAPS_SZ_3) return -EINVAL; if (v.rootid) return 0; break;
    default: return -EINVAL;
    }
    fc->has = true;
    fc->effective = v.magic_etc & VFS_CAP_FLAGS_EFFECTIVE;
    fc->permitted = ((uint64_t)v.data[1].permitted << 32 | v.data[0].permitted) & CAP_FULL_SET;
    fc->inheritable = ((uint64_t)v.data[1].inheritable << 32 | v.data[0].inheritable) & CAP_FULL_SET;
    uint64_t given = (current->cap_bset & fc->permitted) | (current->cap_inheritable & fc->inheritable);
    return fc->effective && (fc->permitted & ~given) ? -EPERM : 0;
}

/* Linux's is_v2header and is_v3header: a value of the revision's size
 * whose magic is the revision with at most the effective flag: the
 * revision, or 0 for neither. */
static uint32_t cap_header(const struct vfs_ns_cap_data *v, size_t size)
{
    uint32_t rev = size >= 4 ? v->magic_etc & ~(uint32_t)VFS_CAP_FLAGS_EFFECTIVE : 0;
    if ((size == XATTR_CAPS_SZ_2 && rev == VFS_CAP_REVISION_2) ||
        (size == XATTR_CAPS_SZ_3 && rev == VFS_CAP_REVISION_3))
        return rev;
    return 0;
}

/* setxattr of security.capability (Linux's cap_convert_nscap), before
 * any other check: the value must be a revision 2 or 3 header of its
 * size (cap_header; -EINVAL), the writer must hold CAP_SETFCAP (-EPERM).
 * Revision 2 is kept as written; revision 3 is rewritten with only its
 * effective flag kept (into *buf, *value then points there). */
int cap_convert_nscap(const void **value, size_t size, struct vfs_ns_cap_data *buf)
{
    const struct vfs_ns_cap_data *v = *value;
    uint32_t rev = cap_header(v, size);
    if (!rev)
        return -EINVAL;
    if (!capable(CAP_SETFCAP))
        return -EPERM;
    if (rev == VFS_CAP_REVISION_3) {
        if (v->rootid == 0xFFFFFFFFu)
            return -EINVAL;                  /* no valid id */
        *buf = *v;
        buf->magic_etc = VFS_CAP_REVISION_3 | (v->magic_etc & VFS_CAP_FLAGS_EFFECTIVE);
        *value = buf;
    }
    return 0;
}

/* getxattr of security.capability as Linux's cap_inode_getsecurity
 * shows it: a revision 3 attribute whose root id is 0 reads as revision
 * 2 (that root is ours), any other as stored. Converts v in place; the
 * size to show, or -EINVAL for a value that is neither. */
ssize_t cap_getsecurity(struct vfs_ns_cap_data *v, ssize_t n)
{
    uint32_t rev = n >= 0 ? cap_header(v, (size_t)n) : 0;
    if (rev == VFS_CAP_REVISION_2)
        return n;
    if (rev != VFS_CAP_REVISION_3)
        return -EINVAL;
    if (v->rootid)
        return n;
    v->magic_etc = VFS_CAP_REVISION_2 | (v->magic_etc & VFS_CAP_FLAGS_EFFECTIVE);
    return XATTR_CAPS_SZ_2;
}

/* Linux's bprm_fill_uid and cap_bprm_creds_from_file for an exec of ip
 * by t, before the new image's auxv is built: a set-user-id program
 * gives its owner as effective id, a set-group-id one (with group
 * execute) its group, neither under no_new_privs. With file capabilities
 * fc (cap_exec_file): permitted = (bounding & fP) | (inheritable & fI),
 * effective too when fc's effective bit is set. Root (real or effective,
 * unless SECBIT_NOROOT; not a set-user-id-root program with file
 * capabilities) gets permitted = bounding | inheritable, and effective
 * too when the effective id is 0. A traced exec (by a tracer without
 * CAP_SYS_PTRACE) or one under no_new_privs gains nothing: ids kept,
 * permitted no larger than before. Ambient capabilities survive only an
 * exec of a plain program, and join permitted (and effective when the
 * file says nothing of it). The saved and file-system ids take the
 * effective ones. Returns AT_SECURE: whether the program runs with more
 * privilege than its caller had. */
bool cap_exec(struct task *t, const struct inode *ip, const struct file_caps *fc)
{
    uint32_t old_uid = t->uid, old_gid = t->gid, root = task_root_uid(t);
    uint64_t old_permitted = t->cap_permitted;
    bool effective = fc->effective;
    if (ip && !t->no_new_privs && kuid_has_mapping(task_user_ns(t), ip->i_uid) &&
        kgid_has_mapping(task_user_ns(t), ip->i_gid)) {   /* bprm_fill_uid: owners it maps */
        if (ip->i_mode & S_ISUID)
            t->euid = ip->i_uid;
        if ((ip->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
            t->egid = ip->i_gid;
    }
    t->cap_permitted = fc->has ? (t->cap_bset & fc->permitted) | (t->cap_inheritable & fc->inheritable) : 0;
    if (!issecure(t, SECURE_NOROOT) && !(fc->has && t->euid == root && t->uid != root)) {
        if (t->euid == root || t->uid == root)
            t->cap_permitted = t->cap_bset | t->cap_inheritable;
        if (t->euid == root)
            effective = true;
    }
    bool setid = t->euid != old_uid || t->egid != old_gid;
    bool gained = !subset(t->cap_permitted, old_permitted);
    bool unsafe_trace = t->tracer && !t->ptracer_cap;
    if ((setid || gained) && (t->no_new_privs || unsafe_trace)) {
        if (!ns_capable(task_user_ns(t), CAP_SETUID) || t->no_new_privs) {
            t->euid = t->uid;
            t->egid = t->gid;
        }
        t->cap_permitted &= old_permitted;
    }
    t->suid = t->fsuid = t->euid;
    t->sgid = t->fsgid = t->egid;
    if (setid || fc->has)
        t->cap_ambient = 0;
    t->cap_permitted |= t->cap_ambient;
    t->cap_effective = effective ? t->cap_permitted : t->cap_ambient;
    t->securebits &= ~(1u << SECURE_KEEP_CAPS);
    return setid || (t->uid != root && (effective || !subset(t->cap_permitted, t->cap_ambient)));
}

/* ---- capget(2), capset(2) ---- */

/* The header's version: 1 holds 32 bits of each set, 2 and 3 hold 64.
 * Any other: Linux writes the version it prefers (3) back and says
 * -EINVAL. The number of 32-bit words, or -errno. */
static int cap_words(cap_user_header_t h)
{
    uint32_t v;
    if (get_user32(&v, &h->version))
        return -EFAULT;
    if (v == _LINUX_CAPABILITY_VERSION_1)
        return _LINUX_CAPABILITY_U32S_1;
    if (v == _LINUX_CAPABILITY_VERSION_2 || v == _LINUX_CAPABILITY_VERSION_3)
        return _LINUX_CAPABILITY_U32S_3;
    v = _LINUX_CAPABILITY_VERSION_3;
    return copy_to_user(&h->version, &v, 4) ? -EFAULT : -EINVAL;
}

/* capget: the effective, permitted and inheritable sets of the task
 * header->pid (0: current; a thread's id names that thread). No data
 * pointer makes it a question about the version: 0 (after an unknown
 * one is written back), the pid not looked at. -EINVAL for a negative
 * pid, -ESRCH, -EFAULT. */
long sys_capget(cap_user_header_t hdr, cap_user_data_t data)
{
    int words = cap_words(hdr);
    if (!data)
        return words == -EFAULT ? -EFAULT : 0;
    if (words < 0)
        return words;
    uint32_t pid;
    if (get_user32(&pid, &hdr->pid))
        return -EFAULT;
    if ((int32_t)pid < 0)
        return -EINVAL;
    struct task *t = pid && (int)pid != pid_vnr(current->pid) ? find_task_by_vpid((int)pid) : current;
    if (!t)
        return -ESRCH;
    struct __user_cap_data_struct k[_LINUX_CAPABILITY_U32S_3];
    for (int i = 0; i < words; i++) {
        k[i].effective = (uint32_t)(t->cap_effective >> (32 * i));
        k[i].permitted = (uint32_t)(t->cap_permitted >> (32 * i));
        k[i].inheritable = (uint32_t)(t->cap_inheritable >> (32 * i));
    }
    return copy_to_user(data, k, words * sizeof k[0]) ? -EFAULT : 0;
}

/* capset: new effective, permitted and inheritable sets for current
 * (header->pid 0 or current's own id; any other: -EPERM). Permitted may
 * only shrink, effective stays within the new permitted, inheritable
 * grows only within bounding, and only from permitted without
 * CAP_SETPCAP: else -EPERM, nothing changed. Ambient bits no longer both
 * permitted and inheritable go. Bits above CAP_LAST_CAP are ignored. */
long sys_capset(cap_user_header_t hdr, const cap_user_data_t data)
{
    int words = cap_words(hdr);
    if (words < 0)
        return words;
    uint32_t pid;
    if (get_user32(&pid, &hdr->pid))
        return -EFAULT;
    if (pid && (int)pid != pid_vnr(current->pid))
        return -EPERM;
    struct __user_cap_data_struct k[_LINUX_CAPABILITY_U32S_3];
    memset(k, 0, sizeof k);
    if (copy_from_user(k, data, words * sizeof k[0]))
        return -EFAULT;
    uint64_t e = ((uint64_t)k[1].effective << 32 | k[0].effective) & CAP_FULL_SET;
    uint64_t p = ((uint64_t)k[1].permitted << 32 | k[0].permitted) & CAP_FULL_SET;
    uint64_t i = ((uint64_t)k[1].inheritable << 32 | k[0].inheritable) & CAP_FULL_SET;
    struct task *t = current;
    if (!ns_capable(current_user_ns(), CAP_SETPCAP) && !subset(i, t->cap_inheritable | t->cap_permitted))
        return -EPERM;
    if (!subset(i, t->cap_inheritable | t->cap_bset) || !subset(p, t->cap_permitted) ||
        !subset(e, p))
        return -EPERM;
    t->cap_effective = e;
    t->cap_permitted = p;
    t->cap_inheritable = i;
    t->cap_ambient &= p & i;
    return 0;
}

/* ---- prctl's capability options ---- */

#define SECURE_ALL_BITS_K ((1u << SECURE_NOROOT) | (1u << SECURE_NO_SETUID_FIXUP) | \
                           (1u << SECURE_KEEP_CAPS) | (1u << SECURE_NO_CAP_AMBIENT_RAISE))
#define SECURE_ALL_LOCKS_K (SECURE_ALL_BITS_K << 1)

static bool cap_ok(uint32_t cap) { return cap <= CAP_LAST_CAP; }

/* PR_SET_SECUREBITS: a locked bit may not change and a lock may not be
 * taken off; unknown bits and a caller without CAP_SETPCAP: -EPERM. */
static long set_securebits(struct task *t, uint32_t bits)
{
    uint32_t old = t->securebits;
    if ((((old & SECURE_ALL_LOCKS_K) >> 1) & (old ^ bits)) || (old & SECURE_ALL_LOCKS_K & ~bits) ||
        (bits & ~(SECURE_ALL_LOCKS_K | SECURE_ALL_BITS_K)) || !ns_capable(current_user_ns(), CAP_SETPCAP))
        return -EPERM;
    t->securebits = bits;
    return 0;
}

/* PR_CAP_AMBIENT: CLEAR_ALL; IS_SET, RAISE (the capability must be
 * permitted and inheritable, and SECBIT_NO_CAP_AMBIENT_RAISE off) and
 * LOWER of one capability. */
static long cap_ambient(struct task *t, uint32_t op, uint32_t cap, uint32_t a4, uint32_t a5)
{
    if (op == PR_CAP_AMBIENT_CLEAR_ALL) {
        if (cap | a4 | a5)
            return -EINVAL;
        t->cap_ambient = 0;
        return 0;
    }
    if (!cap_ok(cap) || a4 || a5)
        return -EINVAL;
    switch (op) {
    case PR_CAP_AMBIENT_IS_SET:
        return (t->cap_ambient >> cap) & 1;
    case PR_CAP_AMBIENT_RAISE:
        if (!(t->cap_permitted & t->cap_inheritable & BIT(cap)) ||
            issecure(t, SECURE_NO_CAP_AMBIENT_RAISE))
            return -EPERM;
        t->cap_ambient |= BIT(cap);
        return 0;
    case PR_CAP_AMBIENT_LOWER:
        t->cap_ambient &= ~BIT(cap);
        return 0;
    }
    return -EINVAL;
}

/* The prctl options that belong to capabilities, asked first as Linux's
 * security_task_prctl: true with *ret set when option is one of them. */
bool cap_prctl(int option, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, long *ret)
{
    struct task *t = current;
    switch (option) {
    case PR_CAPBSET_READ:
        *ret = !cap_ok(a2) ? -EINVAL : (long)((t->cap_bset >> a2) & 1);
        return true;
    case PR_CAPBSET_DROP:
        *ret = !ns_capable(current_user_ns(), CAP_SETPCAP) ? -EPERM : !cap_ok(a2) ? -EINVAL : 0;
        if (*ret == 0)
            t->cap_bset &= ~BIT(a2);
        return true;
    case PR_GET_SECUREBITS:
        *ret = t->securebits;
        return true;
    case PR_SET_SECUREBITS:
        *ret = set_securebits(t, a2);
        return true;
    case PR_GET_KEEPCAPS:
        *ret = issecure(t, SECURE_KEEP_CAPS);
        return true;
    case PR_SET_KEEPCAPS:
        *ret = a2 > 1 ? -EINVAL : issecure(t, SECURE_KEEP_CAPS_LOCKED) ? -EPERM : 0;
        if (*ret == 0)
            t->securebits = (t->securebits & ~(1u << SECURE_KEEP_CAPS)) | a2 << SECURE_KEEP_CAPS;
        return true;
    case PR_CAP_AMBIENT:
        *ret = cap_ambient(t, a2, a3, a4, a5);
        return true;
    }
    return false;
}
