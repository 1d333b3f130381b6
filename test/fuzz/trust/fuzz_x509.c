/*
 * fuzz_x509.c
 *	  libFuzzer harness for the certificate and CRL loaders and inspection.
 *
 * Any byte string is given to both loaders: each must refuse it with a
 * detail and a hint, or load it; whatever loads is inspected, re-encoded,
 * reloaded from its DER (which must give the same fingerprint) and, for a
 * certificate, validated against an empty store (which must not pass).
 * Everything is freed, so LeakSanitizer checks the error paths too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/trust/x509_verify.h"

/* Abort unless a refusal carries a detail and a hint. */
static void
check_refusal(const ParseError *err)
{
	if (err->hint == NULL || strlen(err->detail) == 0)
		abort();
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static X509vStore *empty = NULL;
	ParseError	err;
	X509	   *x;
	X509_CRL   *crl;

	if (empty == NULL && (empty = x509v_store_new()) == NULL)
		abort();

	x = x509v_load_cert(data, size, &err);
	if (x == NULL)
		check_refusal(&err);
	else
	{
		X509vCertInfo info;
		X509vVerdict v;
		X509vOptions o = {0};
		size_t		n = 0;
		uint8_t    *der = x509v_cert_der(x, &n);

		if (x509v_cert_info(x, &info) && der)
		{
			X509	   *again = x509v_load_cert(der, n, &err);
			X509vCertInfo info2;

			if (again == NULL || !x509v_cert_info(again, &info2))
				abort();
			if (strcmp(info.sha256, info2.sha256) != 0)
				abort();
			x509v_cert_info_free(&info2);
			X509_free(again);
		}
		x509v_cert_info_free(&info);
		free(der);
		o.at = INT64_C(1780272000);
		o.require_revocation = true;
		if (x509v_verify(empty, x, NULL, &o, &v))
		{
			if (v.indication == X509V_TOTAL_PASSED)
				abort();
			x509v_verdict_free(&v);
		}
		X509_free(x);
	}

	crl = x509v_load_crl(data, size, &err);
	if (crl == NULL)
		check_refusal(&err);
	else
	{
		X509vCrlInfo info;

		if (x509v_crl_info(crl, &info) && info.revoked_count < 0)
			abort();
		x509v_crl_info_free(&info);
		X509_CRL_free(crl);
	}
	return 0;
}
