/*
 * replay.h
 *	  What a dossier row must hold, derived from its chained history.
 *
 * Every column of dossier.dossier follows from the events of the dossier:
 * what never changes from the registration event, what the last event left
 * (status, step, agency, due date, appointment, supplement time), and the
 * milestones from the moves that recorded them, by the same rule
 * lifecycle_plan applies (lifecycle_milestone).  verify_history replays a
 * chain with these functions and compares the row it finds with the result,
 * so a row edited behind the history's back is reported.
 *
 * Times are microseconds as the caller counts them (PostgreSQL's epoch);
 * nothing here reads a clock.  Plain C, no PostgreSQL headers.
 */
#ifndef DOSSIER_REPLAY_H
#define DOSSIER_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/lifecycle/lifecycle.h"

/* A nullable time. */
typedef struct ReplayTime
{
	bool		isnull;
	int64_t		v;
} ReplayTime;

/* What the events so far say the dossier row holds (the event-only columns). */
typedef struct LifecycleReplay
{
	int			events;
	int			status;
	int			prior_status;	/* STATUS_NONE when NULL */
	int64_t		registered_at;
	int64_t		updated_at;
	int			supplement_requests;
	ReplayTime	paused_at;
	unsigned	milestones;		/* bit (1 << m) per recorded milestone */
	ReplayTime	milestone_at[LIFECYCLE_MILESTONE_RETURNED + 1];
} LifecycleReplay;

/* Start a replay before the registration event. */
void		lifecycle_replay_start(LifecycleReplay *r);

/*
 * Apply one event in seq order: action -1 for the registration, the status
 * before (STATUS_NONE for the registration) and after, and its time.
 */
void		lifecycle_replay_event(LifecycleReplay *r, int action, int from_status,
								   int to_status, int64_t at);

#endif							/* DOSSIER_REPLAY_H */
