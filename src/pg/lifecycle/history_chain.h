/*
 * history_chain.h
 *	  The SHA-256 chain of dossier history from column values
 *	  (history_chain.c): the canonical fields of an event row and its link.
 */
#ifndef DOSSIER_HISTORY_CHAIN_H
#define DOSSIER_HISTORY_CHAIN_H

#include "postgres.h"

#include "utils/timestamp.h"

#include "core/lifecycle/history.h"

/* Fields of an event from Datums in HistoryFieldId order. */
typedef struct HistoryText
{
	HistoryField fields[HISTORY_N_FIELDS];
	char		num[HISTORY_N_FIELDS][32];	/* numbers, times, identifiers */
} HistoryText;

extern void history_fields(const Datum *values, const bool *nulls, HistoryText *out);
extern void history_hash(const Datum *values, const bool *nulls,
						 const uint8 prev[HISTORY_HASH_LEN],
						 uint8 out[HISTORY_HASH_LEN]);

#endif							/* DOSSIER_HISTORY_CHAIN_H */
