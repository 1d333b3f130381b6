/*
 * history.c
 *	  Canonical form and SHA-256 chain of dossier history events (history.h).
 */
#include "core/lifecycle/history.h"

#include <assert.h>
#include <string.h>

#include <openssl/evp.h>

/* Microseconds from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch). */
#define PG_EPOCH_OFFSET_USECS INT64_C(946684800000000)

static const char *const field_names[HISTORY_N_FIELDS] = {
	[HF_DOSSIER] = "dossier",
	[HF_SEQ] = "seq",
	[HF_ACTION] = "action",
	[HF_FROM_STATUS] = "from_status",
	[HF_TO_STATUS] = "to_status",
	[HF_AT] = "at",
	[HF_RECORDED_AT] = "recorded_at",
	[HF_ACTOR] = "actor",
	[HF_ON_BEHALF_OF] = "on_behalf_of",
	[HF_AGENCY] = "agency",
	[HF_STEP] = "step",
	[HF_DUE_AT] = "due_at",
	[HF_APPOINTMENT_AT] = "appointment_at",
	[HF_NOTE] = "note",
	[HF_PROCEDURE] = "procedure",
	[HF_OWNER_CITIZEN] = "owner_citizen",
	[HF_OWNER_ENTERPRISE] = "owner_enterprise",
	[HF_CHANNEL] = "channel",
	[HF_SUPPLEMENT_TIME] = "supplement_time",
	[HF_REASON_CODE] = "reason_code",
	[HF_REASON] = "reason",
	[HF_IMPORT_SOURCE] = "import_source",
};

/* Column name of a field. */
const char *
history_field_name(int field)
{
	return field >= 0 && field < HISTORY_N_FIELDS ? field_names[field] : NULL;
}

/* Write the 4-byte big-endian v at p. */
static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

/* Canonical form of the fields; returns the length needed. */
size_t
history_canonical(const HistoryField fields[HISTORY_N_FIELDS],
				  uint8_t *out, size_t cap)
{
	size_t		need = 0;
	const uint8_t *start = out;

	assert(fields != NULL);
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
	{
		/* a field longer than the NULL marker cannot occur (history.h) */
		assert(fields[i].isnull || fields[i].len < UINT32_C(0xFFFFFFFF));
		assert(fields[i].isnull || fields[i].len == 0 || fields[i].data != NULL);
		need += 4 + (fields[i].isnull ? 0 : fields[i].len);
	}
	if (need > cap || out == NULL)
		return need;
	for (int i = 0; i < HISTORY_N_FIELDS; i++)
	{
		if (fields[i].isnull)
		{
			put_u32(out, UINT32_C(0xFFFFFFFF));
			out += 4;
			continue;
		}
		put_u32(out, (uint32_t) fields[i].len);
		out += 4;
		if (fields[i].len > 0)
			memcpy(out, fields[i].data, fields[i].len);
		out += fields[i].len;
	}
	assert((size_t) (out - start) == need);
	(void) start;				/* used only by the assertion */
	return need;
}

/* out = SHA-256(prev || canon). */
bool
history_link(const uint8_t prev[HISTORY_HASH_LEN], const uint8_t *canon,
			 size_t len, uint8_t out[HISTORY_HASH_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int outlen = 0;
	bool		ok;

	assert(prev != NULL && out != NULL && (canon != NULL || len == 0));
	if (ctx == NULL)
		return false;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
		EVP_DigestUpdate(ctx, prev, HISTORY_HASH_LEN) == 1 &&
		(len == 0 || EVP_DigestUpdate(ctx, canon, len) == 1) &&
		EVP_DigestFinal_ex(ctx, out, &outlen) == 1 &&
		outlen == HISTORY_HASH_LEN;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* Decimal text of v. */
size_t
history_int_text(int64_t v, char *buf)
{
	char		tmp[21];
	size_t		n = 0;
	size_t		len = 0;
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;

	do
	{
		tmp[n++] = (char) ('0' + (int) (u % 10));
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[len++] = '-';
	while (n > 0)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
	assert(len >= 1 && len <= 20);
	return len;
}

/* Decimal microseconds since the Unix epoch of a PostgreSQL timestamp. */
size_t
history_time_text(int64_t pg_usecs, char *buf)
{
	/* timestamps are finite here; infinity is refused before hashing */
	if (pg_usecs > INT64_MAX - PG_EPOCH_OFFSET_USECS)
		pg_usecs = INT64_MAX - PG_EPOCH_OFFSET_USECS;
	return history_int_text(pg_usecs + PG_EPOCH_OFFSET_USECS, buf);
}
