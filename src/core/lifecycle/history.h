/*
 * history.h
 *	  Canonical form and SHA-256 chain of dossier history events.
 *
 * Every row of dossier.dossier_event carries
 *
 *	  hash = SHA-256(prev_hash || canonical(row))
 *
 * where prev_hash is the hash of the previous event of the same dossier (32
 * zero bytes for the first) and canonical(row) is the fields below, in this
 * order, each written as a 4-byte big-endian length followed by that many
 * bytes of UTF-8 text, or as the length 0xFFFFFFFF alone for NULL.  The
 * texts are: codes and identifiers as stored (canonical text), the action as
 * its enum label, statuses as their DVCQG code in decimal, integers in
 * decimal, timestamps as decimal microseconds since 1970-01-01 00:00 UTC.
 * The registration event also carries what never changes afterwards (the
 * procedure, the owner, the channel), every event the supplement time so
 * far, so that every column of a dossier row follows from its chain (see
 * replay.h).  The form is documented in docs/reference/lifecycle/dossier.md
 * so that an auditor can recompute it without this code.
 *
 * Plain C: no PostgreSQL headers; the digest is OpenSSL's.
 */
#ifndef DOSSIER_HISTORY_H
#define DOSSIER_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HISTORY_HASH_LEN 32

/* The fields of an event, in canonical order. */
typedef enum HistoryFieldId
{
	HF_DOSSIER = 0,
	HF_SEQ,
	HF_ACTION,
	HF_FROM_STATUS,
	HF_TO_STATUS,
	HF_AT,
	HF_RECORDED_AT,
	HF_ACTOR,
	HF_ON_BEHALF_OF,
	HF_AGENCY,
	HF_STEP,
	HF_DUE_AT,
	HF_APPOINTMENT_AT,
	HF_NOTE,
	HF_PROCEDURE,				/* registration only: what the dossier is */
	HF_OWNER_CITIZEN,			/* registration only: its owner, a person */
	HF_OWNER_ENTERPRISE,		/* registration only: its owner, an organisation */
	HF_CHANNEL,					/* registration only: how it was filed */
	HF_SUPPLEMENT_TIME,			/* working time paused so far, microseconds */
	HF_REASON_CODE,				/* the reason of a refusal, supplement request or stop */
	HF_REASON,
	HF_IMPORT_SOURCE			/* imported events: the system they come from */
} HistoryFieldId;

#define HISTORY_N_FIELDS 22

/* One field: len bytes at data, or NULL when isnull. */
typedef struct HistoryField
{
	const char *data;
	size_t		len;
	bool		isnull;
} HistoryField;

/* Column name of a field in dossier.dossier_event. */
const char *history_field_name(int field);

/*
 * Write the canonical form of fields into out (capacity cap) and return its
 * length; when the return value exceeds cap nothing useful was written and
 * the caller retries with a buffer that large.  Fields longer than
 * 0xFFFFFFFE bytes cannot occur (PostgreSQL values are at most 1 GB).
 */
size_t		history_canonical(const HistoryField fields[HISTORY_N_FIELDS],
							  uint8_t *out, size_t cap);

/* out = SHA-256(prev || canon); false only when OpenSSL fails. */
bool		history_link(const uint8_t prev[HISTORY_HASH_LEN],
						 const uint8_t *canon, size_t len,
						 uint8_t out[HISTORY_HASH_LEN]);

/* Decimal text of v into buf (at least 21 bytes); returns the length. */
size_t		history_int_text(int64_t v, char *buf);

/*
 * Decimal text of a PostgreSQL timestamp (microseconds since 2000-01-01 UTC)
 * as microseconds since the Unix epoch, into buf (at least 21 bytes).
 */
size_t		history_time_text(int64_t pg_usecs, char *buf);

#endif							/* DOSSIER_HISTORY_H */
