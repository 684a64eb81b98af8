/* execve: replaces the current process image with a static i386 ELF
 * executable (or a #! script's interpreter). The new address space is
 * built beside the old one, so any error before the switch leaves the
 * caller intact: first its stack, with the file name, the environment and
 * the arguments (kernel/exec_args.c), then the program's segments. The
 * initial stack is laid out as the i386 System V ABI and Linux do: argc,
 * argv[], NULL, envp[], NULL, auxv pairs, then the strings. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/events/perf_event.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vdso.h"
#include "kernel/time_namespace.h"
#include "kernel/gdt.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/futex.h"
#include "kernel/exec_args.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include "security/keys/keys.h"
#include <linux/elf.h>
#include <linux/auxvec.h>
#include <linux/limits.h>                    /* PATH_MAX */

#define STACK_EXPAND (128 * 1024)            /* stack below the strings at exec; it grows */
#define MAX_INTERP 5                         /* "#!" interpreters followed, as Linux */

/* Linux's kernel_read of the program through exec's file f: asks
 * FAN_ACCESS_PERM first, and reports IN_ACCESS (FAN_ACCESS) when bytes
 * came. The bytes read, or -EPERM (a listener denied it), -errno. (The
 * segments exec copies are Linux's mapped pages, which report nothing.) */
static ssize_t kernel_read(struct file *f, void *buf, size_t n, loff_t off)
{
    int r = fsnotify_access_perm(f);
    if (r)
        return r;
    ssize_t got = vfs_read_kernel(f->f_inode, buf, n, off);
    if (got > 0)
        fsnotify_access(f);
    return got;
}

/* Fills the pages of [from, to) of segment p with private zeroed pages
 * holding the segment's bytes from the file (zeros past p_filesz). 0,
 * -ENOMEM or -EIO (the file is short). */
static int load_private(struct inode *ip, struct mm *mm, const Elf32_Phdr *p, uintptr_t from, uintptr_t to,
                        uint32_t flags)
{
    for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
        paddr_t pa = page_alloc_user_zeroed();
        if (!pa)
            return -ENOMEM;
        if (map_page(mm->pgdir, va, pa, PTE_U | (flags & VM_WRITE ? PTE_W : 0)) < 0) {
            page_put(pa);
            return -ENOMEM;
        }
        mm_rss_add(mm, 1);
        /* the part of this page that comes from the file */
        uint64_t lo = MAX((uint64_t)va, (uint64_t)p->p_vaddr);
        uint64_t hi = MIN((uint64_t)va + PAGE_SIZE, (uint64_t)p->p_vaddr + p->p_filesz);
        if (lo < hi) {
            loff_t off = p->p_offset + (lo - p->p_vaddr);
            if (vfs_read_kernel(ip, (char *)P2V(pa) + (lo - va), hi - lo, off) != (ssize_t)(hi - lo))
                return -EIO;
        }
    }
    return 0;
}

/* Widens mm's code and data bounds by segment p, as Linux's
 * load_elf_binary: code from the executable segments' start to their end
 * in the file; data from the highest segment's start to the end of the
 * file part of the last. */
static void elf_bounds(struct mm *mm, const Elf32_Phdr *p)
{
    uint32_t end = p->p_vaddr + p->p_filesz;
    if ((p->p_flags & PF_X) && p->p_vaddr < mm->start_code)
        mm->start_code = p->p_vaddr;
    if ((p->p_flags & PF_X) && end > mm->end_code)
        mm->end_code = end;
    mm->start_data = MAX(mm->start_data, p->p_vaddr);
    mm->end_data = MAX(mm->end_data, end);
}

/* Loads the PT_LOAD segments of an ELF file into mm. The pages a segment
 * takes wholly from a file with a `page` operation (ramfs) are mapped
 * from the file's own pages, as a private file mapping (read on first
 * touch, copied on first write, like mmap(MAP_PRIVATE)); the page where the file part ends and the zeroed
 * (bss) pages after it are made here. A program's file is denied to
 * writers while it runs (mm->exe), so its text cannot change under it.
 * Returns 0 with the program headers' address in *phdr_va and the end of
 * the highest segment in *brk; -ENOEXEC, -ENOENT (a dynamic program),
 * -ENOMEM or -EIO. */
static int load_elf(struct file *f, struct mm *mm, Elf32_Ehdr *eh, uint32_t *phdr_va, uintptr_t *brk)
{
    struct inode *ip = f->f_inode;
    if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_386 || eh->e_type != ET_EXEC ||
        eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 || eh->e_phnum > 64)
        return -ENOEXEC;
    Elf32_Phdr ph[64];
    size_t phsz = eh->e_phnum * sizeof(Elf32_Phdr);
    if (kernel_read(f, ph, phsz, eh->e_phoff) != (ssize_t)phsz)
        return -ENOEXEC;
    *phdr_va = 0;
    *brk = 0;
    mm->start_code = ~0u;
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf32_Phdr *p = &ph[i];
        if (p->p_type == PT_INTERP)
            return -ENOENT;                  /* no dynamic linker here */
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        uint64_t end = (uint64_t)p->p_vaddr + p->p_memsz;
        if (p->p_filesz > p->p_memsz || end > USER_TOP || p->p_vaddr < PAGE_SIZE ||
            (uint64_t)p->p_offset + p->p_filesz > (uint64_t)ip->i_size ||
            (p->p_vaddr & 0xFFF) != (p->p_offset & 0xFFF))
            return -ENOEXEC;
        if (eh->e_phoff >= p->p_offset && eh->e_phoff + phsz <= p->p_offset + p->p_filesz)
            *phdr_va = p->p_vaddr + (eh->e_phoff - p->p_offset);
        uint32_t flags = (p->p_flags & PF_R ? VM_READ : 0) | (p->p_flags & PF_W ? VM_WRITE : 0) |
                         (p->p_flags & PF_X ? VM_EXEC : 0);
        uintptr_t start = PAGE_DOWN(p->p_vaddr), stop = PAGE_ALIGN(end);
        uintptr_t mapped = start;            /* [start, mapped) comes from the file's pages */
        if (ip->i_op->page)                 /* the file can be mapped from its own pages */
            mapped = MAX(start, PAGE_DOWN(p->p_vaddr + p->p_filesz));
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if (a->start < stop && start < a->end)
                return -ENOEXEC;             /* overlapping segments */
        if (mapped > start) {
            inode_get(ip);                   /* the area's reference (file_vm_ops) */
            if (vm_map(mm, start, mapped, flags | VM_MAYWRITE | (flags & VM_WRITE ? VM_ACCOUNT : 0), &file_vm_ops,
                       ip, p->p_offset >> PAGE_SHIFT) < 0) {
                inode_put(ip);
                return -ENOMEM;
            }
        }
        if (stop > mapped) {
            int r = vm_map(mm, mapped, stop, flags | VM_ACCOUNT, NULL, NULL, mapped >> PAGE_SHIFT);   /* (Linux's vm_brk) */
            if (!r)
                r = load_private(ip, mm, p, mapped, stop, flags);
            if (r < 0)
                return r == -EIO ? r : -ENOMEM;
        }
        if (stop > *brk)
            *brk = stop;
        elf_bounds(mm, p);
    }
    return *brk ? 0 : -ENOEXEC;
}

/* Pushes bytes on the new user stack (current address space): 0 or
 * -EFAULT. */
static int push(uint32_t *sp, const void *data, size_t n)
{
    *sp -= n;
    return copy_to_user((void *)*sp, data, n);
}

/* Writes at *sp pointers to the n strings from *s on (current address
 * space), then a NULL, moving both past them. 0 or -EFAULT. */
static int push_vector(uint32_t *sp, uint32_t *s, int n)
{
    for (int i = 0; i <= n; i++, *sp += 4) {
        uint32_t v = i < n ? *s : 0, len = 1;
        if (copy_to_user((void *)*sp, &v, 4))
            return -EFAULT;
        if (i < n && ((len = strnlen_user((const char *)*s, MAX_ARG_STRLEN)) == 0 || len > MAX_ARG_STRLEN))
            return -EFAULT;
        *s += i < n ? len : 0;
    }
    return 0;
}

/* Lays out the new process's stack below the strings exec copied there
 * (current's address space now): the platform name and AT_RANDOM bytes,
 * then argc, argv, envp and the auxv (with the vDSO's AT_SYSINFO and
 * AT_SYSINFO_EHDR); *esp is where it starts. 0 or -EFAULT (the stack
 * could not grow). */
static int build_stack(struct exec_args *a, uint32_t entry, uint32_t phdr_va, int phnum, uint32_t *esp)
{
    uint32_t sp = a->p;
    uint8_t random[16];
    for (int i = 0; i < 16; i++)
        random[i] = (uint8_t)random_u32();
    if (push(&sp, "i686", 5) || push(&sp, random, 16))
        return -EFAULT;
    uint32_t platform = sp + 16, rnd = sp;
    current->arg_start = a->p;
    current->arg_end = current->mm->env_start = a->env_start;
    current->mm->env_end = a->execfn;
    uint32_t auxv[] = {
        AT_SYSINFO, vdso_vsyscall(current->mm), AT_SYSINFO_EHDR, current->mm->vdso,   /* first, as Linux i386 */
        AT_PHDR, phdr_va, AT_PHENT, sizeof(Elf32_Phdr), AT_PHNUM, (uint32_t)phnum,
        AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, entry,
        AT_UID, current->uid, AT_EUID, current->euid, AT_GID, current->gid,
        AT_EGID, current->egid, AT_SECURE, a->secure, AT_CLKTCK, HZ, AT_HWCAP, 0,
        AT_RANDOM, rnd, AT_EXECFN, a->execfn, AT_PLATFORM, platform, AT_NULL, 0,
    };
    int nptr = 1 + a->argc + 1 + a->envc + 1;
    sp = (sp - sizeof auxv - nptr * 4) & ~15u;
    *esp = current->mm->start_stack = sp;
    uint32_t argc = (uint32_t)a->argc, s = a->p;
    if (copy_to_user((void *)sp, &argc, 4))
        return -EFAULT;
    sp += 4;
    if (push_vector(&sp, &s, a->argc) || push_vector(&sp, &s, a->envc))
        return -EFAULT;
    current->auxv_start = sp;
    current->auxv_len = sizeof auxv;
    return copy_to_user((void *)sp, auxv, sizeof auxv);
}

/* Gives the stack room below the strings, as Linux's setup_arg_pages:
 * 128 KiB more, or when that would pass RLIMIT_STACK, down to the limit
 * (never shrinking it); never over the area below. */
static void stack_expand(struct mm *mm, struct vm_area *stack)
{
    uint32_t rlim = PAGE_DOWN(MIN(stack_limit(), STACK_TOP)), size = STACK_TOP - stack->start;
    uint32_t base = size + STACK_EXPAND > rlim ? STACK_TOP - rlim : stack->start - STACK_EXPAND;
    for (struct vm_area *b = mm->areas; b != stack; b = b->next)
        base = MAX(base, b->end);
    stack->start = MIN(stack->start, base);
}

/* The point of no return: a's new mm, with the strings on its stack,
 * replaces the old one, and with it go caught signal handlers, TLS
 * entries, close-on-exec descriptors and the FPU state; the vDSO is
 * mapped again (vdso.h); the trap frame starts the program at its entry.
 * 0, or -ENOMEM when the stack cannot be built (the old image is gone:
 * the caller kills the process). */
static int exec_commit(struct exec_args *a, uintptr_t brk, Elf32_Ehdr *eh, uint32_t phdr_va, const char *path)
{
    struct mm *mm = a->mm, *old = current->mm;
    a->mm = NULL;                            /* current's from here */
    exit_robust_list(current);               /* in the old image, as Linux */
    exit_pi_state_list(current);
    current->mm = mm;
    pgdir_switch(mm->pgdir);
    if (old) {
        struct task *l = current->group_leader;
        l->maxrss = MAX(l->maxrss, old->hiwater_rss);   /* ru_maxrss outlives the image */
        mm_put(old);
    }
    if (current->parent)
        wake_up(&current->parent->wait_chld);   /* a vfork parent may go on */
    mm->brk_start = mm->brk = brk;
    uint32_t esp;
    stack_expand(mm, a->stack);
    a->secure = cred_exec(current, a->nosuid ? NULL : mm->exe, &a->fcaps, &a->creds_changed);
    if (a->secure && current->rlim[RLIMIT_STACK].cur > STK_LIM)
        current->rlim[RLIMIT_STACK].cur = STK_LIM;   /* no bad behaviour from the caller's limit */
    timens_exec(current);                    /* its children's clocks, with its new memory */
    if (vdso_map(mm) < 0 || build_stack(a, eh->e_entry, phdr_va, eh->e_phnum, &esp) < 0)
        return -ENOMEM;
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' && p[1])
            base = p + 1;
    strlcpy(current->comm, base, sizeof current->comm);
    fs_exec(current);
    perf_event_exec(current);
    for (int i = 0; i < NSIG_K; i++)         /* caught signals revert to default */
        if (current->action[i].handler != (uint32_t)SIG_IGN)
            memset(&current->action[i], 0, sizeof current->action[i]);
    sigaltstack_reset(current);
    posix_timers_exec(current->group_leader);   /* the interval timers stay */
    memset(current->tls, 0, sizeof current->tls);
    for (int i = 0; i < GDT_TLS_ENTRIES; i++)
        gdt_set_tls(i, &current->tls[i]);
    current->clear_child_tid = 0;
    current->did_exec = true;
    prctl_exec(current, a->creds_changed);
    user_ns_exec_mm(current);                /* after prctl_exec: whether it may read its program */
    keys_exec(current);
    personality_exec(current, mm->exe);
    current->rseq = current->rseq_sig = 0;   /* rseq(2): the new image registers its own */
    current->rseq_event = current->rseq_resume = false;
    fpu_reset(current);
    hw_breakpoint_flush(current);
    struct trapframe *tf = current->tf;
    memset(tf, 0, sizeof *tf);
    tf->cs = USER_CS;
    tf->ds = tf->es = tf->ss = USER_DS;
    tf->fs = tf->gs = 0;
    tf->eflags = 0x202;                      /* IF */
    tf->eip = eh->e_entry;
    tf->esp = esp;
    return 0;
}

/* Records ip as mm's program, with the absolute path kpath resolves to
 * (/proc/<pid>/exe; Pipit has no dentries to find it from later). The
 * lookup that found ip just succeeded, so resolving can fail only for
 * memory or a resolved path too long: then kpath as given is kept. */
static int set_exe(struct mm *mm, struct inode *ip, const char *kpath)
{
    char *path = kmalloc(PATH_MAX);
    int r = path ? vfs_realpath(kpath, path) : -ENOMEM;
    if (r != -ENOMEM)
        r = mm_set_exe(mm, ip, r ? kpath : path);
    kfree(path);
    return r;
}

/* The "#!" line in line (NUL-terminated, after the "#!"): cuts it in
 * place into the interpreter, returned, and its one optional argument,
 * in *arg (NULL when there is none; spaces around it are dropped).
 * NULL when there is no interpreter. */
static char *parse_shebang(char *line, char **arg)
{
    char *s = line, *e;
    while (*s == ' ' || *s == '\t') s++;
    for (e = s; *e && *e != '\n' && *e != ' ' && *e != '\t'; e++) ;
    if (e == s)
        return NULL;
    *arg = NULL;
    if (*e == ' ' || *e == '\t') {
        *e++ = 0;
        while (*e == ' ' || *e == '\t') e++;
        *arg = e;
        while (*e && *e != '\n') e++;
        while (e > *arg && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (e == *arg) *arg = NULL;
    }
    *e = 0;
    return s;
}

/* Runs the ELF file f (exec's open of it, header eh) found at kpath with
 * the strings in a: the program is loaded into a->mm, which then
 * replaces current's and holds f from then on (the caller's reference
 * stays the caller's). 0 with current's trap frame set for the new
 * image, or -errno with the old image untouched (a->mm is still the
 * caller's to put); when the new stack cannot be built after the switch,
 * the process dies of SIGSEGV. */
static int exec_elf(struct file *f, Elf32_Ehdr *eh, const char *kpath, struct exec_args *a)
{
    uint32_t phdr_va = 0;
    uintptr_t brk = 0;
    struct inode *ip = f->f_inode;
    int r = set_exe(a->mm, ip, kpath);
    if (r == 0) {
        f->f_count++;
        a->mm->exe_file = f;                 /* closed with the last image using it */
        r = load_elf(f, a->mm, eh, &phdr_va, &brk);
    }
    a->nosuid = f->f_mnt && (f->f_mnt->mnt_flags & MNT_NOSUID);
    if (r == 0 && !a->nosuid)
        r = cap_exec_file(ip, &a->fcaps);    /* its failures come before the point of no return */
    if (r == 0)
        r = de_thread();
    if (r < 0)
        return r;
    if (exec_commit(a, brk, eh, phdr_va, kpath) < 0)
        do_group_exit(SIGSEGV);
    ptrace_exec_event();
    return 0;
}

/* How execveat names its file: looked up as `path` from `dirfd` with
 * namei flags `lookup`, while kpath (Linux's bprm->filename) names it to
 * the program and its interpreter: "/dev/fd/N" or "/dev/fd/N/path" when
 * relative to a descriptor. `gone`: that name will not exist after the
 * exec (N is close-on-exec), so a script cannot run (-ENOENT). */
struct exec_file {
    int dirfd;
    const char *path;
    int lookup;
    bool gone;
};

/* Executes the file x names with the strings in a: the file, then up to
 * MAX_INTERP interpreters in a chain of scripts (kpath, a PATH_MAX buffer,
 * becomes each interpreter's path in turn). Each file is opened (open_exec)
 * and its first bytes read (Linux's prepare_binprm); the files opened are
 * left in a->opened for the caller to close at the end, as Linux's fput
 * that waits for the return to user mode. Returns 0 with current's trap
 * frame set for the new image, or -errno with the old image untouched
 * (-ELOOP for too many interpreters). May sleep (a traced exec stops, a
 * listener answers). */
static int do_execve(char *kpath, const struct exec_file *x, struct exec_args *a)
{
    char interp[256];
    for (int depth = 0; depth <= MAX_INTERP; depth++) {
        struct inode *ip;
        struct file *f;
        int r = depth ? vfs_lookup_exec(AT_FDCWD, kpath, LOOKUP_FOLLOW, &ip)
                      : vfs_lookup_exec(x->dirfd, x->path, x->lookup, &ip);
        if (r < 0 || (r = open_exec(ip, depth == 0 && !x->path[0], &f)) < 0)
            return r;
        a->opened[a->nopened++] = f;
        union { Elf32_Ehdr eh; char line[256]; } h;
        memset(&h, 0, sizeof h);
        ssize_t n = kernel_read(f, &h, sizeof h - 1, 0);
        if (n < 0)
            return n;
        if (n < 2 || h.line[0] != '#' || h.line[1] != '!') {
            if (n < (ssize_t)sizeof(Elf32_Ehdr) || memcmp(h.eh.e_ident, ELFMAG, SELFMAG))
                return -ENOEXEC;
            return exec_elf(f, &h.eh, kpath, a);
        }
        char *arg, *s = parse_shebang(h.line + 2, &arg);
        if (!s)
            return -ENOEXEC;
        if (depth == 0 && x->gone)
            return -ENOENT;                  /* the interpreter could not open it */
        strlcpy(interp, s, sizeof interp);
        if ((r = args_shebang(a, interp, arg, kpath)) < 0)
            return r;
        strlcpy(kpath, interp, PATH_MAX);
    }
    return -ELOOP;
}

#define KPATH_SIZE (PATH_MAX + 20)           /* "/dev/fd/-2147483648/" and a path */

/* execveat's name for the file: kpath becomes "/dev/fd/N" or
 * "/dev/fd/N/path" (in place, KPATH_SIZE bytes: the prefix fits beside
 * any path under PATH_MAX) when path is relative to a descriptor, as
 * Linux's bprm->fdpath; x says how to look the file up. 0. */
static int exec_name(int dirfd, char *kpath, char *path, int flags, struct exec_file *x)
{
    *x = (struct exec_file){ dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, false };
    if (flags & AT_EMPTY_PATH)
        x->lookup |= LOOKUP_EMPTY;
    if (dirfd == AT_FDCWD || path[0] == '/') {
        strlcpy(kpath, path, PATH_MAX);
        return 0;
    }
    if (path[0])
        snprintf(kpath, KPATH_SIZE, "/dev/fd/%d/%s", dirfd, path);
    else
        snprintf(kpath, KPATH_SIZE, "/dev/fd/%d", dirfd);
    x->gone = dirfd >= 0 && dirfd < current->nr_fds && (current->close_on_exec[dirfd / 32] >> (dirfd % 32) & 1);
    return 0;
}

/* execve and execveat from user space (user) or from the kernel (init):
 * copies the path, then argv and envp onto the stack of a new address
 * space (args_copy), then, as Linux's do_open_execat, the flags are
 * checked (-EINVAL) and the file looked up from dirfd, and do_execve.
 * 0 with the new image ready to enter, or -errno (-ENOENT for an empty
 * path without AT_EMPTY_PATH, -ENAMETOOLONG, -EFAULT, -E2BIG, -ENOMEM,
 * -ELOOP for a symbolic link with AT_SYMLINK_NOFOLLOW, and do_execve's)
 * with everything made for it freed. */
static int execve_common(int dirfd, const char *path, char *const *argv, char *const *envp, int flags,
                         bool user)
{
    struct exec_args a = { 0 };
    struct exec_file x;
    char *kpath = kmalloc(KPATH_SIZE), *given = kmalloc(PATH_MAX);
    int r = -ENOMEM;
    if (!kpath || !given)
        goto out;
    r = user ? strncpy_from_user(given, path, PATH_MAX) : (int)strlcpy(given, path, PATH_MAX);
    if (r == PATH_MAX)
        r = -ENAMETOOLONG;
    if (r == 0 && !(flags & AT_EMPTY_PATH))
        r = -ENOENT;                          /* empty path */
    if (r >= 0 && nproc_exec_refused())
        r = -EAGAIN;                          /* RLIMIT_NPROC, passed at a set*uid */
    if (r < 0 || (r = exec_name(dirfd, kpath, given, flags, &x)) ||
        (r = args_copy(&a, kpath, argv, envp, user)))
        goto out;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
        r = -EINVAL;
        goto out;
    }
    if ((r = do_execve(kpath, &x, &a)))
        goto out;
    TRACE(TRACE_SCHED_EXEC, 0, 0, 0, 0, "%s", kpath);
out:
    if (a.mm)
        mm_put(a.mm);
    while (a.nopened)                         /* newest first, as Linux's task work */
        file_put(a.opened[--a.nopened]);      /* a script's (or a failed exec's) close */
    kfree(kpath);
    kfree(given);
    return r;
}

int kernel_execve(const char *path, char *const argv[], char *const envp[])
{
    return execve_common(AT_FDCWD, path, argv, envp, 0, false);
}

long sys_execve(const char *upath, char *const *argv, char *const *envp)
{
    return execve_common(AT_FDCWD, upath, argv, envp, 0, true);
}

long sys_execveat(int dirfd, const char *upath, char *const *argv, char *const *envp, int flags)
{
    return execve_common(dirfd, upath, argv, envp, flags, true);
}
