/*
 * x509_util.c
 *	  Helpers the X.509 files share: names as UTF-8 text, ASN.1 times as Unix
 *	  seconds, and the message lists of a verdict.
 *
 * See x509_util.h.  Strings returned are malloc'd; OpenSSL objects made here
 * are freed here.
 */
#include "core/trust/x509_util.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>

/* ---- names -------------------------------------------------------------- */

/* True when s is well-formed UTF-8 (no overlongs, no surrogates). */
static bool
utf8_valid(const unsigned char *s)
{
	while (*s)
	{
		int			n;
		unsigned	c = *s;

		if (c < 0x80)
		{
			s++;
			continue;
		}
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return false;
		for (int i = 1; i <= n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		if (c == 0xE0 && s[1] < 0xA0)
			return false;
		if (c == 0xED && s[1] >= 0xA0)
			return false;
		if (c == 0xF0 && s[1] < 0x90)
			return false;
		if (c == 0xF4 && s[1] >= 0x90)
			return false;
		s += n + 1;
	}
	return true;
}

/* Print a name with the given flags into a malloc'd string. */
static char *
name_print(const X509_NAME *name, unsigned long flags)
{
	BIO		   *b = BIO_new(BIO_s_mem());
	char	   *data;
	long		n;
	char	   *s = NULL;

	if (b == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0, flags) >= 0)
	{
		n = BIO_get_mem_data(b, &data);
		s = malloc(n + 1);
		if (s)
		{
			memcpy(s, data, n);
			s[n] = '\0';
		}
	}
	BIO_free(b);
	return s;
}

/* RFC 2253 form of a name, UTF-8 kept; escaped ASCII if the UTF-8 is bad. */
char *
x509u_name_str(const X509_NAME *name)
{
	char	   *s;

	if (name == NULL)
		return strdup("");
	s = name_print(name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	if (s && !utf8_valid((const unsigned char *) s))
	{
		free(s);
		s = name_print(name, XN_FLAG_RFC2253);
	}
	return s;
}

/* ---- hex ---------------------------------------------------------------- */

/* Upper-case hex of n bytes, malloc'd. */
char *
x509u_hex(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	char	   *s;

	assert(p != NULL || n == 0);
	s = malloc(n * 2 + 1);
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
	{
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[n * 2] = '\0';
	return s;
}

/* An ASN.1 INTEGER as hex, '-' first when negative; "" if unreadable. */
char *
x509u_serial_hex(const ASN1_INTEGER *sn)
{
	BIGNUM	   *bn = sn ? ASN1_INTEGER_to_BN(sn, NULL) : NULL;
	char	   *h,
			   *s;

	if (bn == NULL)
		return strdup("");
	h = BN_bn2hex(bn);
	s = h ? strdup(h) : NULL;
	OPENSSL_free(h);
	BN_free(bn);
	return s;
}

/* ---- times -------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned) (y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t) doe - 719468;
}

/* Unix seconds of an ASN1_TIME; 0 if it cannot be read. */
int64_t
x509u_asn1_time_unix(const ASN1_TIME *t)
{
	struct tm	tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
		tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* ---- messages ----------------------------------------------------------- */

/* The reason of the last OpenSSL error, or fallback; clears the queue. */
const char *
x509u_ossl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : fallback;
}

/* Append a message to a list unless it is already there or the list is full. */
void
x509u_add_message(char **list, int *n, const char *msg)
{
	assert(list != NULL && msg != NULL);
	assert(*n >= 0 && *n <= X509V_MAX_MESSAGES);
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i], msg) == 0)
			return;
	if (*n < X509V_MAX_MESSAGES)
	{
		char	   *s = strdup(msg);

		if (s)
			list[(*n)++] = s;
	}
}

/* ---- reasons ------------------------------------------------------------ */

/* RFC 5280 reason code name. */
const char *
x509u_reason_name(long code)
{
	static const char *const names[] = {
		"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
		"superseded", "cessationOfOperation", "certificateHold", NULL,
		"removeFromCRL", "privilegeWithdrawn", "aACompromise"
	};

	if (code >= 0 && code < (long) (sizeof(names) / sizeof(names[0])) && names[code])
		return names[code];
	return "unspecified";
}

/* A malloc'd copy of i2d_* output; see x509_util.h. */
uint8_t *
x509u_der_copy(unsigned char *der, int n, size_t *len)
{
	uint8_t    *out = NULL;

	assert(len != NULL);
	if (n > 0 && (out = malloc((size_t) n)) != NULL)
	{
		memcpy(out, der, (size_t) n);
		*len = (size_t) n;
	}
	OPENSSL_free(der);
	return out;
}
