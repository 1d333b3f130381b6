/*
 * binding.h
 *	  The binding of a role to its agency, as the C checks and the policy
 *	  functions read it: from a backend-local cache (binding.c).
 */
#ifndef DOSSIER_BINDING_H
#define DOSSIER_BINDING_H

#include "postgres.h"

#include "core/access/agency_scope.h"
#include "core/identifiers/agency_code.h"

/* Why a binding gives nothing (dossier.official_binding's problem). */
typedef enum BindingProblem
{
	BINDING_OK = 0,
	BINDING_NOT_BOUND,
	BINDING_ROLE_DROPPED,
	BINDING_ROLE_RENAMED,
	BINDING_AGENCY_GONE,
	BINDING_AGENCY_SUCCEEDED
} BindingProblem;

/* What the binding of one role gives today. */
typedef struct OfficialBinding
{
	Oid			role;			/* hash key */
	BindingProblem problem;
	char		agency[AGENCY_CODE_TEXT_LEN];	/* "" when not bound */
	char		bound_name[NAMEDATALEN];	/* the role's name when bound */
	char	   *successors;		/* agency_succeeded: "H56.30 (from 2026-01-01)", else NULL */
	AgencyScope scope;			/* n_acts_for = 0 unless BINDING_OK */
	TimestampTz fresh_until;	/* the next midnight in Vietnam: successions may take effect */
} OfficialBinding;

/* The binding of role, read once per backend and kept until it changes. */
extern const OfficialBinding *official_binding(Oid role);

/* The agency code a datum of dossier.agency_code holds, and its length. */
extern const char *agency_datum(Datum agency, size_t *len);

/* Run an SPI statement as the owner of dossier.official (for the policy functions). */
extern void binding_run_as_owner(void (*fn) (void *), void *arg);

#endif							/* DOSSIER_BINDING_H */
