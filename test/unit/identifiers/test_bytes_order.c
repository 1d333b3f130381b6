/*
 * test_bytes_order.c
 *	  cmocka tests of the byte order shared by the varlena identifier types
 *	  (src/core/identifiers/bytes_order.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/identifiers/bytes_order.h"

/* Two byte strings (lengths given, so NULs count) and the expected a vs b. */
typedef struct OrderCase
{
	const char *a;
	size_t		alen;
	const char *b;
	size_t		blen;
	int			want;
} OrderCase;

/* Each case holds both ways round: cmp(a, b) = want and cmp(b, a) = -want. */
static void
check_cases(const OrderCase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		const OrderCase *c = &cases[i];
		int			ab = bytes_order_cmp(c->a, c->alen, c->b, c->blen);
		int			ba = bytes_order_cmp(c->b, c->blen, c->a, c->alen);

		if (ab != c->want || ba != -c->want)
			fail_msg("case %zu: cmp = %d and %d, expected %d and %d",
					 i, ab, ba, c->want, -c->want);
	}
}

/* Equal bytes of equal length compare equal, the empty string included. */
static void
test_equal(void **state)
{
	static const OrderCase cases[] = {
		{"H56.22", 6, "H56.22", 6, 0},
		{"", 0, "", 0, 0},
		{"abc", 0, "xyz", 0, 0},	/* only the first alen/blen bytes count */
	};

	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A proper prefix sorts first; otherwise the first differing byte decides. */
static void
test_order(void **state)
{
	static const OrderCase cases[] = {
		{"1.000656", 8, "1.000656.000.00.00.H56", 22, -1},
		{"", 0, "\x01", 1, -1},
		{"H56", 3, "H56\0", 4, -1},	/* a NUL after the prefix still follows */
		{"H56.22", 6, "H56.3", 5, -1},	/* the byte decides before the length */
		{"H56.22", 6, "H56/", 4, -1},	/* '.' sorts below '/', a subtree's end */
		{"A", 1, "z", 1, -1},
		{"\x7f", 1, "\x80", 1, -1},	/* bytes are unsigned */
		{"\x01", 1, "\xff", 1, -1},
	};

	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests_name("bytes_order", tests, NULL, NULL);
}
