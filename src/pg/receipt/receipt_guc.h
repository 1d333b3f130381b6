/*
 * receipt_guc.h
 *	  The setting of the receipt capability: dossier.public_base_url.
 */
#ifndef DOSSIER_RECEIPT_GUC_H
#define DOSSIER_RECEIPT_GUC_H

/* Define dossier.public_base_url; called once from _PG_init (dossier.c). */
extern void receipt_define_gucs(void);

#endif							/* DOSSIER_RECEIPT_GUC_H */
