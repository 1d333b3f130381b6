/*
 * sqlstate.h
 *	  The one registry of the extension's own SQLSTATEs (class VN).
 *
 * Every VN code is defined here and nowhere else: the C glue uses these
 * names, the PL/pgSQL of the install script writes @ERRCODE_NAME@, which the
 * Makefile replaces with the code from this file, and docs/errors.md lists
 * exactly these codes (sql/extension/error_registry.sql proves both).  A new
 * domain error gets a new line here, a row in docs/errors.md, and a test.
 *
 * Class VN: VN1xx the dossier lifecycle, VN2xx working-time calendars,
 * VN3xx certificates and signatures, VN4xx access (agency binding, portal
 * assertions), VN5xx personal-data encryption, VN6xx receipts and public
 * status lookup.
 */
#ifndef DOSSIER_SQLSTATE_H
#define DOSSIER_SQLSTATE_H

#include "postgres.h"

/* VN1xx: the dossier lifecycle */
#define ERRCODE_ILLEGAL_TRANSITION		MAKE_SQLSTATE('V','N','1','0','1')	/* the transition table forbids the action */
#define ERRCODE_UNKNOWN_DOSSIER			MAKE_SQLSTATE('V','N','1','0','2')	/* no dossier has the code */
#define ERRCODE_EVENT_TIME				MAKE_SQLSTATE('V','N','1','0','3')	/* event time infinite, in the future or before the last event */
#define ERRCODE_UNKNOWN_PROCEDURE		MAKE_SQLSTATE('V','N','1','0','4')	/* the procedure is not in dossier.procedure */
#define ERRCODE_STEP_NUMBERING			MAKE_SQLSTATE('V','N','1','0','5')	/* a procedure's steps are not numbered 1..n */
#define ERRCODE_INVALID_STEP			MAKE_SQLSTATE('V','N','1','0','6')	/* an internal step the procedure does not allow */
#define ERRCODE_UNKNOWN_AGENCY			MAKE_SQLSTATE('V','N','1','0','7')	/* the agency is not in dossier.agency */
#define ERRCODE_INVALID_APPOINTMENT		MAKE_SQLSTATE('V','N','1','0','8')	/* an apology's new appointment is not later */
#define ERRCODE_INVALID_OWNER			MAKE_SQLSTATE('V','N','1','0','9')	/* not exactly one owner */
#define ERRCODE_GUARDED					MAKE_SQLSTATE('V','N','1','1','0')	/* a direct write of a guarded table */
#define ERRCODE_SAME_AGENCY				MAKE_SQLSTATE('V','N','1','1','1')	/* a transfer to the agency that has the dossier */
#define ERRCODE_DOSSIER_EXISTS			MAKE_SQLSTATE('V','N','1','1','2')	/* the dossier code given exists */
#define ERRCODE_EVENT_TIME_TOLERANCE	MAKE_SQLSTATE('V','N','1','1','3')	/* a given event time is not the current time */
#define ERRCODE_FOREIGN_DOSSIER_CODE	MAKE_SQLSTATE('V','N','1','1','4')	/* a given code of another agency or day */
#define ERRCODE_REASON_REQUIRED			MAKE_SQLSTATE('V','N','1','1','5')	/* refuse, request_supplement, stop without a reason */
#define ERRCODE_UNKNOWN_REASON			MAKE_SQLSTATE('V','N','1','1','6')	/* a reason code the action does not have */
#define ERRCODE_UNKNOWN_OUTBOX_MESSAGE	MAKE_SQLSTATE('V','N','1','3','0')	/* no outbox message has the id */
#define ERRCODE_NOT_DEAD_LETTER			MAKE_SQLSTATE('V','N','1','3','1')	/* requeue of a message that is not dead-lettered */
#define ERRCODE_RESTORE_WITHOUT_MODE	MAKE_SQLSTATE('V','N','1','4','0')	/* a COPY of history rows without dossier.restore_mode */
#define ERRCODE_APOLOGY_TOO_LATE		MAKE_SQLSTATE('V','N','1','2','0')	/* an apology less than a working day before the due date */
#define ERRCODE_APPOINTMENT_NOT_WORKING	MAKE_SQLSTATE('V','N','1','2','1')	/* a new appointment outside the calendar's working time */

/* VN2xx: working-time calendars */
#define ERRCODE_UNKNOWN_CALENDAR		MAKE_SQLSTATE('V','N','2','0','1')	/* no calendar has the name */
#define ERRCODE_NO_WORKING_TIME			MAKE_SQLSTATE('V','N','2','0','2')	/* the calendar has too little working time */
#define ERRCODE_DURATION_OUT_OF_RANGE	MAKE_SQLSTATE('V','N','2','0','3')	/* an amount negative, NaN, infinite or too long */
#define ERRCODE_INVALID_CALENDAR		MAKE_SQLSTATE('V','N','2','0','4')	/* a calendar row that is not valid */
#define ERRCODE_INVALID_LUNAR_DATE		MAKE_SQLSTATE('V','N','2','0','5')	/* a lunar date that does not exist */
#define ERRCODE_LUNAR_OUT_OF_RANGE		MAKE_SQLSTATE('V','N','2','0','6')	/* a day or lunar year outside 1968-2100 */
#define ERRCODE_INVALID_HOLIDAY_NOTICE	MAKE_SQLSTATE('V','N','2','0','7')	/* a holiday notice whose days do not fit */

/* VN3xx: certificates and signatures */
#define ERRCODE_MALFORMED_CERTIFICATE	MAKE_SQLSTATE('V','N','3','0','1')	/* not one readable X.509 certificate */
#define ERRCODE_MALFORMED_CRL			MAKE_SQLSTATE('V','N','3','0','2')	/* not one readable CRL */
#define ERRCODE_MALFORMED_OCSP			MAKE_SQLSTATE('V','N','3','0','3')	/* not one readable, successful OCSP response */
#define ERRCODE_MALFORMED_PDF			MAKE_SQLSTATE('V','N','3','0','4')	/* not a PDF qpdf can read */

/* VN40x-VN41x: officials bound to agencies, logged reads of personal data */
#define ERRCODE_NOT_BOUND				MAKE_SQLSTATE('V','N','4','0','1')	/* a staff role bound to no agency */
#define ERRCODE_AGENCY_GONE				MAKE_SQLSTATE('V','N','4','0','2')	/* the bound agency was succeeded or deleted */
#define ERRCODE_NOT_BINDABLE			MAKE_SQLSTATE('V','N','4','0','3')	/* a role that cannot be bound or configured */
#define ERRCODE_PERSONAL_DATA_NOT_OPEN	MAKE_SQLSTATE('V','N','4','1','0')	/* personal data read without a committed opening */
#define ERRCODE_PURPOSE_REQUIRED		MAKE_SQLSTATE('V','N','4','1','1')	/* opening personal data without a purpose */
/* VN42x and VN43x: portal assertions (docs/reference/access/portal.md) */
#define ERRCODE_ASSERTION_MALFORMED		MAKE_SQLSTATE('V','N','4','2','0')	/* not a compact JWS with the claims needed */
#define ERRCODE_ASSERTION_ALGORITHM		MAKE_SQLSTATE('V','N','4','2','1')	/* alg none, unknown, or not the key's */
#define ERRCODE_ASSERTION_UNKNOWN_KEY	MAKE_SQLSTATE('V','N','4','2','2')	/* kid not in dossier.portal_key, or not in force */
#define ERRCODE_ASSERTION_SIGNATURE		MAKE_SQLSTATE('V','N','4','2','3')	/* the signature does not verify */
#define ERRCODE_ASSERTION_ISSUER		MAKE_SQLSTATE('V','N','4','2','4')	/* iss is not the key's issuer */
#define ERRCODE_ASSERTION_AUDIENCE		MAKE_SQLSTATE('V','N','4','2','5')	/* aud is not dossier.portal_audience */
#define ERRCODE_ASSERTION_EXPIRED		MAKE_SQLSTATE('V','N','4','2','6')	/* exp has passed */
#define ERRCODE_ASSERTION_NOT_YET_VALID	MAKE_SQLSTATE('V','N','4','2','7')	/* iat or nbf in the future */
#define ERRCODE_ASSERTION_LIFETIME		MAKE_SQLSTATE('V','N','4','2','8')	/* issued for too long, or exp before iat */
#define ERRCODE_ASSERTION_REPLAYED		MAKE_SQLSTATE('V','N','4','2','9')	/* the jti was used before */
#define ERRCODE_ASSERTION_SUBJECT		MAKE_SQLSTATE('V','N','4','3','0')	/* sub is no personal ID or tax code */
#define ERRCODE_NO_PORTAL_ASSERTION		MAKE_SQLSTATE('V','N','4','3','1')	/* a portal acts without an assertion */
#define ERRCODE_PORTAL_SIGNED_IN		MAKE_SQLSTATE('V','N','4','3','2')	/* a second assertion in one transaction */
#define ERRCODE_INVALID_PORTAL_KEY		MAKE_SQLSTATE('V','N','4','3','3')	/* a dossier.portal_key row whose key does not fit */
/* VN6xx: receipts and public status lookup */
#define ERRCODE_QR_TOO_LONG				MAKE_SQLSTATE('V','N','6','0','1')	/* more text than a QR code holds */
#define ERRCODE_PUBLIC_URL_UNSET		MAKE_SQLSTATE('V','N','6','0','2')	/* dossier.public_base_url is not set */
#define ERRCODE_NOT_RECEIVED			MAKE_SQLSTATE('V','N','6','0','3')	/* a receipt slip of a dossier not received */
#define ERRCODE_NO_PUBLIC_TOKEN			MAKE_SQLSTATE('V','N','6','0','4')	/* the dossier has no lookup token */

#endif							/* DOSSIER_SQLSTATE_H */
