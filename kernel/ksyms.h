/* The kernel's own symbol table, generated at build time (tools/ksyms.sh),
 * sorted by address, used by backtraces and the profiler. */
#ifndef KSYMS_H
#define KSYMS_H
#include "kernel/types.h"

struct ksym { uint32_t addr; const char *name; };
extern const struct ksym ksyms[];
extern const unsigned ksyms_count;
const char *ksym_lookup(uint32_t addr, uint32_t *off);

#endif
