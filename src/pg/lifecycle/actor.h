/*
 * actor.h
 *	  Who may act, asked without raising (actor.c): what allowed_actions of a
 *	  dossier needs; the raising checks are in dossier_write.h.
 */
#ifndef DOSSIER_ACTOR_H
#define DOSSIER_ACTOR_H

#include "postgres.h"

/* Whether actor holds one of the staff roles of mask. */
extern bool actor_is_staff_of(Oid actor, uint32 mask);

/* Whether actor is a portal (dossier_portal) and mask lets the applicant act. */
extern bool actor_is_applicant_of(Oid actor, uint32 mask);

/*
 * Whether role, if it holds a staff role, may act on a dossier of agency
 * (its binding, src/pg/access/); true for superusers and non-staff roles,
 * whose other checks decide.
 */
extern bool actor_may_act_at(Oid role, Datum agency);

#endif							/* DOSSIER_ACTOR_H */
