/*
 * guard.h
 *	  The write guard of the history tables (guard.c): the writers name the
 *	  table their next statement may write, and close it after.
 */
#ifndef DOSSIER_GUARD_H
#define DOSSIER_GUARD_H

#include "postgres.h"

extern void guard_allow(Oid relid);
extern void guard_close(void);

#endif							/* DOSSIER_GUARD_H */
