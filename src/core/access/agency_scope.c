/*
 * agency_scope.c
 *	  Whether an official's binding reaches an agency: acting is limited to
 *	  the agencies it acts for, reading extends to its subtree
 *	  (agency_scope.h).
 */
#include <assert.h>
#include <string.h>

#include "core/access/agency_scope.h"
#include "core/identifiers/agency_code.h"

/* True when agency is one of the agencies s acts for. */
bool
agency_scope_acts_for(const AgencyScope *s, const char *agency, size_t len)
{
	assert(s != NULL && agency != NULL);
	assert(s->n_acts_for == 0 || (s->acts_for != NULL && s->acts_for_len != NULL));
	for (int i = 0; i < s->n_acts_for; i++)
		if (s->acts_for_len[i] == len && memcmp(s->acts_for[i], agency, len) == 0)
			return true;
	return false;
}

/* True when s acts for agency or agency lies in the subtree s may read. */
bool
agency_scope_sees(const AgencyScope *s, const char *agency, size_t len)
{
	if (agency_scope_acts_for(s, agency, len))
		return true;
	return s->subtree != NULL &&
		agency_code_is_under(agency, len, s->subtree, s->subtree_len);
}
