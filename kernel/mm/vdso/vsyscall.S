/* The vDSO's entry points, user code (GNU as, built into the vDSO image by
 * the Makefile, never into the kernel): __kernel_vsyscall, the system call
 * entry libcs call through AT_SYSINFO, and the signal trampolines that a
 * handler without SA_RESTORER returns through (kernel/sigframe.c). The
 * bytes are Linux i386's, which unwinders and debuggers recognise. */
#include <asm/unistd_32.h>

	.text
/* eax = number, ebx ecx edx esi edi ebp = arguments, as for int $0x80.
 * sysenter loses the user eip and esp, and sysexit clobbers ecx and edx:
 * ecx, edx and ebp are saved on the user stack, ebp carries esp into the
 * kernel (boot/sysenter.asm), which reads the sixth argument from [esp]
 * and comes back to vsyscall_int80_landing_pad. A restarted call goes back
 * two bytes, to the int $0x80. Without SEP, vdso_init() turns the mov and
 * the sysenter into nops and int $0x80 does it all. */
	.globl __kernel_vsyscall, vsyscall_sysenter, vsyscall_int80_landing_pad
	.type __kernel_vsyscall, @function
	.p2align 4
__kernel_vsyscall:
	pushl %ecx
	pushl %edx
	pushl %ebp
vsyscall_sysenter:
	movl %esp, %ebp
	sysenter
	int $0x80
vsyscall_int80_landing_pad:
	popl %ebp
	popl %edx
	popl %ecx
	ret
	.size __kernel_vsyscall, . - __kernel_vsyscall

/* The handler returns here with the signal number on top of the frame. */
	.globl __kernel_sigreturn
	.type __kernel_sigreturn, @function
	nop
	.p2align 4
__kernel_sigreturn:
	popl %eax
	movl $__NR_sigreturn, %eax
	int $0x80
	nop
	.size __kernel_sigreturn, . - __kernel_sigreturn

	.globl __kernel_rt_sigreturn
	.type __kernel_rt_sigreturn, @function
	.p2align 4
__kernel_rt_sigreturn:
	movl $__NR_rt_sigreturn, %eax
	int $0x80
	nop
	.size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn

/* The note Linux's vDSO carries: the kernel version Pipit speaks for. */
	.section .note.Linux, "a", @note
	.p2align 2
	.long 6, 4, 0                   /* namesz ("Linux\0"), descsz, type */
	.asciz "Linux"
	.p2align 2
	.long (6 << 16) + (1 << 8)       /* KERNEL_VERSION(6, 1, 0) */
	.p2align 2

	.section .note.GNU-stack, "", @progbits
