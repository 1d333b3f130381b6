/*
 * test_history.c
 *	  cmocka tests of the canonical form and SHA-256 chain of history events
 *	  (src/core/lifecycle/history.c).
 *
 * The expected bytes and hashes were computed independently with Python's
 * struct and hashlib from the format documented in history.h and
 * docs/reference/lifecycle/dossier.md, so a change of the format fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/lifecycle/history.h"

/* A text field. */
static HistoryField
F(const char *s)
{
	HistoryField f = {s, strlen(s), false};

	return f;
}

/* A NULL field. */
static HistoryField
N(void)
{
	HistoryField f = {NULL, 0, true};

	return f;
}

/* The registration event of the vectors above. */
static void
sample(HistoryField f[HISTORY_N_FIELDS])
{
	f[HF_DOSSIER] = F("000.00.00.G91-260302-0001");
	f[HF_SEQ] = F("1");
	f[HF_ACTION] = N();
	f[HF_FROM_STATUS] = N();
	f[HF_TO_STATUS] = F("1");
	f[HF_AT] = F("1772413200000000");
	f[HF_RECORDED_AT] = F("1772413200000000");
	f[HF_ACTOR] = F("postgres");
	f[HF_ON_BEHALF_OF] = N();
	f[HF_AGENCY] = F("G91");
	f[HF_STEP] = N();
	f[HF_DUE_AT] = N();
	f[HF_APPOINTMENT_AT] = N();
	f[HF_NOTE] = F("ghi ch\xc3\xba");	/* "ghi chú" in UTF-8 */
	f[HF_PROCEDURE] = F("1.000656");
	f[HF_OWNER_CITIZEN] = F("079195000001");
	f[HF_OWNER_ENTERPRISE] = N();
	f[HF_CHANNEL] = F("direct");
	f[HF_SUPPLEMENT_TIME] = F("0");
	f[HF_REASON_CODE] = N();
	f[HF_REASON] = N();
	f[HF_IMPORT_SOURCE] = N();
}

/* Hex of n bytes into out (2n + 1). */
static void
hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void
test_canonical_layout(void **state)
{
	HistoryField f[HISTORY_N_FIELDS];
	uint8_t		buf[512];
	size_t		len;

	(void) state;
	sample(f);
	len = history_canonical(f, NULL, 0);
	assert_int_equal(len, 193);
	assert_int_equal(history_canonical(f, buf, sizeof(buf)), 193);
	/* first field: length 25, then the code */
	assert_memory_equal(buf, "\x00\x00\x00\x19", 4);
	assert_memory_equal(buf + 4, "000.00.00.G91-260302-0001", 25);
	/* seq "1" */
	assert_memory_equal(buf + 29, "\x00\x00\x00\x01" "1", 5);
	/* action and from_status are NULL: the marker alone, twice */
	assert_memory_equal(buf + 34, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	/* the note is counted in bytes, not characters */
	assert_memory_equal(buf + 122, "\x00\x00\x00\x08" "ghi ch\xc3\xba", 12);
	/* the registration's procedure follows it; the import source is last */
	assert_memory_equal(buf + 134, "\x00\x00\x00\x08" "1.000656", 12);
	assert_memory_equal(buf + 193 - 4, "\xff\xff\xff\xff", 4);
}

static void
test_canonical_small_buffer(void **state)
{
	HistoryField f[HISTORY_N_FIELDS];
	uint8_t		buf[16];

	(void) state;
	sample(f);
	memset(buf, 0xAA, sizeof(buf));
	assert_int_equal(history_canonical(f, buf, sizeof(buf)), 193);
	/* nothing written when it does not fit */
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0xAA);
}

static void
test_null_differs_from_empty(void **state)
{
	HistoryField f[HISTORY_N_FIELDS];
	uint8_t		a[512];
	uint8_t		b[512];
	size_t		la;
	size_t		lb;

	(void) state;
	sample(f);
	la = history_canonical(f, a, sizeof(a));
	f[HF_ON_BEHALF_OF] = F("");
	lb = history_canonical(f, b, sizeof(b));
	assert_int_equal(la, lb);
	assert_memory_not_equal(a, b, la);
}

static void
test_fields_do_not_run_together(void **state)
{
	HistoryField f[HISTORY_N_FIELDS];
	uint8_t		a[512];
	uint8_t		b[512];
	size_t		la;
	size_t		lb;

	(void) state;
	/* "ab" + "c" must not equal "a" + "bc" */
	sample(f);
	f[HF_ACTOR] = F("ab");
	f[HF_ON_BEHALF_OF] = F("c");
	la = history_canonical(f, a, sizeof(a));
	f[HF_ACTOR] = F("a");
	f[HF_ON_BEHALF_OF] = F("bc");
	lb = history_canonical(f, b, sizeof(b));
	assert_int_equal(la, lb);
	assert_memory_not_equal(a, b, la);
}

static void
test_link_vectors(void **state)
{
	HistoryField f[HISTORY_N_FIELDS];
	uint8_t		canon[512];
	uint8_t		zero[HISTORY_HASH_LEN] = {0};
	uint8_t		h1[HISTORY_HASH_LEN];
	uint8_t		h2[HISTORY_HASH_LEN];
	char		text[2 * HISTORY_HASH_LEN + 1];
	size_t		len;

	(void) state;
	sample(f);
	len = history_canonical(f, canon, sizeof(canon));
	assert_true(history_link(zero, canon, len, h1));
	hex(h1, sizeof(h1), text);
	assert_string_equal(text, "fbaaff93e5b7368ccc9a31087c8a45f10b4f83f2d41414eb7ab2fee112f9ce9d");
	/* the next link starts from the previous hash */
	assert_true(history_link(h1, canon, len, h2));
	hex(h2, sizeof(h2), text);
	assert_string_equal(text, "1667e3747ebd4ce15ea3e4aae16a610745fc9aa6113e329be8cc61013897a0c0");
	/* one byte changed anywhere changes the hash */
	canon[len - 1] ^= 1;
	assert_true(history_link(zero, canon, len, h2));
	assert_memory_not_equal(h1, h2, HISTORY_HASH_LEN);
}

static void
test_numbers(void **state)
{
	char		buf[24];

	(void) state;
	assert_int_equal(history_int_text(0, buf), 1);
	assert_string_equal(buf, "0");
	history_int_text(-32768, buf);
	assert_string_equal(buf, "-32768");
	history_int_text(INT64_MIN, buf);
	assert_string_equal(buf, "-9223372036854775808");
	history_int_text(INT64_MAX, buf);
	assert_string_equal(buf, "9223372036854775807");
	/* 2026-03-02 01:00 UTC is 825728400 s after 2000-01-01 */
	history_time_text(INT64_C(825728400000000), buf);
	assert_string_equal(buf, "1772413200000000");
	/* PostgreSQL's epoch is the Unix epoch + 946684800 s */
	history_time_text(0, buf);
	assert_string_equal(buf, "946684800000000");
	history_time_text(INT64_C(-946684800000000), buf);
	assert_string_equal(buf, "0");
	/* no overflow at the top of the range */
	history_time_text(INT64_MAX, buf);
	assert_string_equal(buf, "9223372036854775807");
}

static void
test_field_names(void **state)
{
	(void) state;
	assert_string_equal(history_field_name(HF_DOSSIER), "dossier");
	assert_string_equal(history_field_name(HF_NOTE), "note");
	assert_null(history_field_name(HISTORY_N_FIELDS));
	assert_null(history_field_name(-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_layout),
		cmocka_unit_test(test_canonical_small_buffer),
		cmocka_unit_test(test_null_differs_from_empty),
		cmocka_unit_test(test_fields_do_not_run_together),
		cmocka_unit_test(test_link_vectors),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_field_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
