/* Core dumps, as Linux's fs/coredump.c and binfmt_elf.c: a process ended
 * by a signal whose default action is "core" writes an ELF core file
 * (kernel.core_pattern, "core" in its cwd by default) when it is dumpable
 * and RLIMIT_CORE allows a page at least; the wait status then has 0x80
 * (WCOREDUMP). The file: the ELF header, a PT_NOTE (NT_PRSTATUS with the
 * registers, NT_PRPSINFO, NT_SIGINFO, NT_AUXV) and a PT_LOAD per area with
 * its present pages (a never-touched page is a hole). Called by do_signal
 * (kernel/signal.c) of the dying thread, before the group exits. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/trap.h"
#include "kernel/time.h"
#include "kernel/utsname.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include <linux/elf.h>
#include <asm/ptrace.h>

#define CORENAME_MAX 128                    /* Linux's CORENAME_MAX_SIZE */
#define ELF_PRARGSZ  80

char core_pattern[CORENAME_MAX] = "core";   /* kernel.core_pattern */
uint32_t core_uses_pid;                     /* kernel.core_uses_pid */

/* The i386 note layouts of Linux's <linux/elfcore.h>, which the UAPI
 * headers do not carry; the registers are struct pt_regs (user_regs_struct). */
struct elf_prstatus32 {
    int32_t si_signo, si_code, si_errno;    /* pr_info */
    int16_t pr_cursig;
    uint32_t pr_sigpend, pr_sighold;
    int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
    int32_t pr_utime[2], pr_stime[2], pr_cutime[2], pr_cstime[2];
    struct pt_regs pr_reg;
    int32_t pr_fpvalid;
};

struct elf_prpsinfo32 {
    char pr_state, pr_sname, pr_zomb, pr_nice;
    uint32_t pr_flag;
    uint16_t pr_uid, pr_gid;                /* __kernel_uid_t is 16 bits on i386 */
    int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
    char pr_fname[16];
    char pr_psargs[ELF_PRARGSZ];
};

_Static_assert(sizeof(struct elf_prstatus32) == 144, "i386 elf_prstatus");
_Static_assert(sizeof(struct elf_prpsinfo32) == 124, "i386 elf_prpsinfo");

/* The file being written: position, bytes emitted against RLIMIT_CORE. */
struct core_out {
    struct inode *ip;
    loff_t pos;
    uint64_t written, limit;
};

/* Linux's dump_emit: n bytes at the position; false (the dump stops) past
 * the limit or on a write error. */
static bool emit(struct core_out *o, const void *buf, size_t n)
{
    if (o->written + n > o->limit)
        return false;
    if (n && vfs_write_kernel(o->ip, buf, n, o->pos) != (ssize_t)n)
        return false;
    o->pos += n;
    o->written += n;
    return true;
}

static void put_num(char *out, size_t *len, uint32_t v)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n && *len < CORENAME_MAX - 1)
        out[(*len)++] = tmp[--n];
}

static void put_str(char *out, size_t *len, const char *s)
{
    while (*s && *len < CORENAME_MAX - 1)
        out[(*len)++] = *s++;
}

/* Linux's format_corename for a file pattern: %p %P (pid), %i %I (tid),
 * %u %g (ids), %s (signal), %t (time), %h (host), %e (comm), %c (limit),
 * %%; core_uses_pid appends ".PID" when the pattern names no pid. */
static void format_corename(char *out, int sig)
{
    size_t len = 0;
    bool pid_in_pattern = false;
    for (const char *p = core_pattern; *p && len < CORENAME_MAX - 1; p++) {
        if (*p != '%' || !p[1]) {
            out[len++] = *p;
            continue;
        }
        switch (*++p) {
        case '%': out[len++] = '%'; break;
        case 'p': case 'P': pid_in_pattern = true;
            put_num(out, &len, *p == 'p' ? pid_vnr(current->tgid) : current->tgid); break;
        case 'i': case 'I': put_num(out, &len, *p == 'i' ? pid_vnr(current->pid) : current->pid); break;
        case 'u': put_num(out, &len, current->uid); break;
        case 'g': put_num(out, &len, current->gid); break;
        case 's': put_num(out, &len, sig); break;
        case 't': put_num(out, &len, (uint32_t)time_now().sec); break;
        case 'h': put_str(out, &len, utsname()->nodename); break;
        case 'e': put_str(out, &len, current->comm); break;
        case 'c': put_num(out, &len, (uint32_t)MIN(rlimit(RLIMIT_CORE), 0xFFFFFFFFull)); break;
        default: break;                     /* unknown: dropped, as Linux */
        }
    }
    if (core_uses_pid && !pid_in_pattern) {
        put_str(out, &len, ".");
        put_num(out, &len, pid_vnr(current->tgid));
    }
    out[len] = 0;
}

/* Creates the core file as Linux: any old one is unlinked, the new one
 * made O_EXCL 0600 (with the umask) by the file-system ids; a file that
 * is not a fresh regular one of ours with mode 0600 is refused. */
static struct file *core_open(const char *name)
{
    struct file *f;
    do_unlinkat(AT_FDCWD, name);
    if (do_open(AT_FDCWD, name, O_CREAT | O_RDWR | O_NOFOLLOW | O_EXCL | O_LARGEFILE, 0600, &f))
        return NULL;
    struct inode *ip = f->f_inode;
    if (ip->i_nlink > 1 || !S_ISREG(ip->i_mode) || ip->i_uid != current->fsuid ||
        (ip->i_mode & 0677) != 0600) {
        file_put(f);
        return NULL;
    }
    return f;
}

/* Linux's vma_dump_size with the default coredump_filter (0x33): nothing
 * of a VM_DONTDUMP area (memfd_secret's); private
 * and shared anonymous memory whole; a file mapped private whole once it
 * may have been written, else only an ELF header page at its start; a
 * file mapped shared not at all. */
static uint32_t area_dump_size(struct vm_area *a)
{
    if (a->flags & VM_DONTDUMP)
        return 0;
    bool file = a->ops == &file_vm_ops;
    if (!file || (!(a->flags & VM_SHARED) && (a->flags & VM_WRITE)))
        return a->end - a->start;
    if ((a->flags & VM_SHARED) || a->pgoff != 0 || !(a->flags & VM_READ))
        return 0;
    uint8_t magic[SELFMAG];
    if (copy_from_user(magic, (void *)a->start, SELFMAG) || memcmp(magic, ELFMAG, SELFMAG))
        return 0;
    return PAGE_SIZE;
}

/* One note: header, name and description, each padded to 4 bytes. */
static bool emit_note(struct core_out *o, const char *name, uint32_t type, const void *desc,
                      uint32_t size)
{
    static const char zeros[4];
    Elf32_Nhdr h = { .n_namesz = (Elf32_Word)strlen(name) + 1, .n_descsz = size, .n_type = type };
    return emit(o, &h, sizeof h) && emit(o, name, h.n_namesz) &&
           emit(o, zeros, -h.n_namesz & 3) && emit(o, desc, size) && emit(o, zeros, -size & 3);
}

static uint32_t note_size(const char *name, uint32_t size)
{
    return sizeof(Elf32_Nhdr) + ((strlen(name) + 1 + 3) & ~3u) + ((size + 3) & ~3u);
}

static void fill_prstatus(struct elf_prstatus32 *s, int sig)
{
    struct task *t = current;
    memset(s, 0, sizeof *s);
    s->si_signo = s->pr_cursig = (int16_t)sig;
    s->pr_sigpend = (uint32_t)t->pending;
    s->pr_sighold = (uint32_t)t->blocked;
    s->pr_pid = pid_vnr(t->pid);
    s->pr_ppid = t->parent ? pid_vnr(t->parent->tgid) : 0;
    s->pr_pgrp = t->pgid;
    s->pr_sid = t->sid;
    uint64_t ut, st;
    task_cputime_ns(t, &ut, &st);
    s->pr_utime[0] = (int32_t)(ut / 1000000000u);
    s->pr_utime[1] = (int32_t)(ut % 1000000000u / 1000);
    s->pr_stime[0] = (int32_t)(st / 1000000000u);
    s->pr_stime[1] = (int32_t)(st % 1000000000u / 1000);
    ptrace_get_regs(t, &s->pr_reg);
}

/* pr_psargs: the start of the argument strings, NULs made spaces. */
static void fill_prpsinfo(struct elf_prpsinfo32 *p)
{
    struct task *t = current;
    memset(p, 0, sizeof *p);
    p->pr_sname = 'R';
    p->pr_flag = 0x600;                     /* PF_DUMPCORE | PF_SIGNALED */
    p->pr_uid = (uint16_t)(t->uid > 0xFFFF ? 65534 : t->uid);
    p->pr_gid = (uint16_t)(t->gid > 0xFFFF ? 65534 : t->gid);
    p->pr_pid = pid_vnr(t->tgid);
    p->pr_ppid = t->parent ? pid_vnr(t->parent->tgid) : 0;
    p->pr_pgrp = t->pgid;
    p->pr_sid = t->sid;
    memcpy(p->pr_fname, t->comm, sizeof p->pr_fname);
    uint32_t n = MIN(t->arg_end - t->arg_start, (uint32_t)ELF_PRARGSZ - 1);
    if (t->arg_end > t->arg_start && copy_from_user(p->pr_psargs, (void *)t->arg_start, n) == 0)
        for (uint32_t i = 0; i < n; i++)
            if (!p->pr_psargs[i])
                p->pr_psargs[i] = ' ';
    p->pr_psargs[n] = 0;
}

/* The four notes, in Linux's order for the dumping thread. */
static bool emit_notes(struct core_out *o, int sig, const struct ksiginfo *info,
                       const uint32_t *auxv, uint32_t auxv_len)
{
    struct elf_prstatus32 st;
    struct elf_prpsinfo32 ps;
    uint8_t si[128];
    fill_prstatus(&st, sig);
    fill_prpsinfo(&ps);
    siginfo_fill(si, sig, info);
    return emit_note(o, "CORE", NT_PRSTATUS, &st, sizeof st) &&
           emit_note(o, "CORE", NT_PRPSINFO, &ps, sizeof ps) &&
           emit_note(o, "CORE", NT_SIGINFO, si, sizeof si) &&
           emit_note(o, "CORE", NT_AUXV, auxv, auxv_len);
}

static uint32_t notes_size(uint32_t auxv_len)
{
    return note_size("CORE", sizeof(struct elf_prstatus32)) +
           note_size("CORE", sizeof(struct elf_prpsinfo32)) + note_size("CORE", 128) +
           note_size("CORE", auxv_len);
}

/* The header and the program headers: PT_NOTE at `notes`, then a PT_LOAD
 * per area from the page-aligned data offset. */
static bool emit_headers(struct core_out *o, struct mm *mm, uint32_t notes, uint32_t nsize)
{
    int n = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        n++;
    Elf32_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_CORE, .e_machine = EM_386, .e_version = EV_CURRENT,
        .e_phoff = sizeof eh, .e_ehsize = sizeof eh, .e_phentsize = sizeof(Elf32_Phdr),
        .e_phnum = (Elf32_Half)(n + 1),
    };
    Elf32_Phdr ph = { .p_type = PT_NOTE, .p_offset = notes, .p_filesz = nsize, .p_align = 4 };
    if (!emit(o, &eh, sizeof eh) || !emit(o, &ph, sizeof ph))
        return false;
    uint32_t off = (notes + nsize + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    for (struct vm_area *a = mm->areas; a; a = a->next) {
        uint32_t size = area_dump_size(a);
        Elf32_Phdr l = {
            .p_type = PT_LOAD, .p_offset = off, .p_vaddr = a->start, .p_filesz = size,
            .p_memsz = a->end - a->start, .p_align = PAGE_SIZE,
            .p_flags = (a->flags & VM_READ ? PF_R : 0) | (a->flags & VM_WRITE ? PF_W : 0) |
                       (a->flags & VM_EXEC ? PF_X : 0),
        };
        if (!emit(o, &l, sizeof l))
            return false;
        off += size;
    }
    return true;
}

/* The present pages of each area at their offsets; absent ones are holes
 * (Linux's dump_skip), which do not count against the limit. The file
 * ends at the last segment's end, as Linux makes it. */
static bool emit_memory(struct core_out *o, struct mm *mm)
{
    o->pos = (o->pos + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    for (struct vm_area *a = mm->areas; a; a = a->next) {
        uint32_t size = area_dump_size(a);
        for (uintptr_t va = a->start; va < a->start + size; va += PAGE_SIZE) {
            paddr_t pa;
            if (translate(mm->pgdir, va, &pa)) {
                if (!emit(o, P2V(PTE_ADDR(pa)), PAGE_SIZE))
                    return false;
            } else {
                o->pos += PAGE_SIZE;
            }
        }
    }
    if (o->pos > o->ip->i_size) {           /* a hole at the end: write its last byte */
        o->pos--;
        return emit(o, "", 1);
    }
    return true;
}

/* Writes the core of the current (dying) process for signal sig. Does
 * not sleep for long (the ramfs takes the data at once). Returns 0x80
 * when a core file was begun (the WCOREDUMP bit), else 0. */
int do_coredump(int sig, const struct ksiginfo *info)
{
    struct mm *mm = current->mm;
    uint64_t limit = rlimit(RLIMIT_CORE);
    if (!mm || !current->dumpable || core_pattern[0] == '|' || limit < PAGE_SIZE)
        return 0;
    uint32_t auxv[64];
    uint32_t auxv_len = MIN(current->auxv_len, (uint32_t)sizeof auxv);
    if (copy_from_user(auxv, (void *)current->auxv_start, auxv_len))
        auxv_len = 0;
    char name[CORENAME_MAX];
    format_corename(name, sig);
    struct file *f = core_open(name);
    if (!f)
        return 0;
    struct core_out o = { .ip = f->f_inode, .limit = limit };
    int n = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        n++;
    uint32_t notes = sizeof(Elf32_Ehdr) + (n + 1) * sizeof(Elf32_Phdr);
    if (vfs_truncate(o.ip, 0)) {
        file_put(f);
        return 0;
    }
    /* Linux counts the dump as made once it starts (has_dumped), even
     * when RLIMIT_CORE cuts it short. */
    (void)(emit_headers(&o, mm, notes, notes_size(auxv_len)) &&
           emit_notes(&o, sig, info, auxv, auxv_len) && emit_memory(&o, mm));
    file_put(f);
    return 0x80;
}
