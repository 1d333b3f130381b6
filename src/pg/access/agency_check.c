/*
 * agency_check.c
 *	  The checks dossier.transition and dossier.register_dossier make of a
 *	  staff actor's agency (access.h): acting outside the agency an official
 *	  serves is 42501, nothing written; a role bound to no agency is VN401,
 *	  one whose agency no longer exists VN402 (naming the successor).
 *
 * The binding comes from the backend's cache (binding.c), so a check costs
 * a hash lookup and a few memcmp.  The lifecycle decides who is staff
 * (src/pg/lifecycle/actor.c) and calls these for staff only.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"

#include "pg/common/dossier.h"
#include "pg/access/access.h"
#include "pg/access/binding.h"

/* "H56.22" or "H56.22 (and H56.21, H56.23, which it succeeded)". */
static char *
acts_for_text(const OfficialBinding *b)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoString(&s, b->agency);
	for (int i = 1; i < b->scope.n_acts_for; i++)
		appendStringInfo(&s, "%s%s", i == 1 ? " (and " : ", ", b->scope.acts_for[i]);
	if (b->scope.n_acts_for > 1)
		appendStringInfoString(&s, ", which it succeeded)");
	return s.data;
}

/* Raise VN401 or VN402 when role's binding gives nothing. */
static void
check_usable(Oid role, const OfficialBinding *b)
{
	const char *name = GetUserNameFromId(role, false);

	switch (b->problem)
	{
		case BINDING_OK:
			return;
		case BINDING_NOT_BOUND:
		case BINDING_ROLE_DROPPED:	/* cannot be: the role acts; reads as unbound */
			ereport(ERROR,
					(errcode(ERRCODE_NOT_BOUND),
					 errmsg("role \"%s\" is not bound to an agency", name),
					 errdetail("Staff act only within the agency they serve, and dossier.official binds role \"%s\" to none.", name),
					 errhint("Ask a DBA to bind it: SELECT dossier.bind_official('%s', 'agency code').", name)));
			break;
		case BINDING_ROLE_RENAMED:
			ereport(ERROR,
					(errcode(ERRCODE_NOT_BOUND),
					 errmsg("role \"%s\" is not bound to an agency", name),
					 errdetail("Its binding to agency %s was made when the role was named \"%s\"; a renamed role's binding no longer applies.",
							   b->agency, b->bound_name),
					 errhint("Ask a DBA to bind it again: SELECT dossier.bind_official('%s', '%s').", name, b->agency)));
			break;
		case BINDING_AGENCY_GONE:
			ereport(ERROR,
					(errcode(ERRCODE_AGENCY_GONE),
					 errmsg("agency %s of role \"%s\" no longer exists", b->agency, name),
					 errdetail("The role is bound to agency %s, which dossier.agency no longer lists.", b->agency),
					 errhint("Ask a DBA to bind the role to the agency it now serves (dossier.bind_official).")));
			break;
		case BINDING_AGENCY_SUCCEEDED:
			ereport(ERROR,
					(errcode(ERRCODE_AGENCY_GONE),
					 errmsg("agency %s of role \"%s\" no longer exists", b->agency, name),
					 errdetail("Agency %s was succeeded by %s (dossier.agency_succession).",
							   b->agency, b->successors),
					 errhint("Ask a DBA to bind the role to the agency that took over: SELECT dossier.bind_official('%s', 'successor code').",
							 name)));
			break;
	}
}

/* The binding of actor, raising VN401 or VN402 when it gives nothing. */
static const OfficialBinding *
usable_binding(Oid actor)
{
	const OfficialBinding *b = official_binding(actor);

	check_usable(actor, b);
	Assert(b->scope.n_acts_for >= 1);
	return b;
}

/* Raise unless staff actor may act on a dossier of agency. */
void
check_official_acts_on(Oid actor, Datum agency, const char *action, const char *code_text)
{
	const OfficialBinding *b;
	size_t		len;
	const char *code;

	/* a 0.1.0 database, not yet updated, has no bindings */
	if (superuser_arg(actor) || !dossier_schema_has("official"))
		return;
	b = usable_binding(actor);
	code = agency_datum(agency, &len);
	if (agency_scope_acts_for(&b->scope, code, len))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s dossier %s", action, code_text),
			 agency_scope_sees(&b->scope, code, len) ?
			 errdetail("Dossier %s is with agency %.*s; role \"%s\" acts for agency %s and only reads the subtree of %s.",
					   code_text, (int) len, code, GetUserNameFromId(actor, false),
					   acts_for_text(b), b->scope.subtree) :
			 errdetail("Dossier %s is with agency %.*s; role \"%s\" acts for agency %s.",
					   code_text, (int) len, code, GetUserNameFromId(actor, false), acts_for_text(b)),
			 errhint("An official acts only on the dossiers of the agency it serves; a transfer (liên thông) hands a dossier to another agency.")));
}

/* Raise unless staff actor may register a dossier at agency: its own, exactly. */
void
check_official_registers_at(Oid actor, Datum agency)
{
	const OfficialBinding *b;
	size_t		len;
	const char *code;

	/* a 0.1.0 database, not yet updated, has no bindings */
	if (superuser_arg(actor) || !dossier_schema_has("official"))
		return;
	b = usable_binding(actor);
	code = agency_datum(agency, &len);
	if (len == strlen(b->agency) && memcmp(code, b->agency, len) == 0)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to register a dossier at agency %.*s", (int) len, code),
			 errdetail("Role \"%s\" serves agency %s; an official registers dossiers at the agency it serves.",
					   GetUserNameFromId(actor, false), b->agency),
			 errhint("Register the dossier at %s, or have an official of agency %.*s register it.",
					 b->agency, (int) len, code)));
}

/* Whether role may act on a dossier of agency, without raising. */
bool
official_may_act(Oid role, Datum agency)
{
	const OfficialBinding *b;
	size_t		len;
	const char *code;

	if (superuser_arg(role) || !dossier_schema_has("official"))
		return true;
	b = official_binding(role);
	code = agency_datum(agency, &len);
	return agency_scope_acts_for(&b->scope, code, len);
}
