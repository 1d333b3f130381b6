/*
 * receipt_guc.c
 *	  The setting dossier.public_base_url: where the public pages live that
 *	  receipt slips and procedure posters point to.
 *
 * The SQL of extension/parts/97_receipt.sql reads it with current_setting();
 * this file defines it (so that a value set in postgresql.conf before the
 * library loads is kept and checked) and refuses a value that is not a
 * plain http(s) base URL (src/core/receipt/public_url.c).  Superusers set
 * it (PGC_SUSET), in postgresql.conf, with ALTER SYSTEM or ALTER DATABASE,
 * so that a session cannot print slips that lead somewhere else.
 */
#include "postgres.h"

#include "utils/guc.h"

#include "pg/common/dossier.h"
#include "pg/receipt/receipt_guc.h"
#include "core/receipt/public_url.h"

static char *public_base_url = NULL;

/* GUC check hook: empty (unset) or a base URL public_base_url_check accepts. */
static bool
check_public_base_url(char **newval, void **extra, GucSource source)
{
	ParseError	err;

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (public_base_url_check(*newval, strlen(*newval), &err))
		return true;
	GUC_check_errdetail("%s", err.detail);
	GUC_check_errhint("%s", err.hint);
	return false;
}

/* Define dossier.public_base_url; called once from _PG_init (dossier.c). */
void
receipt_define_gucs(void)
{
	DefineCustomStringVariable("dossier.public_base_url",
							   "Base URL of the public pages receipt QR codes and procedure posters lead to.",
							   "A slip's QR code encodes <base>/status/<token>, a poster's "
							   "<base>/procedure/<code>. Empty (the default): dossier.receipt and "
							   "dossier.procedure_poster refuse to print (SQLSTATE VN602).",
							   &public_base_url,
							   "",
							   PGC_SUSET, 0,
							   check_public_base_url, NULL, NULL);
}
