/*
 * status.h
 *	  What other glue files need from status.c: dossier_action values and the
 *	  VN101 report of an action the transition table forbids.
 */
#ifndef DOSSIER_STATUS_H
#define DOSSIER_STATUS_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/timestamp.h"

/* The core's action number of a dossier.dossier_action enum Datum. */
extern int	action_of_datum(Datum d);
/*
 * Raise VN101 for action from status reached from prior (0: unknown) on the
 * dossier coded code (or NULL).
 */
extern void report_illegal_transition(int status, int prior, int action,
									  const char *code) pg_attribute_noreturn();

/*
 * Working time from instant at to the due date due on calendar, in
 * microseconds, negative once the due date has passed.
 */
extern int64 working_to_due(const char *calendar, TimestampTz due, TimestampTz at);

#endif							/* DOSSIER_STATUS_H */
