/*
 * json_members.h
 *	  Reading named members of one JSON object (RFC 8259): the header and
 *	  the claims of a portal assertion (assertion.h).
 *
 * The reader checks the whole text against the JSON grammar (a single
 * object, nested values at most JSON_MEMBERS_MAX_DEPTH deep, strings of
 * valid UTF-8 without raw control characters, escapes and surrogate pairs
 * decoded) and copies out the members the caller names; every other member
 * is checked and skipped.  A named member that appears twice is refused,
 * whatever its spellings ("alg" and "\u0061lg" are one name): RFC 7515 §5.2
 * lets a JWS reader either refuse duplicates or take the last, and a reader
 * that refuses cannot be told one thing while another reader is told
 * another.  A string member may not contain U+0000 (the value is a C string)
 * and must fit its buffer; an integer member must be written as a JSON
 * integer (no fraction, no exponent) within int64.
 *
 * No allocation, no PostgreSQL header: unit-tested (test/unit/access) and
 * fuzzed (test/fuzz/access/fuzz_assertion.c) with the rest of the
 * assertion reader.
 */
#ifndef DOSSIER_JSON_MEMBERS_H
#define DOSSIER_JSON_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common/parse_error.h"

/* How deep values may nest inside the object (the object itself is 1). */
#define JSON_MEMBERS_MAX_DEPTH 16

typedef enum JsonMemberKind
{
	JSON_MEMBER_STRING,			/* a JSON string, copied NUL-terminated */
	JSON_MEMBER_INT,			/* a JSON integer within int64 */
	JSON_MEMBER_ANY				/* any value, checked and skipped: only found */
} JsonMemberKind;

/* One member the caller wants: what it is, where it goes, whether found. */
typedef struct JsonMember
{
	const char *name;			/* the member's name (ASCII) */
	JsonMemberKind kind;
	bool		required;		/* refuse the object without it */
	char	   *str;			/* JSON_MEMBER_STRING: the buffer... */
	size_t		str_size;		/* ...and its size, NUL included */
	int64_t    *num;			/* JSON_MEMBER_INT: where the value goes */
	bool		found;			/* out: the member was present */
} JsonMember;

/*
 * Read the JSON object in json[0..len) and fill the n members named in m
 * (their found flags are reset first).  On failure returns false with a
 * sentence in err that names the object as what ("header"); the
 * buffers of members may then hold partial values.
 */
bool		json_members_read(const char *what, const char *json, size_t len,
							  JsonMember *m, int n, ParseError *err);

#endif							/* DOSSIER_JSON_MEMBERS_H */
