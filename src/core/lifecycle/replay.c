/*
 * replay.c
 *	  Derive a dossier row's event-only columns from its history (replay.h).
 */
#include "core/lifecycle/replay.h"

#include <assert.h>
#include <string.h>

/* Start a replay; see replay.h. */
void
lifecycle_replay_start(LifecycleReplay *r)
{
	assert(r != NULL);
	memset(r, 0, sizeof(*r));
	r->paused_at.isnull = true;
	for (int m = 0; m <= LIFECYCLE_MILESTONE_RETURNED; m++)
		r->milestone_at[m].isnull = true;
}

/* Apply one event; see replay.h. */
void
lifecycle_replay_event(LifecycleReplay *r, int action, int from_status,
					   int to_status, int64_t at)
{
	assert(r != NULL);
	r->events++;
	if (action < 0)
		r->registered_at = at;
	else
	{
		LifecycleMilestone m = lifecycle_milestone(r->milestones, action);

		if (m != LIFECYCLE_MILESTONE_NONE)
		{
			r->milestones |= 1u << m;
			r->milestone_at[m].isnull = false;
			r->milestone_at[m].v = at;
		}
		if (action == ACTION_REQUEST_SUPPLEMENT)
			r->supplement_requests++;
	}
	if (action >= 0)
		r->prior_status = lifecycle_prior_after(r->status, to_status, r->prior_status);
	/* a supplement request pauses the clock until the dossier leaves status 5 */
	if (to_status == STATUS_SUPPLEMENT_REQUESTED && from_status != STATUS_SUPPLEMENT_REQUESTED)
	{
		r->paused_at.isnull = false;
		r->paused_at.v = at;
	}
	else if (to_status != STATUS_SUPPLEMENT_REQUESTED)
		r->paused_at.isnull = true;
	r->status = to_status;
	r->updated_at = at;
}
