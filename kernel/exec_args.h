/* execve's strings (kernel/exec_args.c), for kernel/exec.c: the file
 * name, the environment and the arguments, copied onto the stack of the
 * new address space within Linux's limits, and argv rewritten there for a
 * "#!" script. */
#ifndef EXEC_ARGS_H
#define EXEC_ARGS_H
#include "kernel/types.h"
#include "kernel/proc.h"

struct mm;
struct vm_area;

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)      /* one string, its terminator included */
#define STK_LIM (8u << 20)                   /* Linux's _STK_LIM: the strings take at most 3/4 of it;
                                                a secure exec's RLIMIT_STACK no more */

/* An exec's strings, on the stack of the new address space as they are
 * copied: from p up to STACK_TOP - 4 (a null word on top, as Linux) lie
 * argv[0..argc), envp[0..envc) from env_start, and the file name from
 * execfn. Strings are added below p, the last first. */
struct exec_args {
    struct mm *mm;                           /* the new address space, until exec_commit */
    struct vm_area *stack;                   /* its stack area, grown down as strings come */
    uint32_t p;                              /* the lowest string byte */
    uint32_t argmin;                         /* p may not go below it (args_limit) */
    uint32_t env_start, execfn;
    int argc, envc;
    struct file_caps fcaps;                  /* the program's own capabilities (cap_exec_file) */
    bool secure, creds_changed;              /* cred_exec's answers: AT_SECURE, ids or caps moved */
    bool nosuid;                             /* the program is on a nosuid mount: no set-id, no
                                                file capabilities (Linux's mnt_may_suid) */
    struct file *opened[6];                  /* exec's opens of the file and its interpreters
                                                (kernel/exec.c), closed at the end of the execve */
    int nopened;
};

/* Makes the new address space in a (a->mm, which the caller puts unless
 * exec_commit took it) and copies onto its stack path, envp and argv
 * (NULL vectors are empty; from user space if user), in Linux's order:
 * both vectors are counted (-EFAULT for a bad one), the limit set, then
 * the strings added, the file name (AT_EXECFN), the environment, the
 * arguments, each vector from its last string; an empty argv gets
 * argv[0] = "" (as Linux 5.18 on: never argc 0). 0, or the first error:
 * -ENOMEM, -EFAULT or -E2BIG. */
int args_copy(struct exec_args *a, const char *path, char *const *argv, char *const *envp, bool user);

/* For "#!interp [arg]", as Linux's load_script: argv[0] goes, and
 * interp, [arg,] path are added before argv[1..], within the same
 * limits. 0, -E2BIG or -ENOMEM. */
int args_shebang(struct exec_args *a, const char *interp, const char *arg, const char *path);

#endif
