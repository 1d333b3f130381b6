/*
 * actor.c
 *	  Who may act on a dossier: the staff roles of an action, and a portal
 *	  acting on behalf of a dossier's owner (docs/roles.md).
 *
 * The table of who may take which action is src/core/lifecycle/lifecycle.c; this file
 * checks the session's current role against it with has_privs_of_role, so
 * membership is inherited and superusers pass.  A role that holds a staff
 * role acts only within the agency it is bound to (src/pg/access/,
 * docs/roles.md); a portal acting for an owner and the importer are bound to
 * no agency.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "pg/common/dossier.h"
#include "pg/access/portal.h"
#include "pg/lifecycle/dossier_write.h"
#include "core/lifecycle/lifecycle.h"
#include "pg/lifecycle/actor.h"
#include "pg/access/access.h"

/* Whether the session's role has the privileges of the SQL role of a lifecycle role. */
static bool
acts_as(Oid actor, int role)
{
	Oid			r;

	Assert(lifecycle_role_name(role) != NULL);
	r = get_role_oid(lifecycle_role_name(role), true);
	return OidIsValid(r) && has_privs_of_role(actor, r);
}

/* "dossier_a, dossier_b or dossier_c": the SQL roles in mask, for messages. */
static char *
role_list(uint32 mask)
{
	StringInfoData out;
	int			left = pg_popcount32(mask);

	Assert(mask != 0 && (mask >> LIFECYCLE_N_ROLES) == 0);
	initStringInfo(&out);
	for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
	{
		if (!(mask & (UINT32_C(1) << r)))
			continue;
		appendStringInfoString(&out, lifecycle_role_name(r));
		left--;
		if (left > 1)
			appendStringInfoString(&out, ", ");
		else if (left == 1)
			appendStringInfoString(&out, " or ");
	}
	Assert(left == 0);
	return out.data;
}

/* Raise 42501: the applicant is not the owner of the dossier. */
static void
report_other_owner(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s for another owner", what),
			 errdetail("The applicant of the portal assertion is not the owner of the dossier."),
			 errhint("A portal acts only for the owner of the dossier, signed in through the identity provider.")));
}

/*
 * Check that an applicant's portal may act: the session has dossier_portal,
 * the action is one an applicant may take, the portal presented the
 * applicant's assertion in this transaction (dossier.portal_login,
 * docs/reference/access/portal.md), on_behalf_of names that applicant and
 * the applicant is the owner.  Returns the owner's identifier in canonical
 * form, to be recorded.
 */
text *
check_applicant(Oid actor, const char *what, uint32 mask, text *on_behalf_of,
				Datum owner, Oid owner_type)
{
	Oid			infunc;
	Oid			ioparam;
	Datum		claimed;
	PortalSubject s;
	bool		owner_is_citizen = owner_type == dw.t_citizen_id;

	Assert(on_behalf_of != NULL && mask != 0);
	Assert(owner_is_citizen || owner_type == dw.t_tax_code);
	if (!(mask & (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s on behalf of an applicant", what),
				 errdetail("Only staff may %s: members of %s.", what,
						   role_list(mask & ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT))),
				 errhint("An applicant may supply papers, pay, ask to withdraw and receive an electronic result; leave on_behalf_of NULL when an official acts.")));
	if (!acts_as(actor, LIFECYCLE_ROLE_APPLICANT))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to act on behalf of an applicant"),
				 errdetail("Role \"%s\" is not a member of dossier_portal.",
						   GetUserNameFromId(actor, false)),
				 errhint("Only a portal's service account (a member of dossier_portal) acts on behalf of applicants; staff leave on_behalf_of NULL.")));
	getTypeInputInfo(owner_type, &infunc, &ioparam);
	if (!dossier_schema_has("portal_key"))
	{
		/* a 0.1.0 database, not yet updated: the portal's word, as 0.1.0 took it */
		claimed = OidInputFunctionCall(infunc, text_to_cstring(on_behalf_of), ioparam, -1);
		if (DatumGetInt64(claimed) != DatumGetInt64(owner))
			report_other_owner(what);
		return cstring_to_text(datum_text(claimed, owner_type));
	}
	portal_require_subject(actor, what, &s);
	if (s.citizen != owner_is_citizen)
		report_other_owner(what);
	claimed = OidInputFunctionCall(infunc, text_to_cstring(on_behalf_of), ioparam, -1);
	if (DatumGetInt64(claimed) != s.value)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to %s for another applicant", what),
				 errdetail("on_behalf_of does not name the applicant of the portal assertion presented in this transaction."),
				 errhint("A portal acts only for the applicant signed in: leave on_behalf_of NULL, or pass the subject dossier.portal_login returned.")));
	if (DatumGetInt64(claimed) != DatumGetInt64(owner))
		report_other_owner(what);
	return cstring_to_text(s.text);
}

/*
 * The applicant of a live call (a is not an import): when on_behalf_of is
 * NULL and actor presented a portal assertion in this transaction, its
 * subject, so that a signed-in portal need not repeat it; a portal (or a
 * superuser) that names an applicant without an assertion is refused here
 * (VN431), before any dossier is read.  Staff naming an applicant are
 * refused later, by check_applicant.
 */
void
portal_applicant(Oid actor, TransitionArgs *a, const char *what)
{
	PortalSubject s;

	Assert(a->import_source == NULL);
	if (!dossier_schema_has("portal_key"))
		return;					/* a 0.1.0 database, not yet updated */
	if (a->on_behalf_of == NULL)
	{
		if (portal_subject_of(actor, &s))
			a->on_behalf_of = cstring_to_text(s.text);
		return;
	}
	if (acts_as(actor, LIFECYCLE_ROLE_APPLICANT))
		portal_require_subject(actor, what, &s);
}

/*
 * For a portal acting for its applicant on a locked dossier: a dossier of
 * another owner is reported exactly as lock_dossier reports a code that
 * does not exist (VN102), so that a portal learns nothing of the dossiers
 * that are not its applicant's, not even that they exist.
 */
void
hide_foreign_dossier(Oid actor, const TransitionArgs *a, const DossierRow *row)
{
	PortalSubject s;

	if (a->import_source != NULL || a->on_behalf_of == NULL ||
		!portal_subject_of(actor, &s))
		return;
	if (s.citizen == row->owner_is_citizen && s.value == DatumGetInt64(row->owner))
		return;
	/* the same report as lock_dossier's in dossier_write.c */
	ereport(ERROR,
			(errcode(ERRCODE_UNKNOWN_DOSSIER),
			 errmsg("dossier %s does not exist", row->code_text),
			 errdetail("No row of dossier.dossier has the code %s.", row->code_text),
			 errhint("Check the code on the receipt slip; a dossier exists once dossier.register_dossier has registered it.")));
}

/* Every lifecycle role but the applicant's: the staff roles. */
#define STAFF_ROLES (((UINT32_C(1) << LIFECYCLE_N_ROLES) - 1) & \
					 ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT))

/* Whether actor holds one of the staff roles of mask (without raising). */
bool
actor_is_staff_of(Oid actor, uint32 mask)
{
	uint32		staff = mask & ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT);

	for (int r = 0; r < LIFECYCLE_N_ROLES; r++)
		if ((staff & (UINT32_C(1) << r)) && acts_as(actor, r))
			return true;
	return false;
}

/* Whether actor is a portal and mask lets the applicant act (without raising). */
bool
actor_is_applicant_of(Oid actor, uint32 mask)
{
	return (mask & (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT)) != 0 &&
		acts_as(actor, LIFECYCLE_ROLE_APPLICANT);
}

/* Check that staff may act: the session has one of the roles of mask. */
void
check_staff(Oid actor, const char *what, uint32 mask)
{
	uint32		staff = mask & ~(UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT);

	if (actor_is_staff_of(actor, mask))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s", what),
			 errdetail("Only members of %s may %s; role \"%s\" is none of them.",
					   staff ? role_list(staff) : "no staff role", what,
					   GetUserNameFromId(actor, false)),
			 acts_as(actor, LIFECYCLE_ROLE_APPLICANT) && (mask & (UINT32_C(1) << LIFECYCLE_ROLE_APPLICANT)) ?
			 errhint("A portal acts on behalf of an applicant: pass the owner's personal ID or tax code in on_behalf_of.") :
			 errhint("Have an official who holds one of these roles act, or ask a DBA to grant the role.")));
}


/*
 * Check that a staff actor acts on a dossier of agency within its binding
 * (access.h: VN401, VN402, 42501).  Superusers pass; a role that holds no
 * staff role is left to check_staff, which refuses it with its own hint.
 */
void
check_staff_agency(Oid actor, Datum agency, const char *action, const char *code_text)
{
	if (superuser_arg(actor) || !actor_is_staff_of(actor, STAFF_ROLES))
		return;
	check_official_acts_on(actor, agency, action, code_text);
}

/* Check that a staff actor registers at the agency it is bound to. */
void
check_staff_registers_at(Oid actor, Datum agency)
{
	if (superuser_arg(actor) || !actor_is_staff_of(actor, STAFF_ROLES))
		return;
	check_official_registers_at(actor, agency);
}

/* Whether role may act as staff on a dossier of agency, as the checks above decide. */
bool
actor_may_act_at(Oid role, Datum agency)
{
	if (superuser_arg(role) || !actor_is_staff_of(role, STAFF_ROLES))
		return true;
	return official_may_act(role, agency);
}
