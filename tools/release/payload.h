/*
 * The payload of a single-file release executable (tools/release/pack.c
 * writes it, tools/release/launcher.c reads it): after the launcher's own
 * bytes, one zstd frame per file, then the index (one struct msd_entry per
 * file), then struct msd_trailer as the file's last bytes. Little-endian,
 * as both release architectures are. XXH64 (seed 0) checks each file's
 * unpacked content; the index's own XXH64 names the cache directory, so
 * another release never reuses this one's files.
 */
#ifndef MSD_PAYLOAD_H
#define MSD_PAYLOAD_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MSD_MAGIC "MYSYSDIG-PAYLD1"

struct msd_entry {
	char name[32]; /* file name in the cache directory, NUL-terminated */
	uint32_t mode; /* 0700 or 0600 */
	uint32_t pad;
	uint64_t off;	/* the zstd frame: offset from the file's start */
	uint64_t csize; /* and its length */
	uint64_t usize; /* the unpacked size */
	uint64_t hash;	/* XXH64 of the unpacked content */
};

struct msd_trailer {
	uint64_t index_off;
	uint32_t count;
	uint32_t pad;
	uint64_t id; /* XXH64 of the index */
	char magic[16];
};

/* XXH64, as specified by xxHash (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md). */
#define MSD_P1 11400714785074694791ULL
#define MSD_P2 14029467366897019727ULL
#define MSD_P3 1609587929392839161ULL
#define MSD_P4 9650029242287828579ULL
#define MSD_P5 2870177450012600261ULL

static inline uint64_t msd_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t msd_rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint32_t msd_rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t msd_round(uint64_t acc, uint64_t in)
{
	acc += in * MSD_P2;
	return msd_rotl(acc, 31) * MSD_P1;
}
static inline uint64_t msd_merge(uint64_t acc, uint64_t v)
{
	acc ^= msd_round(0, v);
	return acc * MSD_P1 + MSD_P4;
}

static uint64_t msd_xxh64(const void *data, size_t len)
{
	const uint8_t *p = data, *end = p + len;
	uint64_t h;
	if (len >= 32) {
		uint64_t v1 = MSD_P1 + MSD_P2, v2 = MSD_P2, v3 = 0, v4 = -MSD_P1;
		const uint8_t *limit = end - 32;
		do {
			v1 = msd_round(v1, msd_rd64(p));
			v2 = msd_round(v2, msd_rd64(p + 8));
			v3 = msd_round(v3, msd_rd64(p + 16));
			v4 = msd_round(v4, msd_rd64(p + 24));
			p += 32;
		} while (p <= limit);
		h = msd_rotl(v1, 1) + msd_rotl(v2, 7) + msd_rotl(v3, 12) + msd_rotl(v4, 18);
		h = msd_merge(h, v1);
		h = msd_merge(h, v2);
		h = msd_merge(h, v3);
		h = msd_merge(h, v4);
	} else {
		h = MSD_P5;
	}
	h += len;
	while (p + 8 <= end) {
		h ^= msd_round(0, msd_rd64(p));
		h = msd_rotl(h, 27) * MSD_P1 + MSD_P4;
		p += 8;
	}
	if (p + 4 <= end) {
		h ^= (uint64_t)msd_rd32(p) * MSD_P1;
		h = msd_rotl(h, 23) * MSD_P2 + MSD_P3;
		p += 4;
	}
	while (p < end) {
		h ^= (*p) * MSD_P5;
		h = msd_rotl(h, 11) * MSD_P1;
		p++;
	}
	h ^= h >> 33;
	h *= MSD_P2;
	h ^= h >> 29;
	h *= MSD_P3;
	h ^= h >> 32;
	return h;
}
#endif
