/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MY_SYSDIG_SCAP_H
#define MY_SYSDIG_SCAP_H

#include <linux/types.h>
#include <linux/compat.h>
#include "capture.h"

/* The pieces of sysdig's capture format the module writes (docs/scap-format.md). */
#define MSD_SCAP_EV_V2		0x216	/* event block, version 2 */
#define MSD_SCAP_GENERIC_E	0
#define MSD_SCAP_GENERIC_X	1

/* sysdig's PPM_SC code + 1 by syscall number, 0 where the module writes no events. */
extern const u16 msd_scap_sc[MSD_NR_MAX];

/*
 * Whether syscall nr's completed calls become SCAP records: its PPM_SC code
 * + 1, or 0 (a dedicated sysdig event, execve's entry record, a 32-bit task).
 */
static __always_inline u32 msd_scap_code(long nr)
{
	if ((unsigned long)nr >= MSD_NR_MAX || in_compat_syscall())
		return 0;
	return msd_scap_sc[nr];
}

char *msd_scap_generic(char *p, const struct msd_sc *sc, u32 code, long nr,
		       const unsigned long *args, long ret, u64 enter_rt, u64 exit_rt,
		       u32 tid, u32 cpu, u32 snaplen);

#endif /* MY_SYSDIG_SCAP_H */
