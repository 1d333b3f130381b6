/*
 * public_url.h
 *	  The base of the public web pages the QR codes lead to.
 *
 * The setting dossier.public_base_url names it, e.g.
 * https://dichvucong.example.gov.vn/tra-cuu; a slip's QR code encodes
 * <base>/status/<token> and a procedure poster's <base>/procedure/<code>
 * (docs/reference/receipt/receipt.md).  What goes into a QR code printed on
 * thousands of slips must be a plain absolute http(s) URL: no spaces, no
 * quotes or angle brackets, no query or fragment (a path is appended), no
 * user name or password, printable ASCII only (an internationalised host
 * is written in its xn-- form).
 */
#ifndef DOSSIER_PUBLIC_URL_H
#define DOSSIER_PUBLIC_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common/parse_error.h"

/* Longest base accepted, in bytes (a QR code should stay small). */
#define PUBLIC_URL_BASE_MAX 200

/*
 * Check len bytes of s as a base URL (empty is refused: the caller decides
 * what an unset setting means).  A trailing slash is allowed; the SQL that
 * appends paths drops it.
 */
bool		public_base_url_check(const char *s, size_t len, ParseError *err);

#endif							/* DOSSIER_PUBLIC_URL_H */
