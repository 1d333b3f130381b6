/*
 * dossier.c
 *	  Module entry point of the dossier extension: magic block and GUCs.
 *
 * Every configuration variable of the extension is named dossier.*; the
 * prefix is reserved so that a misspelt setting is reported, not ignored.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "dossier.h"

PG_MODULE_MAGIC;

/* Called when the library is loaded: define GUCs and reserve the prefix. */
void
_PG_init(void)
{
	MarkGUCPrefixReserved("dossier");
}
