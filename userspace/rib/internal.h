/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between rib.c and export.c: what the tables tell the export side.
 * Private to rib/: its users read rib.h.
 */
#ifndef DPUBGP_RIB_INTERNAL_H
#define DPUBGP_RIB_INTERNAL_H

#include "rib/rib.h"

int rib_idx_push(struct rib_idx_vec *v, uint32_t idx);
/* dest of ft changed: queue it for the exporting peers, ask for a flush. */
void rib_export_changed(struct rib *rib, struct rib_ftable *ft,
			uint32_t dest);
/* A peer coming up: its first dump of every family it is sent. */
void rib_peer_export_init(struct rib_peer *p);
/* A peer going down: its Adj-RIB-Out and held messages forgotten. */
void rib_peer_export_reset(struct rib_peer *p);

#endif /* DPUBGP_RIB_INTERNAL_H */
