/*
 * test_agency_scope.c
 *	  cmocka tests of what an official's binding reaches
 *	  (src/core/access/agency_scope.c): acting on the own agency and its
 *	  predecessors only, reading also the subtree, and the string prefix
 *	  that is not a subtree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/access/agency_scope.h"

static const char *const codes[] = {"H56.22", "H56.21", "H56.23"};
static const size_t lens[] = {6, 6, 6};

/* True when s acts for the NUL-terminated code c. */
static bool
acts(const AgencyScope *s, const char *c)
{
	return agency_scope_acts_for(s, c, strlen(c));
}

/* True when s sees the NUL-terminated code c. */
static bool
sees(const AgencyScope *s, const char *c)
{
	return agency_scope_sees(s, c, strlen(c));
}

/* An official of one agency: that agency only, not its children nor a prefix. */
static void
test_own_agency_only(void **state)
{
	AgencyScope s = {1, codes, lens, NULL, 0};

	(void) state;
	assert_true(acts(&s, "H56.22"));
	assert_true(sees(&s, "H56.22"));
	assert_false(acts(&s, "H56.22.17"));
	assert_false(sees(&s, "H56.22.17"));
	assert_false(sees(&s, "H56.2"));
	assert_false(sees(&s, "H56.220"));
	assert_false(sees(&s, "H56"));
	assert_false(sees(&s, ""));
}

/* After a merger the successor acts for the agencies it took over. */
static void
test_predecessors(void **state)
{
	AgencyScope s = {3, codes, lens, NULL, 0};

	(void) state;
	assert_true(acts(&s, "H56.21"));
	assert_true(acts(&s, "H56.23"));
	assert_false(acts(&s, "H56.24"));
}

/* A supervising department reads its subtree but acts only for its own agency. */
static void
test_subtree_reads_only(void **state)
{
	AgencyScope s = {1, codes, lens, "H56", 3};

	(void) state;
	assert_true(sees(&s, "H56"));
	assert_true(sees(&s, "H56.30"));
	assert_true(sees(&s, "H56.30.17.001"));
	assert_false(acts(&s, "H56.30"));
	assert_false(acts(&s, "H56"));
	assert_false(sees(&s, "H560"));
	assert_false(sees(&s, "H57.30"));
}

/* A binding that gives nothing (unbound, agency gone) reaches nothing. */
static void
test_empty(void **state)
{
	AgencyScope s = {0, NULL, NULL, NULL, 0};

	(void) state;
	assert_false(acts(&s, "H56.22"));
	assert_false(sees(&s, "H56.22"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_agency_only),
		cmocka_unit_test(test_predecessors),
		cmocka_unit_test(test_subtree_reads_only),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
