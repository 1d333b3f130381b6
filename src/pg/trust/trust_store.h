/*
 * trust_store.h
 *	  What the trust store's SQL glue (trust_store.c) lends to the other
 *	  signature glue (signature.c): the per-backend cached store and the
 *	  conversions of core strings into Datums.
 */
#ifndef DOSSIER_PG_TRUST_STORE_H
#define DOSSIER_PG_TRUST_STORE_H

#include "postgres.h"

#include "core/trust/x509_verify.h"

/* The store of the trust tables, rebuilt if they changed since last use. */
extern X509vStore *trust_store_get(void);

/* A UTF-8 string from core as text in the server encoding; NULL stays NULL. */
extern Datum trust_utf8_text(const char *s, bool *isnull);

/* A text[] from n UTF-8 strings. */
extern Datum trust_text_array(char *const *items, int n);

#endif							/* DOSSIER_PG_TRUST_STORE_H */
