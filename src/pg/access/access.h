/*
 * access.h
 *	  The agency checks the lifecycle's writers call (agency_check.c): an
 *	  official acts only within the agency it serves (docs/roles.md).
 */
#ifndef DOSSIER_ACCESS_H
#define DOSSIER_ACCESS_H

#include "postgres.h"

/*
 * Raise unless staff role actor may act on a dossier of agency (a datum of
 * dossier.agency_code): VN401 when it is bound to no agency, VN402 when its
 * agency no longer exists, 42501 when the dossier is another agency's.
 * action names the action ("stop"), code_text the dossier.  Superusers pass.
 */
extern void check_official_acts_on(Oid actor, Datum agency, const char *action,
								   const char *code_text);

/*
 * Raise unless staff role actor may register a dossier at agency: the
 * agency it serves, exactly (VN401, VN402, 42501 as above).
 */
extern void check_official_registers_at(Oid actor, Datum agency);

/* Whether role may act on a dossier of agency (the first check, without raising). */
extern bool official_may_act(Oid role, Datum agency);

#endif							/* DOSSIER_ACCESS_H */
