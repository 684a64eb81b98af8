/* vsyscall.h - the vDSO for t_vdso and t_sysenter: its dynamic symbol
 * table read as a dynamic linker reads it (AT_SYSINFO_EHDR, DT_HASH,
 * symbol versions), and system calls through its __kernel_vsyscall (the
 * address in AT_SYSINFO) with every register chosen and read back (the
 * entry preserves all registers but eax). */
#ifndef VSYSCALL_H
#define VSYSCALL_H
#include <elf.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>

struct vdso {
	uintptr_t base;
	const Elf32_Ehdr *eh;
	const Elf32_Sym *sym;
	const char *str;
	const Elf32_Word *hash, *gnu;
	const Elf32_Half *versym;
	const Elf32_Verdef *verdef;
	const char *soname;
	int has_load, has_dynamic;
};

/* Reads the vDSO's dynamic section as a dynamic linker would; 0 or -1. */
__attribute__((unused))
static int vdso_open(struct vdso *v)
{
	memset(v, 0, sizeof *v);
	v->base = getauxval(AT_SYSINFO_EHDR);
	if (!v->base)
		return -1;
	v->eh = (const Elf32_Ehdr *)v->base;
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(v->base + v->eh->e_phoff);
	const Elf32_Dyn *dyn = NULL;
	intptr_t bias = 0;
	for (int i = 0; i < v->eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !v->has_load) {
			v->has_load = 1;
			bias = (intptr_t)(v->base + ph[i].p_offset - ph[i].p_vaddr);
		}
		if (ph[i].p_type == PT_DYNAMIC) {
			v->has_dynamic = 1;
			dyn = (const Elf32_Dyn *)(v->base + ph[i].p_offset);
		}
	}
	if (!dyn)
		return -1;
	uint32_t soname = 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = bias + dyn->d_un.d_ptr;
		switch (dyn->d_tag) {
		case DT_SYMTAB: v->sym = (const Elf32_Sym *)p; break;
		case DT_STRTAB: v->str = (const char *)p; break;
		case DT_HASH: v->hash = (const Elf32_Word *)p; break;
		case DT_GNU_HASH: v->gnu = (const Elf32_Word *)p; break;
		case DT_VERSYM: v->versym = (const Elf32_Half *)p; break;
		case DT_VERDEF: v->verdef = (const Elf32_Verdef *)p; break;
		case DT_SONAME: soname = dyn->d_un.d_val; break;
		}
	}
	if (v->str && soname)
		v->soname = v->str + soname;
	return v->sym && v->str ? 0 : -1;
}

/* Whether symbol i has version ver (musl's checkver). */
__attribute__((unused))
static int has_version(const struct vdso *v, uint32_t i, const char *ver)
{
	if (!v->versym || !v->verdef)
		return 0;
	uint32_t want = v->versym[i] & 0x7fff;
	for (const Elf32_Verdef *d = v->verdef;; d = (const void *)((const char *)d + d->vd_next)) {
		if (!(d->vd_flags & VER_FLG_BASE) && (d->vd_ndx & 0x7fff) == want) {
			const Elf32_Verdaux *a = (const void *)((const char *)d + d->vd_aux);
			return !strcmp(ver, v->str + a->vda_name);
		}
		if (!d->vd_next)
			return 0;
	}
}

__attribute__((unused))
static void *sym_addr(const struct vdso *v, uint32_t i, const char *name, const char *ver)
{
	const Elf32_Sym *s = &v->sym[i];
	if (strcmp(name, v->str + s->st_name) || ELF32_ST_TYPE(s->st_info) != STT_FUNC ||
	    ELF32_ST_BIND(s->st_info) != STB_GLOBAL || s->st_shndx == SHN_UNDEF || !has_version(v, i, ver))
		return NULL;
	return (void *)(v->base + s->st_value);
}

/* The System V hash lookup (DT_HASH: musl's __vdsosym, glibc). */
__attribute__((unused))
static void *lookup_sysv(const struct vdso *v, const char *name, const char *ver)
{
	if (!v->hash)
		return NULL;
	uint32_t h = 0, g;
	for (const unsigned char *p = (const void *)name; *p; p++) {
		h = (h << 4) + *p;
		g = h & 0xf0000000;
		h ^= g >> 24;
		h &= ~g;
	}
	uint32_t nbucket = v->hash[0];
	const Elf32_Word *bucket = v->hash + 2, *chain = bucket + nbucket;
	for (uint32_t i = bucket[h % nbucket]; i; i = chain[i]) {
		void *a = sym_addr(v, i, name, ver);
		if (a)
			return a;
	}
	return NULL;
}

__attribute__((unused))
static void *vsym(const char *name, const char *ver)
{
	struct vdso v;
	return vdso_open(&v) < 0 ? NULL : lookup_sysv(&v, name, ver);
}


struct vregs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;   /* in: number, arguments; out: after */
	uint32_t entry;                               /* where to call */
};

/* Calls r->entry with eax..ebp from r; puts the registers it returns with
 * back into r. */
__attribute__((unused, noinline))
static void vsys_regs(struct vregs *r)
{
	__asm__ volatile(
		"push %%ebp\n\t"
		"push %%ebx\n\t"
		"push %%eax\n\t"
		"push 28(%%eax)\n\t"
		"mov 4(%%eax), %%ebx\n\t"
		"mov 8(%%eax), %%ecx\n\t"
		"mov 12(%%eax), %%edx\n\t"
		"mov 16(%%eax), %%esi\n\t"
		"mov 20(%%eax), %%edi\n\t"
		"mov 24(%%eax), %%ebp\n\t"
		"mov 0(%%eax), %%eax\n\t"
		"call *(%%esp)\n\t"
		"add $4, %%esp\n\t"
		"xchg %%eax, (%%esp)\n\t"
		"mov %%ebx, 4(%%eax)\n\t"
		"mov %%ecx, 8(%%eax)\n\t"
		"mov %%edx, 12(%%eax)\n\t"
		"mov %%esi, 16(%%eax)\n\t"
		"mov %%edi, 20(%%eax)\n\t"
		"mov %%ebp, 24(%%eax)\n\t"
		"pop %%ecx\n\t"
		"mov %%ecx, 0(%%eax)\n\t"
		"pop %%ebx\n\t"
		"pop %%ebp\n\t"
		: : "a"(r) : "ecx", "edx", "esi", "edi", "memory", "cc");
}

/* The system call nr(a..f) through __kernel_vsyscall: the result, or
 * -errno (no errno is set). */
__attribute__((unused))
static long vsys6(long nr, long a, long b, long c, long d, long e, long f)
{
	struct vregs r = { (uint32_t)nr, (uint32_t)a, (uint32_t)b, (uint32_t)c, (uint32_t)d,
			   (uint32_t)e, (uint32_t)f, (uint32_t)getauxval(AT_SYSINFO) };
	vsys_regs(&r);
	return (long)r.eax;
}

#define vsys(nr, ...) vsys_n(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define vsys_n(nr, a, b, c, d, e, f, ...) vsys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

#endif
