// SPDX-License-Identifier: GPL-2.0
/*
 * Completed syscalls as sysdig's own events (MSD_F_SCAP): the GENERIC_E and
 * GENERIC_X blocks a capture file holds, written straight into the ring, so
 * that user space copies them to the file without looking at a parameter.
 * The layout is the one src/scap/writer.ts writes for the same call from a
 * SYSCALL record (kmod/my_sysdig_abi.h, MSD_REC_SCAP); the guest tests hold
 * the two to the same file. Runs on the per-syscall path: no lock, no
 * allocation, every byte written.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "my_sysdig.h"
#include "scap.h"

#define SCAP(nr_, code_) [nr_] = (code_) + 1

/* Syscall number -> PPM_SC code + 1: generated from src/syscalls/spec.ts. */
const u16 msd_scap_sc[MSD_NR_MAX] = {
#include "scap_table.h"
};

/* Capture files are little-endian; these stores take any alignment. */
static __always_inline void msd_put16(char *p, u16 v)
{
	__le16 x = cpu_to_le16(v);

	memcpy(p, &x, sizeof(x));
}

static __always_inline void msd_put32(char *p, u32 v)
{
	__le32 x = cpu_to_le32(v);

	memcpy(p, &x, sizeof(x));
}

static __always_inline void msd_put64(char *p, u64 v)
{
	__le64 x = cpu_to_le64(v);

	memcpy(p, &x, sizeof(x));
}

/*
 * The module's items in [p, end) (struct msd_item, data padded to 8) in
 * the capture's encoding, in place: the same 8-byte header with the flags
 * in one byte, the data unpadded, at most MSD_SCAP_ITEMS_MAX bytes in all
 * (an item cut there is marked truncated). Returns the end.
 */
static char *msd_scap_items(char *p, char *end)
{
	char *q = p, *limit = p + MSD_SCAP_ITEMS_MAX;

	while (p + sizeof(struct msd_item) <= end) {
		struct msd_item it = *(struct msd_item *)p;
		u32 n = it.len;
		u8 f = it.flags & MSD_IF_FAULT;

		if (q + sizeof(it) > limit)
			break;
		if (n > limit - q - sizeof(it))
			n = limit - q - sizeof(it);
		if ((it.flags & MSD_IF_TRUNC) || n < it.len)
			f |= MSD_IF_TRUNC;
		q[0] = n & 0xff;
		q[1] = n >> 8;
		q[2] = it.arg;
		q[3] = it.type;
		q[4] = f;
		q[5] = q[6] = q[7] = 0;
		memmove(q + sizeof(it), p + sizeof(it), n);
		q += sizeof(it) + n;
		p += MSD_ITEM_SZ(it.len);
	}
	return q;
}

/* Pads the block begun at b whose event ends at end, and closes it; returns its end. */
static __always_inline char *msd_scap_close(char *b, char *end)
{
	u32 total;

	while ((end - b + 4) & 3)
		*end++ = 0;
	total = end - b + 4;
	msd_put32(end, total);
	msd_put32(b + 4, total);
	return end + 4;
}

/* The block and event headers: block type, CPU, time, thread, event type, parameter count. */
static __always_inline void msd_scap_hdr(char *b, u32 cpu, u64 ts, u32 tid, u16 type, u32 np)
{
	msd_put32(b, MSD_SCAP_EV_V2);
	msd_put16(b + 8, cpu & 0xffff);
	msd_put64(b + 10, ts);
	msd_put32(b + 18, tid);
	msd_put32(b + 22, 0);
	msd_put16(b + 30, type);
	msd_put32(b + 32, np);
}

/*
 * Writes the GENERIC_E and GENERIC_X blocks of a completed syscall at p
 * (8-aligned) and returns their end. code is msd_scap_code()'s; the items
 * are the call's copied memory, inputs and outputs (sc may be NULL). At most
 * MSD_SCAP_FIXED - sizeof(struct msd_rec_hdr) bytes beyond what
 * msd_capture_max() gives for sc.
 */
char *msd_scap_generic(char *p, const struct msd_sc *sc, u32 code, long nr,
		       const unsigned long *args, long ret, u64 enter_rt, u64 exit_rt,
		       u32 tid, u32 cpu, u32 snaplen)
{
	char *e = p, *x, *items, *end;
	u32 n = MSD_NARGS, i, ml;

	while (n && !args[n - 1])
		n--;
	ml = 8 + 8 * n;
	/* GENERIC_E: ID, nativeID, msd (nr, 0, the arguments), items */
	msd_scap_hdr(e, cpu, enter_rt, tid, MSD_SCAP_GENERIC_E, 4);
	msd_put16(e + 36, 2);
	msd_put16(e + 38, 2);
	msd_put16(e + 40, ml);
	msd_put16(e + 44, code - 1);
	msd_put16(e + 46, nr & 0xffff);
	msd_put32(e + 48, nr);
	msd_put32(e + 52, 0);
	for (i = 0; i < n; i++)
		msd_put64(e + 56 + 8 * i, args[i]);
	items = e + 48 + ml;	/* 8-aligned, as msd_capture() writes */
	end = items;
	if (sc)
		end = msd_capture(items, sc, MSD_CAPTURE_IN | MSD_CAPTURE_OUT, args, ret, snaplen);
	end = msd_scap_items(items, end);
	msd_put16(e + 42, end - items);
	msd_put32(e + 26, end - e - 10);
	x = msd_scap_close(e, end);
	/* GENERIC_X: ID, msd (nr, 0, the result), no items */
	msd_scap_hdr(x, cpu, exit_rt, tid, MSD_SCAP_GENERIC_X, 3);
	msd_put16(x + 36, 2);
	msd_put16(x + 38, 16);
	msd_put16(x + 40, 0);
	msd_put16(x + 42, code - 1);
	msd_put32(x + 44, nr);
	msd_put32(x + 48, 0);
	msd_put64(x + 52, ret);
	msd_put32(x + 26, 60 - 10);
	return msd_scap_close(x, x + 60);
}
