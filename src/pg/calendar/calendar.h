/*
 * calendar.h
 *	  Working time on a named calendar (calendar.c), for C callers: the
 *	  lifecycle's deadlines.
 */
#ifndef DOSSIER_CALENDAR_H
#define DOSSIER_CALENDAR_H

#include "postgres.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

extern TimestampTz calendar_add_amount(const char *calendar, TimestampTz start,
									   Numeric amount, const char *unit);
extern TimestampTz calendar_add_usecs(const char *calendar, TimestampTz start,
									  int64 working_usecs);
extern int64 calendar_between_usecs(const char *calendar, TimestampTz a,
									TimestampTz b);

#endif							/* DOSSIER_CALENDAR_H */
