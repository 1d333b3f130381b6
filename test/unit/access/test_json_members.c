/*
 * test_json_members.c
 *	  cmocka tests of the JSON object reader of portal assertions
 *	  (src/core/access/json_members.c): what it copies out, the grammar it
 *	  enforces (RFC 8259), duplicates under any spelling, and its limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/access/json_members.h"

/* The members the tests ask for: s (string), n (integer), a (any), all optional. */
typedef struct Wanted
{
	char		s[16];
	int64_t		n;
	JsonMember	m[3];
} Wanted;

/* Fill w's members; s required when s_required. */
static void
wanted_init(Wanted *w, bool s_required)
{
	memset(w, 0, sizeof(*w));
	w->m[0] = (JsonMember) {"s", JSON_MEMBER_STRING, s_required, w->s, sizeof(w->s), NULL, false};
	w->m[1] = (JsonMember) {"n", JSON_MEMBER_INT, false, NULL, 0, &w->n, false};
	w->m[2] = (JsonMember) {"a", JSON_MEMBER_ANY, false, NULL, 0, NULL, false};
}

/* Read the NUL-terminated json into w; the error's detail ends with '.'. */
static bool
read(const char *json, Wanted *w, ParseError *err)
{
	bool		ok = json_members_read("claim set", json, strlen(json), w->m, 3, err);

	if (!ok)
	{
		size_t		n = strlen(err->detail);

		assert_non_null(err->hint);
		assert_true(n > 0 && err->detail[n - 1] == '.');
	}
	return ok;
}

/* Accepted: members copied, others skipped, white space anywhere. */
static void
test_accepts(void **state)
{
	Wanted		w;
	ParseError	err;

	wanted_init(&w, true);
	assert_true(read(" {\"x\" : [1, {\"y\": null}, true, false, -0.5e+3, \"z\"] ,\r\n\t\"s\":\"abc\", \"n\": -42 } ", &w, &err));
	assert_string_equal(w.s, "abc");
	assert_int_equal(w.n, -42);
	assert_true(w.m[0].found && w.m[1].found && !w.m[2].found);

	wanted_init(&w, false);
	assert_true(read("{}", &w, &err));
	assert_false(w.m[0].found || w.m[1].found || w.m[2].found);

	wanted_init(&w, false);
	assert_true(read("{\"a\": {\"b\": [[], {}]}, \"n\": 9223372036854775807}", &w, &err));
	assert_true(w.m[2].found);
	assert_int_equal(w.n, INT64_MAX);
	wanted_init(&w, false);
	assert_true(read("{\"n\": -9223372036854775808}", &w, &err));
	assert_int_equal(w.n, INT64_MIN);
}

/* Escapes and UTF-8 are decoded: \u0041, a surrogate pair, raw UTF-8. */
static void
test_strings(void **state)
{
	Wanted		w;
	ParseError	err;

	wanted_init(&w, true);
	assert_true(read("{\"s\": \"\\u0041\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", &w, &err));
	assert_string_equal(w.s, "A\"\\/\b\f\n\r\t");
	wanted_init(&w, true);
	assert_true(read("{\"s\": \"\\ud83d\\ude00\"}", &w, &err));
	assert_string_equal(w.s, "\xf0\x9f\x98\x80");
	wanted_init(&w, true);
	assert_true(read("{\"s\": \"Vi\xe1\xbb\x87t\"}", &w, &err));	/* Việt */
	assert_string_equal(w.s, "Vi\xe1\xbb\x87t");
	/* a name spelt with an escape is the same name */
	wanted_init(&w, true);
	assert_true(read("{\"\\u0073\": \"x\"}", &w, &err));
	assert_string_equal(w.s, "x");
	/* exactly 15 bytes fit a 16-byte buffer */
	wanted_init(&w, true);
	assert_true(read("{\"s\": \"123456789012345\"}", &w, &err));
	assert_string_equal(w.s, "123456789012345");
}

/* Refused strings: each with its sentence. */
static void
test_bad_strings(void **state)
{
	static const char *const bad[][2] = {
		{"{\"s\": \"1234567890123456\"}", "longer than 15 bytes"},
		{"{\"s\": \"a\\u0000b\"}", "U+0000"},
		{"{\"s\": \"\\ud83d\"}", "high surrogate without a low one"},
		{"{\"s\": \"\\ud83d\\u0041\"}", "high surrogate without a low one"},
		{"{\"s\": \"\\ude00\"}", "low surrogate without a high one"},
		{"{\"s\": \"\\u12g4\"}", "four hex digits"},
		{"{\"s\": \"\\x\"}", "unknown escape"},
		{"{\"s\": \"a\tb\"}", "control character"},
		{"{\"s\": \"\xc0\xaf\"}", "not valid UTF-8"},	/* overlong '/' */
		{"{\"s\": \"\xed\xa0\x80\"}", "not valid UTF-8"},	/* a surrogate in UTF-8 */
		{"{\"s\": \"\xf4\x90\x80\x80\"}", "not valid UTF-8"},	/* above U+10FFFF */
		{"{\"s\": \"\xe1\xbb\"}", "not valid UTF-8"},	/* cut short */
		{"{\"s\": \"abc", "not closed"},
		{"{\"s\": 12}", "is not a string"},
		{"{\"s\": null}", "is not a string"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		Wanted		w;
		ParseError	err;

		wanted_init(&w, false);
		if (read(bad[i][0], &w, &err))
			fail_msg("accepted %s", bad[i][0]);
		if (strstr(err.detail, bad[i][1]) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i][0], err.detail, bad[i][1]);
	}
}

/* Refused numbers and grammar: each with its sentence. */
static void
test_bad_grammar(void **state)
{
	static const char *const bad[][2] = {
		{"{\"n\": 1.0}", "not an integer"},
		{"{\"n\": 1e3}", "not an integer"},
		{"{\"n\": 9223372036854775808}", "out of range"},
		{"{\"n\": -9223372036854775809}", "out of range"},
		{"{\"n\": \"1\"}", "not a number"},
		{"{\"n\": 01}", "not separated by ','"},
		{"{\"n\": -}", "number without digits"},
		{"{\"x\": 1.}", "fraction without digits"},
		{"{\"x\": 1e}", "exponent without digits"},
		{"{\"x\": tru}", "unexpected character"},
		{"{\"x\": nul}", "unexpected character"},
		{"{\"x\": }", "unexpected character"},
		{"{\"x\": [1,]}", "unexpected character"},
		{"{\"x\": [1 2]}", "elements are not separated"},
		{"{\"x\": {\"y\" 1}}", "not followed by ':'"},
		{"{\"x\": {1: 2}}", "member name is not a string"},
		{"{\"x\": 1,}", "member name is not a string"},
		{"{\"x\": 1", "not closed"},
		{"{\"x\": [", "not closed"},
		{"{\"x\": 1} {}", "text follows the object"},
		{"[1]", "not a JSON object"},
		{"", "not a JSON object"},
		{"  ", "not a JSON object"},
		{"{\"x\": 'a'}", "unexpected character"},
		{"{\"s\": \"a\", \"\\u0073\": \"b\"}", "member \"s\" twice"},
		{"{\"n\": 1, \"n\": 1}", "member \"n\" twice"},
		{"{\"a\": 1, \"a\": [1]}", "member \"a\" twice"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		Wanted		w;
		ParseError	err;

		wanted_init(&w, false);
		if (read(bad[i][0], &w, &err))
			fail_msg("accepted %s", bad[i][0]);
		if (strstr(err.detail, bad[i][1]) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i][0], err.detail, bad[i][1]);
	}
}

/* A required member missing; duplicates of members not asked for are allowed. */
static void
test_required_and_others(void **state)
{
	Wanted		w;
	ParseError	err;

	wanted_init(&w, true);
	assert_false(read("{\"n\": 1}", &w, &err));
	assert_string_equal(err.detail, "The claim set has no member \"s\".");
	wanted_init(&w, true);
	assert_true(read("{\"x\": 1, \"x\": 2, \"s\": \"y\"}", &w, &err));
	/* a long name is no name asked for, and is checked all the same */
	wanted_init(&w, true);
	assert_true(read("{\"sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\": 1, \"s\": \"y\"}", &w, &err));
	assert_false(read("{\"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\x01\": 1}", &w, &err));
}

/* Nesting: 16 levels with the object, not 17. */
static void
test_depth(void **state)
{
	char		json[128];
	Wanted		w;
	ParseError	err;

	/* the object is level 1; "x" holds levels 2 .. 16 */
	snprintf(json, sizeof(json), "{\"x\": %.*s%.*s}", 15, "[[[[[[[[[[[[[[[[[[[[", 15, "]]]]]]]]]]]]]]]]]]]]");
	wanted_init(&w, false);
	assert_true(read(json, &w, &err));
	snprintf(json, sizeof(json), "{\"x\": %.*s%.*s}", 16, "[[[[[[[[[[[[[[[[[[[[", 16, "]]]]]]]]]]]]]]]]]]]]");
	wanted_init(&w, false);
	assert_false(read(json, &w, &err));
	assert_non_null(strstr(err.detail, "nest too deep"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_bad_grammar),
		cmocka_unit_test(test_required_and_others),
		cmocka_unit_test(test_depth),
	};

	return cmocka_run_group_tests_name("json_members", tests, NULL, NULL);
}
