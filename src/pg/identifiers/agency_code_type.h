/*
 * agency_code_pg.h
 *	  What the SQL glue of other types needs from src/pg/identifiers/agency_code_type.c.
 */
#ifndef DOSSIER_AGENCY_CODE_PG_H
#define DOSSIER_AGENCY_CODE_PG_H

#include "postgres.h"

#include "fmgr.h"

/* A new agency_code value holding len bytes of a canonical code. */
extern Datum agency_code_datum(const char *s, size_t len);

/* The greatest valid code under a code: the top of its subtree's key range. */
extern Datum agency_code_subtree_max_datum(Datum code);

#endif							/* DOSSIER_AGENCY_CODE_PG_H */
