/*
 * agency_scope.h
 *	  What an official bound to an agency may see and act on: the agencies
 *	  it acts for (its own and, after a merger, the agencies its own
 *	  succeeded) and an optional subtree it may read (docs/roles.md,
 *	  "Officials and their agency").
 *
 * Codes are canonical agency codes (core/identifiers/agency_code.h), given
 * as pointer and length; nothing here allocates.
 */
#ifndef DOSSIER_AGENCY_SCOPE_H
#define DOSSIER_AGENCY_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

/* The reach of one official's binding. */
typedef struct AgencyScope
{
	int			n_acts_for;		/* 0: the binding gives nothing */
	const char *const *acts_for;	/* own agency first, then its predecessors */
	const size_t *acts_for_len;
	const char *subtree;		/* root of the subtree it may read, or NULL */
	size_t		subtree_len;
} AgencyScope;

/*
 * True when the official acts on dossiers of agency: agency is its own
 * agency or one its own agency succeeded (byte equality; no subtree).
 */
bool		agency_scope_acts_for(const AgencyScope *s, const char *agency, size_t len);

/*
 * True when the official sees dossiers of agency: it acts for agency, or
 * agency is the subtree root or under it (agency <@ subtree).
 */
bool		agency_scope_sees(const AgencyScope *s, const char *agency, size_t len);

#endif							/* DOSSIER_AGENCY_SCOPE_H */
