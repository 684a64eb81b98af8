/* Filesystem contexts: the new mount API's way to make and reconfigure a
 * filesystem (Linux 5.2+, fs/fsopen.c and fs/fs_context.c as 6.1 has
 * them). fsopen(2) opens a context for a new instance of a filesystem
 * type, fspick(2) one for a mounted instance; fsconfig(2) sets its
 * parameters one at a time and runs its commands (create, reconfigure);
 * fsmount(2) makes the created instance a detached mount
 * (fs/mount_api.c) that move_mount(2) attaches. The context's
 * descriptor reads back the errors its parameters met ("e ..."). The
 * parameters are handed to the filesystem as mount(2)'s data. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "ipc/eventfd.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/ramfs.h"
#include <linux/mount.h>

enum fs_context_phase {
    FS_CONTEXT_CREATE_PARAMS,               /* fsopen: parameters for a new instance */
    FS_CONTEXT_CREATING,
    FS_CONTEXT_AWAITING_MOUNT,              /* created: fsmount next */
    FS_CONTEXT_AWAITING_RECONF,             /* mounted or reconfigured: the next call starts over */
    FS_CONTEXT_RECONF_PARAMS,               /* fspick: parameters for a reconfiguration */
    FS_CONTEXT_RECONFIGURING,
    FS_CONTEXT_FAILED,                      /* a command failed: nothing more */
};

#define FC_LOG_SIZE 8                       /* messages kept; the oldest go first */
#define FC_DATA_MAX 1024                    /* the parameters, as mount(2)'s data */
#define SB_FLAGS_RMT (MS_RDONLY | MS_SYNCHRONOUS | MS_MANDLOCK | MS_I_VERSION | MS_LAZYTIME)

struct fs_context {
    const struct file_system_type *fs_type;
    enum fs_context_phase phase;
    struct super_block *sb;                 /* created or picked: counted in s_mounts */
    char *source;                           /* "source": the mount's device name */
    char data[FC_DATA_MAX];                 /* the filesystem's parameters, "k=v,k" */
    unsigned sb_flags, sb_flags_mask;       /* MS_RDONLY... that "ro", "sync"... set or clear */
    char *log[FC_LOG_SIZE];
    uint8_t head, tail;
};

/* ---- the message log ---- */

/* Logs "e <text>\n" (Linux's logfc, level 'e'); -EINVAL for the caller
 * to return. A full log loses its oldest message. */
__attribute__((format(printf, 2, 3)))
static int invalf(struct fs_context *fc, const char *fmt, ...)
{
    char text[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    n = MIN(n, (int)sizeof text - 1);
    char *msg = kmalloc(n + 4);
    if (!msg)
        return -EINVAL;
    snprintf(msg, n + 4, "e %s\n", text);
    if ((uint8_t)(fc->head - fc->tail) == FC_LOG_SIZE)
        kfree(fc->log[fc->tail++ % FC_LOG_SIZE]);
    fc->log[fc->head++ % FC_LOG_SIZE] = msg;
    return -EINVAL;
}

/* read(2) of the context: its oldest message, whole (-EMSGSIZE, and it
 * is lost, when n is too small), or -ENODATA when there is none. */
static ssize_t fscontext_read(struct file *f, char *ubuf, size_t n, loff_t *pos UNUSED)
{
    struct fs_context *fc = f->private_data;
    if (fc->head == fc->tail)
        return -ENODATA;
    char *msg = fc->log[fc->tail++ % FC_LOG_SIZE];
    size_t len = strlen(msg);
    ssize_t r = len > n ? -EMSGSIZE : copy_to_user(ubuf, msg, len) ? -EFAULT : (ssize_t)len;
    kfree(msg);
    return r;
}

/* The context holds its instance as a mount would (Linux's active
 * reference): an instance no mount took goes with the context. */
static void fc_drop_sb(struct fs_context *fc)
{
    struct super_block *sb = fc->sb;
    fc->sb = NULL;
    if (sb && --sb->s_mounts == 0 && sb->s_type->kill_sb)
        sb->s_type->kill_sb(sb);
}

static void fscontext_release(struct inode *ip UNUSED, struct file *f)
{
    struct fs_context *fc = f->private_data;
    fc_drop_sb(fc);
    while (fc->tail != fc->head)
        kfree(fc->log[fc->tail++ % FC_LOG_SIZE]);
    kfree(fc->source);
    kfree(fc);
}

static const struct file_operations fscontext_fops = {
    .read = fscontext_read, .release = fscontext_release,
};

/* A context for type (and, to reconfigure, its instance sb) behind a new
 * descriptor "anon_inode:[fscontext]", read-write. The descriptor or
 * -errno. */
static long fscontext_create_fd(const struct file_system_type *type, struct super_block *sb,
                                enum fs_context_phase phase, bool cloexec)
{
    struct fs_context *fc = kzalloc(sizeof *fc);
    struct file *f = fc ? anon_inode_getfile("[fscontext]", &fscontext_fops, fc, O_RDWR) : NULL;
    if (!f) {
        kfree(fc);
        return -ENOMEM;
    }
    fc->fs_type = type;
    fc->phase = phase;
    if ((fc->sb = sb))
        sb->s_mounts++;
    return anon_inode_install(f, cloexec ? O_CLOEXEC : 0);
}

/* A user string of fewer than max bytes, kmalloc'd (Linux's
 * strndup_user): -EFAULT, -EINVAL when too long. */
static char *strndup_user(const char *u, size_t max)
{
    char *k = kmalloc(max);
    if (!k)
        return ERR_PTR(-ENOMEM);
    int r = strncpy_from_user(k, u, max);
    if (r < 0) {
        kfree(k);
        return ERR_PTR(r == -ENAMETOOLONG ? -EINVAL : r);
    }
    return k;
}

/* fsopen(fsname, flags): a context for a new instance of fsname
 * (CAP_SYS_ADMIN; FSOPEN_CLOEXEC only; -ENODEV for a type Pipit does
 * not have). */
long sys_fsopen(const char *ufsname, unsigned flags)
{
    if (!may_mount())
        return -EPERM;
    if (flags & ~FSOPEN_CLOEXEC)
        return -EINVAL;
    char *name = strndup_user(ufsname, PAGE_SIZE);
    if (IS_ERR_PTR(name))
        return PTR_ERR(name);
    bool internal;
    const struct file_system_type *type = get_fs_type(name, &internal);
    kfree(name);
    if (!type)
        return -ENODEV;
    return fscontext_create_fd(type, NULL, FS_CONTEXT_CREATE_PARAMS, flags & FSOPEN_CLOEXEC);
}

/* fspick(dfd, path, flags): a context to reconfigure the instance
 * mounted at path (its mount's root: else -EINVAL). */
long sys_fspick(int dfd, const char *upath, unsigned flags)
{
    if (!may_mount())
        return -EPERM;
    if (flags & ~(FSPICK_CLOEXEC | FSPICK_SYMLINK_NOFOLLOW | FSPICK_NO_AUTOMOUNT | FSPICK_EMPTY_PATH))
        return -EINVAL;
    int lookup = ((flags & FSPICK_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
                 ((flags & FSPICK_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
    struct inode *ip;
    int r = user_path_at(dfd, upath, lookup, &ip);
    if (r)
        return r;
    struct mount *m = current->nd_mnt;
    inode_put(ip);                           /* (the mount keeps its root) */
    if (ip != m->mnt_root)
        return -EINVAL;
    return fscontext_create_fd(m->mnt_sb->s_type, m->mnt_sb, FS_CONTEXT_RECONF_PARAMS,
                               flags & FSPICK_CLOEXEC);
}

/* ---- parameters ---- */

/* One parameter as fsconfig gives it (Linux's struct fs_parameter). */
struct fs_param {
    const char *key;
    unsigned cmd;                           /* FSCONFIG_SET_*: its type */
    const char *string;                     /* SET_STRING's value */
};

enum { P_FLAG, P_VALUE };                   /* a flag, or a key with a string value */
struct param_spec { const char *fs, *key; int type; };

/* The parameters Linux 6.1's filesystems know, of Pipit's types; those
 * Pipit does not keep are refused by the filesystem's check. */
static const struct param_spec specs[] = {
    { "tmpfs", "gid", P_VALUE }, { "tmpfs", "huge", P_VALUE }, { "tmpfs", "mode", P_VALUE },
    { "tmpfs", "mpol", P_VALUE }, { "tmpfs", "nr_blocks", P_VALUE },
    { "tmpfs", "nr_inodes", P_VALUE }, { "tmpfs", "size", P_VALUE }, { "tmpfs", "uid", P_VALUE },
    { "tmpfs", "inode32", P_FLAG }, { "tmpfs", "inode64", P_FLAG },
    { "ramfs", "mode", P_VALUE },
    { "proc", "gid", P_VALUE }, { "proc", "hidepid", P_VALUE }, { "proc", "subset", P_VALUE },
    { "cgroup2", "nsdelegate", P_FLAG }, { "cgroup2", "favordynmods", P_FLAG },
    { "cgroup2", "memory_localevents", P_FLAG }, { "cgroup2", "memory_recursiveprot", P_FLAG },
};

/* The superblock flags every filesystem takes (vfs_parse_sb_flag),
 * whatever the parameter's type. */
static bool parse_sb_flag(struct fs_context *fc, const char *key)
{
    static const struct { const char *key; unsigned set, clear; } t[] = {
        { "dirsync", MS_DIRSYNC, 0 }, { "lazytime", MS_LAZYTIME, 0 }, { "mand", MS_MANDLOCK, 0 },
        { "ro", MS_RDONLY, 0 }, { "sync", MS_SYNCHRONOUS, 0 }, { "async", 0, MS_SYNCHRONOUS },
        { "nolazytime", 0, MS_LAZYTIME }, { "nomand", 0, MS_MANDLOCK }, { "rw", 0, MS_RDONLY },
    };
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        if (!strcmp(t[i].key, key)) {
            fc->sb_flags = (fc->sb_flags | t[i].set) & ~t[i].clear;
            fc->sb_flags_mask |= t[i].set | t[i].clear;
            return true;
        }
    return false;
}

/* Adds "key" or "key=value" to the data handed to the filesystem. */
static int add_data(struct fs_context *fc, const char *key, const char *value)
{
    size_t n = strlen(fc->data);
    int w = snprintf(fc->data + n, sizeof fc->data - n, "%s%s%s%s", n ? "," : "", key,
                     value ? "=" : "", value ? value : "");
    if (w >= (int)(sizeof fc->data - n)) {
        fc->data[n] = 0;
        return -ENOMEM;
    }
    return 0;
}

/* A parameter of the filesystem's own (fs_parse and the filesystem's
 * parse_param): its type, then its value as Pipit's filesystem would
 * take it at mount(2). 1 when fc's type does not know the key. */
static int parse_fs_param(struct fs_context *fc, const struct fs_param *p)
{
    const char *fs = fc->fs_type->name;
    const struct param_spec *s = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(specs) && !s; i++)
        if (!strcmp(specs[i].fs, fs) && !strcmp(specs[i].key, p->key))
            s = &specs[i];
    if (!s)
        return 1;
    if (s->type == P_FLAG && p->cmd != FSCONFIG_SET_FLAG)
        return invalf(fc, "%s: Unexpected value for '%s'", fs, p->key);
    if (!strcmp(fs, "cgroup2"))              /* flags only (kernel/cgroup/cgroup_fs.c) */
        return add_data(fc, p->key, NULL);
    bool proc = !strcmp(fs, "proc");       /* its values are checked whole, commas and all */
    if (s->type == P_VALUE && (p->cmd != FSCONFIG_SET_STRING || !*p->string ||
                               (!proc && strchr(p->string, ','))))
        return invalf(fc, "%s: Bad value for '%s'", fs, p->key);
    char opt[300], msg[120] = "";
    snprintf(opt, sizeof opt, "%s%s%s", p->key, p->string ? "=" : "", p->string ? p->string : "");
    int r = strcmp(fs, "proc") ? tmpfs_check_option(opt, strcmp(fs, "ramfs") != 0)
                               : proc_check_param(p->key, p->string, msg, sizeof msg);
    if (r && msg[0])
        return invalf(fc, "%s: %s", fs, msg);  /* "unknown value of hidepid - 3"... */
    if (r)
        return invalf(fc, "%s: Bad value for '%s'", fs, p->key);
    if (proc && !strcmp(p->key, "subset")) { /* a good list: "pid" once, or nothing (",") */
        const char *c = p->string;
        while (*c == ',')
            c++;
        return *c ? add_data(fc, "subset", "pid") : 0;
    }
    return add_data(fc, p->key, p->string);
}

/* vfs_parse_fs_param: the superblock flags, the filesystem's own
 * parameters, "source", then -EINVAL for what no one knows (ramfs
 * ignores it, as Linux's). */
static int parse_param(struct fs_context *fc, const struct fs_param *p)
{
    if (parse_sb_flag(fc, p->key))
        return 0;
    int r = parse_fs_param(fc, p);
    if (r <= 0)
        return r;
    if (!strcmp(p->key, "source")) {
        if (p->cmd != FSCONFIG_SET_STRING)
            return invalf(fc, "Non-string source");
        if (fc->source)
            return invalf(fc, "Multiple sources");
        size_t n = strlen(p->string) + 1;
        if (!(fc->source = kmalloc(n)))
            return -ENOMEM;
        memcpy(fc->source, p->string, n);
        return 0;
    }
    if (!strcmp(fc->fs_type->name, "ramfs"))
        return 0;
    return invalf(fc, "%s: Unknown parameter '%s'", fc->fs_type->name, p->key);
}

/* ---- commands ---- */

/* vfs_clean_context: after a mount or a reconfiguration, the context
 * waits to start over as one for reconfiguring its instance. */
static void clean_context(struct fs_context *fc)
{
    kfree(fc->source);
    fc->source = NULL;
    fc->data[0] = 0;
    fc->sb_flags = fc->sb_flags_mask = 0;
    fc->phase = FS_CONTEXT_AWAITING_RECONF;
}

/* FSCONFIG_CMD_CREATE: the new instance, from the parameters. */
static int cmd_create(struct fs_context *fc)
{
    if (fc->phase != FS_CONTEXT_CREATE_PARAMS)
        return -EBUSY;
    if (!mount_capable(fc->fs_type))
        return -EPERM;
    fc->phase = FS_CONTEXT_CREATING;
    struct super_block *sb;
    int r = fc->fs_type->get_sb(fc->data, fc->sb_flags & MS_RDONLY, &sb);
    if (r) {
        fc->phase = FS_CONTEXT_FAILED;
        return r;
    }
    if (sb->s_mounts++ == 0) {               /* a new instance: the flags are its own */
        sb->s_rdonly = fc->sb_flags & MS_RDONLY;
        sb->s_flags = fc->sb_flags & (MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME);
    }
    fc->sb = sb;
    fc->phase = FS_CONTEXT_AWAITING_MOUNT;
    return 0;
}

/* FSCONFIG_CMD_RECONFIGURE (reconfigure_super): only the remountable
 * flags (-EINVAL for dirsync), read-only only without writers (-EBUSY),
 * the filesystem's parameters as a remount's; the flags named change. */
static int cmd_reconfigure(struct fs_context *fc)
{
    if (fc->phase != FS_CONTEXT_RECONF_PARAMS)
        return -EBUSY;
    fc->phase = FS_CONTEXT_RECONFIGURING;
    struct super_block *sb = fc->sb;
    int r = 0;
    bool ro = fc->sb_flags & MS_RDONLY;
    if (!capable(CAP_SYS_ADMIN))
        r = -EPERM;
    else if (fc->sb_flags_mask & ~SB_FLAGS_RMT)
        r = -EINVAL;
    else if ((fc->sb_flags_mask & MS_RDONLY) && ro && !sb->s_rdonly && has_writers(sb, NULL))
        r = -EBUSY;
    else if (sb->s_type->remount)
        r = sb->s_type->remount(sb, fc->data);
    else if (fc->data[0])
        r = -EINVAL;
    if (r) {
        fc->phase = FS_CONTEXT_FAILED;
        return r;
    }
    unsigned mask = fc->sb_flags_mask & ~(MS_RDONLY | MS_MANDLOCK | MS_I_VERSION);
    if (fc->sb_flags_mask & MS_RDONLY)
        sb->s_rdonly = ro;
    sb->s_flags = (sb->s_flags & ~mask) | (fc->sb_flags & mask);
    clean_context(fc);
    return 0;
}

/* The user's parameter of command cmd, copied in: the key (under 256
 * bytes) and the value its type has. A path or a descriptor is only
 * checked: Pipit's filesystems take neither. */
static int param_copy(unsigned cmd, const char *ukey, const void *uvalue, int aux,
                      struct fs_param *p, char **kkey, char **kstr)
{
    p->cmd = cmd;
    if (!ukey)
        return 0;
    *kkey = strndup_user(ukey, 256);
    if (IS_ERR_PTR(*kkey)) {
        int r = PTR_ERR(*kkey);
        *kkey = NULL;
        return r;
    }
    p->key = *kkey;
    char *v = NULL;
    if (cmd == FSCONFIG_SET_STRING) {
        v = strndup_user(uvalue, 256);
    } else if (cmd == FSCONFIG_SET_BINARY) {
        v = kmalloc(aux + 1);
        if (v && copy_from_user(v, uvalue, aux)) {
            kfree(v);
            v = ERR_PTR(-EFAULT);
        }
    } else if (cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY) {
        v = getname(uvalue);
        if (!IS_ERR_PTR(v) && !*v && cmd == FSCONFIG_SET_PATH) {
            kfree(v);
            v = ERR_PTR(-ENOENT);
        }
    } else if (cmd == FSCONFIG_SET_FD) {
        return fget(aux) ? 0 : -EBADF;
    }
    if (!v)
        return cmd == FSCONFIG_SET_FLAG ? 0 : -ENOMEM;
    if (IS_ERR_PTR(v))
        return PTR_ERR(v);
    *kstr = v;
    p->string = cmd == FSCONFIG_SET_STRING ? v : NULL;
    return 0;
}

/* fsconfig(fd, cmd, key, value, aux): the arguments each command takes
 * (-EINVAL, -EOPNOTSUPP for an unknown command), the context (-EBADF,
 * -EINVAL for another file), the parameter copied in, then, after a
 * mount or a reconfiguration, the context starts over to reconfigure;
 * a parameter is taken only before a command (-EBUSY after). */
long sys_fsconfig(int fd, unsigned cmd, const char *ukey, const void *uvalue, int aux)
{
    if (fd < 0)
        return -EINVAL;
    switch (cmd) {
    case FSCONFIG_SET_FLAG:
        if (!ukey || uvalue || aux)
            return -EINVAL;
        break;
    case FSCONFIG_SET_STRING:
        if (!ukey || !uvalue || aux)
            return -EINVAL;
        break;
    case FSCONFIG_SET_BINARY:
        if (!ukey || !uvalue || aux <= 0 || aux > 1024 * 1024)
            return -EINVAL;
        break;
    case FSCONFIG_SET_PATH:
    case FSCONFIG_SET_PATH_EMPTY:
        if (!ukey || !uvalue || (aux != AT_FDCWD && aux < 0))
            return -EINVAL;
        break;
    case FSCONFIG_SET_FD:
        if (!ukey || uvalue || aux < 0)
            return -EINVAL;
        break;
    case FSCONFIG_CMD_CREATE:
    case FSCONFIG_CMD_RECONFIGURE:
        if (ukey || uvalue || aux)
            return -EINVAL;
        break;
    default:
        return -EOPNOTSUPP;
    }
    struct file *f = fget(fd);                /* (not an O_PATH one: -EBADF) */
    if (!f)
        return -EBADF;
    if (f->f_op != &fscontext_fops)
        return -EINVAL;
    struct fs_context *fc = f->private_data;
    struct fs_param p = { 0 };
    char *key = NULL, *str = NULL;
    int r = param_copy(cmd, ukey, uvalue, aux, &p, &key, &str);
    if (!r && fc->phase == FS_CONTEXT_AWAITING_RECONF) {
        fc->data[0] = 0;                     /* finish_clean_context */
        fc->phase = FS_CONTEXT_RECONF_PARAMS;
    }
    if (r)
        ;
    else if (cmd == FSCONFIG_CMD_CREATE)
        r = cmd_create(fc);
    else if (cmd == FSCONFIG_CMD_RECONFIGURE)
        r = cmd_reconfigure(fc);
    else if (fc->phase != FS_CONTEXT_CREATE_PARAMS && fc->phase != FS_CONTEXT_RECONF_PARAMS)
        r = -EBUSY;
    else
        r = parse_param(fc, &p);
    kfree(key);
    kfree(str);
    return r;
}

/* fsmount(fs_fd, flags, attr_flags): the created instance as a new
 * detached mount with attr_flags' MNT_* flags, behind an O_PATH
 * descriptor (installed last: -EMFILE after the rest). The context then
 * waits to reconfigure the instance. */
long sys_fsmount(int fs_fd, unsigned flags, unsigned attr_flags)
{
    if (!may_mount())
        return -EPERM;
    if (flags & ~FSMOUNT_CLOEXEC)
        return -EINVAL;
    long mf = mount_attr_flags(attr_flags);
    if (mf < 0)
        return -EINVAL;
    struct file *f = fget(fs_fd);
    if (!f)
        return -EBADF;
    if (f->f_op != &fscontext_fops)
        return -EINVAL;
    struct fs_context *fc = f->private_data;
    if (!fc->sb)
        return -EINVAL;
    if (fc->phase != FS_CONTEXT_AWAITING_MOUNT)
        return -EBUSY;
    struct super_block *sb = fc->sb;
    unsigned flags_locked = (unsigned)mf;
    if (mount_too_revealing(sb, &flags_locked))
        return -EPERM;                       /* what /proc hides stays hidden */
    struct mount *m = mnt_alloc(sb, sb->s_root, flags_locked, fc->source ? fc->source : "none");
    if (!m)
        return -ENOMEM;
    clean_context(fc);
    struct file *mf_file;
    inode_get(sb->s_root);
    int r = mnt_detached_open(m, sb->s_root, &mf_file);
    if (r)
        return r;
    int fd = fd_install(mf_file, 0, flags & FSMOUNT_CLOEXEC);
    if (fd < 0)
        file_put(mf_file);
    return fd;
}
