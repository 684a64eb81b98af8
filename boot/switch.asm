; swtch(uint32_t *save_esp, uint32_t new_esp, uint32_t new_cr3): the context
; switch. Saves the callee-saved registers of the running task on its
; kernel stack, stores its stack pointer in *save_esp, loads new_cr3 into
; CR3 unless it is 0, and resumes the task whose stack pointer is new_esp
; where it last called swtch (or at fork_child_start for a new task, see
; kernel/proc.c). CR3 changes between the last store to the old stack and
; the first load from the new one: the write empties QEMU's TLB, and then
; only the new stack's page is touched again (kernel/sched.c).

section .text.hot progbits alloc exec nowrite align=16   ; linker.ld: with the __hot C code
global swtch
swtch:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    mov ecx, [esp + 12]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    test ecx, ecx
    jz .same_mm
    mov cr3, ecx
.same_mm:
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; A new task's first switch returns here, with its trap frame on the stack.
global fork_child_start
extern trap_return
extern fork_child_tail
fork_child_start:
    call fork_child_tail
    jmp trap_return

; enter_user(struct trapframe *tf): leave the kernel for the user context in
; tf, which lies at the top of the current task's kernel stack (first exec
; of init).
global enter_user
enter_user:
    mov esp, [esp + 4]
    jmp trap_return
