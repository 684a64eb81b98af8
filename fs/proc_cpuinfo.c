/* /proc/cpuinfo: the one CPU as CPUID describes it, in the format of
 * Linux 6.1's i386 show_cpuinfo (arch/x86/kernel/cpu/proc.c, a kernel
 * without CONFIG_SMP), with Linux's name for each CPUID feature bit
 * (arch/x86/include/asm/cpufeatures.h). The clock rate is the TSC's,
 * measured against the timer tick since boot. fs/proc.c calls this. */
#include "kernel/kernel.h"
#include "fs/proc.h"

struct regs { uint32_t a, b, c, d; };

static struct regs cpuid(uint32_t leaf, uint32_t sub)
{
    struct regs r;
    __asm__ volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d) : "a"(leaf), "c"(sub));
    return r;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* One capability word: 32 names by bit (NULL or "": not shown). */
typedef const char *const cap_names[32];

static cap_names w0_1edx = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep", "mtrr",
    "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx", "fxsr",
    "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static cap_names w1_ext_edx = {
    [11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext", [25] = "fxsr_opt",
    [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm", [30] = "3dnowext", [31] = "3dnow",
};
static cap_names w4_1ecx = {
    "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid",
    "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2", "x2apic",
    "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
    "hypervisor",
};
static cap_names w6_ext_ecx = {
    "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse",
    "3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL,
    "nodeid_msr", NULL, "tbm", "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc",
    "perfctr_llc", "mwaitx",
};
static cap_names w9_7ebx = {
    "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep", "bmi2", "erms",
    "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx", "smap",
    "avx512ifma", NULL, "clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd",
    "sha_ni", "avx512bw", "avx512vl",
};
static cap_names w16_7ecx = {
    [1] = "avx512vbmi", [2] = "umip", [3] = "pku", [5] = "waitpkg", [6] = "avx512_vbmi2",
    [8] = "gfni", [9] = "vaes", [10] = "vpclmulqdq", [11] = "avx512_vnni", [12] = "avx512_bitalg",
    [13] = "tme", [14] = "avx512_vpopcntdq", [16] = "la57", [22] = "rdpid",
    [24] = "bus_lock_detect", [25] = "cldemote", [27] = "movdiri", [28] = "movdir64b",
    [29] = "enqcmd", [30] = "sgx_lc",
};
static cap_names w18_7edx = {
    [2] = "avx512_4vnniw", [3] = "avx512_4fmaps", [4] = "fsrm", [8] = "avx512_vp2intersect",
    [10] = "md_clear", [14] = "serialize", [16] = "tsxldtrk", [18] = "pconfig", [19] = "arch_lbr",
    [20] = "ibt", [22] = "amx_bf16", [23] = "avx512_fp16", [24] = "amx_tile", [25] = "amx_int8",
    [28] = "flush_l1d", [29] = "arch_capabilities",
};
static cap_names pm_names = {                /* CPUID 0x80000007 EDX: power management */
    "ts", "fid", "vid", "ttp", "tm", "stc", "100mhzsteps", "hwpstate", "", "cpb", "eff_freq_ro",
    "proc_feedback", "acc_power",
};

static int put_names(cap_names names, uint32_t bits, char *buf, int size)
{
    int n = 0;
    for (int i = 0; i < 32 && n < size; i++)
        if ((bits & (1u << i)) && names[i] && names[i][0])
            n += snprintf(buf + n, size - n, " %s", names[i]);
    return n;
}

/* The flags line: Linux's capability words in its order (0, 1, 3 with
 * the one Linux-defined flag that every CPU with CPUID gets, 4, 6, 9,
 * 16, 18). OSXSAVE has no name: Pipit does not enable XSAVE. */
static int flags_line(uint32_t max, uint32_t xmax, char *buf, int size)
{
    struct regs l1 = cpuid(1, 0), l7 = max >= 7 ? cpuid(7, 0) : (struct regs){ 0 };
    struct regs e1 = xmax >= 0x80000001 ? cpuid(0x80000001, 0) : (struct regs){ 0 };
    struct regs e7 = xmax >= 0x80000007 ? cpuid(0x80000007, 0) : (struct regs){ 0 };
    int n = snprintf(buf, size, "flags\t\t:");
    n += put_names(w0_1edx, l1.d, buf + n, size - n);
    n += put_names(w1_ext_edx, e1.d, buf + n, size - n);
    if (e7.d & (1u << 8))                    /* invariant TSC */
        n += snprintf(buf + n, size - n, " constant_tsc nonstop_tsc");
    n += snprintf(buf + n, size - n, " cpuid");
    n += put_names(w4_1ecx, l1.c, buf + n, size - n);
    n += put_names(w6_ext_ecx, e1.c, buf + n, size - n);
    n += put_names(w9_7ebx, l7.b, buf + n, size - n);
    n += put_names(w16_7ecx, l7.c, buf + n, size - n);
    n += put_names(w18_7edx, l7.d, buf + n, size - n);
    return n;
}

static uint64_t boot_tsc, boot_jiffies;

/* Called at boot: the start of the TSC measurement. */
void proc_cpuinfo_init(void)
{
    boot_tsc = rdtsc();
    boot_jiffies = jiffies64();
}

/* The TSC rate in kHz, over the time since boot (0 before a tick). */
static uint32_t tsc_khz(void)
{
    uint64_t ticks = jiffies64() - boot_jiffies;
    if (!ticks)
        return 0;
    return (uint32_t)((rdtsc() - boot_tsc) * HZ / ticks / 1000);
}

/* "model name": the brand string, leading spaces dropped, or "unknown". */
static void model_name(uint32_t xmax, char name[49])
{
    memcpy(name, "unknown", 8);
    if (xmax < 0x80000004)
        return;
    uint32_t w[12];
    for (int i = 0; i < 3; i++) {
        struct regs r = cpuid(0x80000002 + i, 0);
        w[4 * i] = r.a, w[4 * i + 1] = r.b, w[4 * i + 2] = r.c, w[4 * i + 3] = r.d;
    }
    const char *p = (const char *)w;
    int len = 0;
    while (len < 48 && p[len])
        len++;
    while (len && p[len - 1] == ' ')
        len--;
    while (len && *p == ' ')
        p++, len--;
    if (len) {
        memcpy(name, p, len);
        name[len] = 0;
    }
}

/* Identity lines: processor to cache size. */
static int ident_lines(uint32_t max, uint32_t xmax, uint32_t khz, char *buf, int size)
{
    struct regs v = cpuid(0, 0), l1 = cpuid(1, 0);
    char vendor[13], name[49];
    memcpy(vendor, &v.b, 4), memcpy(vendor + 4, &v.d, 4), memcpy(vendor + 8, &v.c, 4);
    vendor[12] = 0;
    model_name(xmax, name);
    uint32_t family = (l1.a >> 8) & 0xF, model = (l1.a >> 4) & 0xF;
    if (family == 0xF)
        family += (l1.a >> 20) & 0xFF;
    if (family >= 6)
        model += ((l1.a >> 16) & 0xF) << 4;
    int n = snprintf(buf, size, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
                     "model name\t: %s\nstepping\t: %u\n", vendor, family, model, name, l1.a & 0xF);
    if ((l1.d & (1u << 4)) && n < size)
        n += snprintf(buf + n, size - n, "cpu MHz\t\t: %u.%03u\n", khz / 1000, khz % 1000);
    uint32_t cache = xmax >= 0x80000006 ? cpuid(0x80000006, 0).c >> 16 : 0;
    if (cache && n < size)
        n += snprintf(buf + n, size - n, "cache size\t: %u KB\n", cache);
    bool fpu = l1.d & 1;
    if (n < size)
        n += snprintf(buf + n, size - n, "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\n"
                      "fpu\t\t: %s\nfpu_exception\t: %s\ncpuid level\t: %u\nwp\t\t: yes\n",
                      fpu ? "yes" : "no", fpu ? "yes" : "no", max);
    return n;
}

int proc_cpuinfo_show(char *buf, int size)
{
    uint32_t max = cpuid(0, 0).a, xmax = cpuid(0x80000000, 0).a;
    xmax = xmax >= 0x80000000 && xmax < 0x8000FFFF ? xmax : 0;
    struct regs l1 = cpuid(1, 0);
    uint32_t khz = tsc_khz(), clflush = (l1.d & (1u << 19)) ? ((l1.b >> 8) & 0xFF) * 8 : 32;
    uint32_t phys = 32, virt = 32;
    if (xmax >= 0x80000008) {
        struct regs e8 = cpuid(0x80000008, 0);
        phys = e8.a & 0xFF, virt = (e8.a >> 8) & 0xFF;
    }
    int n = ident_lines(max, xmax, khz, buf, size);
    if (n < size)
        n += flags_line(max, xmax, buf + n, size - n);
    if (n < size)
        n += snprintf(buf + n, size - n, "\nbugs\t\t:\nbogomips\t: %u.%02u\nclflush size\t: %u\n"
                      "cache_alignment\t: %u\naddress sizes\t: %u bits physical, %u bits virtual\n"
                      "power management:", khz / 500, (khz / 5) % 100, clflush, clflush, phys, virt);
    if (n < size && xmax >= 0x80000007) {
        uint32_t pm = cpuid(0x80000007, 0).d;
        for (int i = 0; i < 32 && n < size; i++)
            if (pm & (1u << i))
                n += i < 13 && pm_names[i] ? snprintf(buf + n, size - n, "%s%s", pm_names[i][0] ? " " : "",
                                                      pm_names[i])
                                           : snprintf(buf + n, size - n, " [%d]", i);
    }
    return n < size ? n + snprintf(buf + n, size - n, "\n\n") : n;
}
