/* The classic BPF of seccomp filters: the checks a program passes when it
 * is loaded (Linux's bpf_check_classic, check_load_and_stores and
 * seccomp_check_filter, in that order) and the interpreter that runs it
 * at each system-call entry on a struct seccomp_data. A checked program
 * cannot loop, read outside seccomp_data, or read scratch memory it has
 * not written, so the interpreter needs no checks of its own. */
#include "kernel/kernel.h"
#include "kernel/seccomp.h"
#include "kernel/mm/mm.h"

#define OP(cls, op, src) (BPF_##cls | BPF_##op | BPF_##src)

/* The conditional jumps, each with a constant (K) and a register (X). */
static bool is_cond_jump(uint16_t code)
{
    switch (code) {
    case OP(JMP, JEQ, K): case OP(JMP, JEQ, X): case OP(JMP, JGT, K): case OP(JMP, JGT, X):
    case OP(JMP, JGE, K): case OP(JMP, JGE, X): case OP(JMP, JSET, K): case OP(JMP, JSET, X):
        return true;
    }
    return false;
}

/* The opcodes seccomp takes: the ALU (no modulo), the loads of a word of
 * seccomp_data and of its length, immediates, scratch memory, the
 * register moves, jumps and returns. Every other classic opcode (packet
 * loads by byte or half-word, BPF_IND, BPF_MSH, BPF_MOD, the ancillary
 * loads) is refused. */
static bool seccomp_code_ok(uint16_t code)
{
    if (is_cond_jump(code))
        return true;
    switch (code) {
    case OP(ALU, ADD, K): case OP(ALU, ADD, X): case OP(ALU, SUB, K): case OP(ALU, SUB, X):
    case OP(ALU, MUL, K): case OP(ALU, MUL, X): case OP(ALU, DIV, K): case OP(ALU, DIV, X):
    case OP(ALU, AND, K): case OP(ALU, AND, X): case OP(ALU, OR, K): case OP(ALU, OR, X):
    case OP(ALU, XOR, K): case OP(ALU, XOR, X): case OP(ALU, LSH, K): case OP(ALU, LSH, X):
    case OP(ALU, RSH, K): case OP(ALU, RSH, X): case BPF_ALU | BPF_NEG:
    case OP(LD, W, ABS): case OP(LD, W, LEN): case OP(LDX, W, LEN):
    case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM: case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
    case BPF_ST: case BPF_STX: case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
    case BPF_JMP | BPF_JA: case BPF_RET | BPF_K: case BPF_RET | BPF_A:
        return true;
    }
    return false;
}

/* The classic checker's opcode table: what any classic program may use
 * (a packet filter's too). A code outside it is refused before any
 * other check of the same instruction. */
static bool classic_code_ok(uint16_t code)
{
    if (seccomp_code_ok(code))
        return true;
    switch (code) {
    case OP(ALU, MOD, K): case OP(ALU, MOD, X):
    case OP(LD, H, ABS): case OP(LD, B, ABS): case OP(LD, W, IND): case OP(LD, H, IND):
    case OP(LD, B, IND): case OP(LDX, B, MSH):
        return true;
    }
    return false;
}

/* One instruction as bpf_check_classic sees it at pc of len. */
static bool classic_insn_ok(const struct sock_filter *f, uint32_t pc, uint32_t len)
{
    uint16_t code = f->code;
    if (!classic_code_ok(code))
        return false;
    if (is_cond_jump(code))
        return pc + f->jt + 1 < len && pc + f->jf + 1 < len;
    switch (code) {
    case OP(ALU, DIV, K): case OP(ALU, MOD, K):
        return f->k != 0;                    /* a division by a constant zero */
    case OP(ALU, LSH, K): case OP(ALU, RSH, K):
        return f->k < 32;
    case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
        return f->k < BPF_MEMWORDS;
    case BPF_JMP | BPF_JA:
        return f->k < len - pc - 1;          /* forward, inside the program */
    case OP(LD, W, ABS): case OP(LD, H, ABS): case OP(LD, B, ABS):
        return f->k < (uint32_t)SKF_AD_OFF;  /* no ancillary load helps seccomp */
    }
    return true;
}

/* Scratch memory M[] is read only where every path to the read wrote the
 * word: one bit per word valid, carried along and, for a jump, into its
 * targets (a target's mask is what all jumps to it agree on). Linux's
 * walk, the fall-through after a return included. 0, -EINVAL or -ENOMEM. */
static int check_mem_reads(const struct sock_filter *f, uint32_t len)
{
    uint16_t *valid_at = kmalloc(len * sizeof *valid_at);
    if (!valid_at)
        return -ENOMEM;
    memset(valid_at, 0xFF, len * sizeof *valid_at);
    uint16_t valid = 0;
    int err = 0;
    for (uint32_t pc = 0; pc < len && !err; pc++) {
        valid &= valid_at[pc];
        uint16_t code = f[pc].code;
        if (code == BPF_ST || code == BPF_STX) {
            valid |= (uint16_t)(1u << f[pc].k);
        } else if (code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM)) {
            if (!(valid & (1u << f[pc].k)))
                err = -EINVAL;
        } else if (code == (BPF_JMP | BPF_JA)) {
            valid_at[pc + 1 + f[pc].k] &= valid;
            valid = 0xFFFF;
        } else if (is_cond_jump(code)) {
            valid_at[pc + 1 + f[pc].jt] &= valid;
            valid_at[pc + 1 + f[pc].jf] &= valid;
            valid = 0xFFFF;
        }
    }
    kfree(valid_at);
    return err;
}

int seccomp_bpf_check(const struct sock_filter *f, uint32_t len)
{
    for (uint32_t pc = 0; pc < len; pc++)
        if (!classic_insn_ok(&f[pc], pc, len))
            return -EINVAL;
    uint16_t last = f[len - 1].code;
    if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
        return -EINVAL;
    int err = check_mem_reads(f, len);
    if (err)
        return err;
    for (uint32_t pc = 0; pc < len; pc++) {   /* then seccomp's own rules */
        if (!seccomp_code_ok(f[pc].code))
            return -EINVAL;
        if (f[pc].code == OP(LD, W, ABS) &&
            (f[pc].k >= sizeof(struct seccomp_data) || (f[pc].k & 3)))
            return -EINVAL;
    }
    return 0;
}

/* How long Linux's program is once converted to eBPF (bpf_convert_filter),
 * which is what MAX_INSNS_PER_PATH counts: three instructions of
 * prologue, then one per instruction but for a RET K (two), a division
 * by X (five, with its test of zero), and a conditional jump (two when
 * neither target is the next instruction, or the false one is not and
 * it is a JSET; one more for a constant above 2^31, moved to a register
 * first). */
uint32_t seccomp_bpf_len(const struct sock_filter *f, uint32_t len)
{
    uint32_t n = 3;
    for (uint32_t pc = 0; pc < len; pc++) {
        uint16_t code = f[pc].code;
        if (code == (BPF_RET | BPF_K))
            n += 2;
        else if (code == OP(ALU, DIV, X))
            n += 5;
        else if (!is_cond_jump(code))
            n += 1;
        else {
            n += (BPF_SRC(code) == BPF_K && (int32_t)f[pc].k < 0) ? 1 : 0;
            bool one = f[pc].jf == 0 || (f[pc].jt == 0 && BPF_OP(code) != BPF_JSET);
            n += one ? 1 : 2;
        }
    }
    return n;
}

/* A = A op v for an ALU opcode. A division by a zero X ends the program
 * with 0 (SECCOMP_RET_KILL_THREAD), as classic BPF always did; a shift
 * by X takes its low five bits, as Linux's interpreter and JITs do. */
static bool alu(uint16_t op, uint32_t *a, uint32_t v)
{
    switch (op) {
    case BPF_ADD: *a += v; break;
    case BPF_SUB: *a -= v; break;
    case BPF_MUL: *a *= v; break;
    case BPF_DIV:
        if (!v)
            return false;
        *a /= v;
        break;
    case BPF_AND: *a &= v; break;
    case BPF_OR:  *a |= v; break;
    case BPF_XOR: *a ^= v; break;
    case BPF_LSH: *a <<= v & 31; break;
    case BPF_RSH: *a >>= v & 31; break;
    case BPF_NEG: *a = -*a; break;
    }
    return true;
}

/* Whether a conditional jump is taken: A against v. */
static bool jump_taken(uint16_t op, uint32_t a, uint32_t v)
{
    switch (op) {
    case BPF_JEQ: return a == v;
    case BPF_JGT: return a > v;
    case BPF_JGE: return a >= v;
    default:      return (a & v) != 0;       /* BPF_JSET */
    }
}

uint32_t seccomp_bpf_run(const struct sock_filter *f, const struct seccomp_data *sd)
{
    const uint32_t *word = (const uint32_t *)sd;
    uint32_t a = 0, x = 0, mem[BPF_MEMWORDS];
    for (uint32_t pc = 0;; pc++) {
        const struct sock_filter *i = &f[pc];
        uint16_t code = i->code;
        uint32_t src = BPF_SRC(code) == BPF_X ? x : i->k;
        switch (BPF_CLASS(code)) {
        case BPF_LD:
            a = BPF_MODE(code) == BPF_ABS ? word[i->k / 4] :
                BPF_MODE(code) == BPF_LEN ? sizeof *sd :
                BPF_MODE(code) == BPF_MEM ? mem[i->k] : i->k;
            break;
        case BPF_LDX:
            x = BPF_MODE(code) == BPF_LEN ? sizeof *sd :
                BPF_MODE(code) == BPF_MEM ? mem[i->k] : i->k;
            break;
        case BPF_ST:  mem[i->k] = a; break;
        case BPF_STX: mem[i->k] = x; break;
        case BPF_ALU:
            if (!alu(BPF_OP(code), &a, src))
                return 0;
            break;
        case BPF_JMP:
            if (BPF_OP(code) == BPF_JA)
                pc += i->k;
            else
                pc += jump_taken(BPF_OP(code), a, src) ? i->jt : i->jf;
            break;
        case BPF_RET:
            return BPF_RVAL(code) == BPF_A ? a : i->k;
        case BPF_MISC:
            if (BPF_MISCOP(code) == BPF_TAX)
                x = a;
            else
                a = x;
            break;
        }
    }
}
