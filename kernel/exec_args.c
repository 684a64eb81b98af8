/* execve's strings (see exec_args.h): the file name, the environment
 * and the arguments are copied from the caller onto the stack of the new
 * address space a page at a time, as Linux does, so that they never need
 * more than single free pages; with Linux 6.1's limits (args_limit) and
 * order of errors; and argv is rewritten there for "#!" scripts. Called
 * by kernel/exec.c before it loads the program. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/exec_args.h"
#include "kernel/signal.h"
#include <linux/limits.h>                    /* ARG_MAX */
#include <linux/resource.h>


/* The byte at va on the new stack, as a kernel pointer in *k: its page
 * is made (zeroed) on first use, and the stack area grows down to it
 * within RLIMIT_STACK and RLIMIT_AS as any stack does. 0, -E2BIG past a
 * limit (as Linux's get_arg_page) or -ENOMEM. */
static int arg_byte(struct exec_args *a, uint32_t va, char **k)
{
    uint32_t page = PAGE_DOWN(va);
    paddr_t pa;
    if (page < a->stack->start) {
        if (STACK_TOP - page > stack_limit() || !may_expand_vm(a->mm, (a->stack->start - page) >> PAGE_SHIFT))
            return -E2BIG;                   /* RLIMIT_STACK, RLIMIT_AS: as Linux's stack growth */
        a->stack->pgoff -= (a->stack->start - page) >> PAGE_SHIFT;
        a->stack->start = page;
    }
    if (!translate(a->mm->pgdir, page, &pa)) {
        pa = page_alloc_user_zeroed();
        if (!pa)
            return -ENOMEM;
        if (map_page(a->mm->pgdir, page, pa, PTE_U | PTE_W) < 0) {
            page_put(pa);
            return -ENOMEM;
        }
        mm_rss_add(a->mm, 1);
    }
    *k = (char *)P2V(PTE_ADDR(pa)) + (va - page);
    return 0;
}

/* Adds the string at src, n bytes with its terminator, below a->p, from
 * user space if user, a page at a time. The terminator is written here,
 * so a string another thread changes meanwhile still ends where it was
 * measured. 0, -E2BIG (past a->argmin), -EFAULT or -ENOMEM. */
static int args_push(struct exec_args *a, const char *src, uint32_t n, bool user)
{
    char *k;
    int r;
    if (n > a->p - a->argmin)
        return -E2BIG;
    a->p -= n;
    for (uint32_t off = 0, chunk; off < n - 1; off += chunk) {
        if ((r = arg_byte(a, a->p + off, &k)))
            return r;
        chunk = MIN(n - 1 - off, PAGE_SIZE - ((a->p + off) & (PAGE_SIZE - 1)));
        if (!user)
            memcpy(k, src + off, chunk);
        else if (copy_from_user(k, src + off, chunk))
            return -EFAULT;
    }
    if ((r = arg_byte(a, a->p + n - 1, &k)))
        return r;
    *k = 0;
    return 0;
}

/* Adds the kernel string s (Linux's copy_string_kernel): 0, -E2BIG
 * (longer than MAX_ARG_STRLEN, or past the limit) or -ENOMEM. */
static int args_push_kernel(struct exec_args *a, const char *s)
{
    uint32_t n = strnlen(s, MAX_ARG_STRLEN) + 1;
    return n > MAX_ARG_STRLEN ? -E2BIG : args_push(a, s, n, false);
}

/* vec[i], from user space if user: 0 or -EFAULT. */
static int vec_get(char *const *vec, int i, bool user, const char **s)
{
    if (!user) {
        *s = vec[i];
        return 0;
    }
    return get_user32((uint32_t *)s, vec + i) ? -EFAULT : 0;
}

/* What Linux's long copy loops do every turn: a fatal signal ends the
 * exec (-ERESTARTNOHAND: the task dies on its way out), and a task that
 * waits for the CPU gets it (cond_resched), as the kernel is not
 * preemptible and a vector may be hundreds of millions of words long
 * (one memfd page mapped a thousand times over). 0 or -ERESTARTNOHAND. */
static int args_go_on(void)
{
    if (fatal_signal_pending(current))
        return -ERESTARTNOHAND;
    if (need_resched())
        schedule();
    return 0;
}

/* The number of strings in the NULL-terminated vector vec (0 when vec is
 * NULL, as Linux allows), or -EFAULT, -ERESTARTNOHAND. Linux's
 * MAX_ARG_STRINGS (0x7FFFFFFF) cannot be reached: the pointers would fill
 * 8 GiB. */
static int count_strings(char *const *vec, bool user)
{
    int n = 0, r;
    const char *s;
    for (; vec; n++) {
        if (!(n & 255) && (r = args_go_on()))
            return r;
        if (vec_get(vec, n, user, &s))
            return -EFAULT;
        if (!s)
            break;
    }
    return n;
}

/* Adds the n strings of vec, the last first so that they lie in order.
 * 0 or the first error met in that order, as on Linux: -EFAULT, -E2BIG
 * (a string longer than MAX_ARG_STRLEN with its terminator, or the
 * total past the limit), -ENOMEM or -ERESTARTNOHAND (args_go_on). */
static int args_push_vector(struct exec_args *a, char *const *vec, int n, bool user)
{
    while (n-- > 0) {
        const char *s;
        int r = args_go_on();
        if (r)
            return r;
        if (vec_get(vec, n, user, &s))
            return -EFAULT;
        if (!user) {
            if ((r = args_push_kernel(a, s)))
                return r;
            continue;
        }
        uint32_t len = strnlen_user(s, MAX_ARG_STRLEN);
        if (len == 0)
            return -EFAULT;
        if (len > MAX_ARG_STRLEN)
            return -E2BIG;
        if ((r = args_push(a, s, len, true)))
            return r;
    }
    return 0;
}

/* Sets a->argmin by Linux's rule: the strings may take a quarter of
 * RLIMIT_STACK, at most 3/4 of _STK_LIM (6 MiB) and at least ARG_MAX
 * (128 KiB), less the argv and envp pointers the program will get (one
 * for argv[0] even when argv is empty). 0, or -E2BIG when the pointers
 * alone take it all. */
static int args_limit(struct exec_args *a)
{
    uint64_t limit = MIN((uint64_t)STK_LIM / 4 * 3, rlimit(RLIMIT_STACK) / 4);
    uint64_t ptrs = (uint64_t)(MAX(a->argc, 1) + a->envc) * sizeof(uint32_t);
    limit = MAX(limit, (uint64_t)ARG_MAX);
    if (limit <= ptrs)
        return -E2BIG;
    a->argmin = a->p - (uint32_t)(limit - ptrs);
    return 0;
}

/* Makes a's new address space with an empty stack area (one page at
 * STACK_TOP, to grow). 0 or -ENOMEM; the caller puts a->mm if set. */
static int args_init(struct exec_args *a)
{
    if (!(a->mm = mm_create()) ||
        vm_map(a->mm, STACK_TOP - PAGE_SIZE, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN | VM_ACCOUNT, NULL, NULL,
               (STACK_TOP - PAGE_SIZE) >> PAGE_SHIFT) < 0)
        return -ENOMEM;
    a->stack = vm_find(a->mm, STACK_TOP - PAGE_SIZE);
    a->p = STACK_TOP - sizeof(uint32_t);
    return 0;
}

int args_copy(struct exec_args *a, const char *path, char *const *argv, char *const *envp, bool user)
{
    int r = args_init(a);
    if (r)
        return r;
    if ((a->argc = count_strings(argv, user)) < 0 || (a->envc = count_strings(envp, user)) < 0)
        return -EFAULT;
    if ((r = args_limit(a)) || (r = args_push_kernel(a, path)))
        return r;
    a->execfn = a->p;
    if ((r = args_push_vector(a, envp, a->envc, user)))
        return r;
    a->env_start = a->p;
    if ((r = args_push_vector(a, argv, a->argc, user)))
        return r;
    if (a->argc == 0 && (r = args_push_kernel(a, "")) == 0)
        a->argc = 1;
    return r;
}

int args_shebang(struct exec_args *a, const char *interp, const char *arg, const char *path)
{
    char *k;
    int r;
    do {                                     /* past argv[0] and its terminator */
        if ((r = arg_byte(a, a->p++, &k)))
            return r;
    } while (*k);
    a->argc--;
    if ((r = args_push_kernel(a, path)) || (arg && (r = args_push_kernel(a, arg))) ||
        (r = args_push_kernel(a, interp)))
        return r;
    a->argc += 2 + (arg != NULL);
    return 0;
}
