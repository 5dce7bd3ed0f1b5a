// SPDX-License-Identifier: GPL-2.0
/*
 * What the control socket asks of the daemon (control/server.h): the
 * node's part of the status answer, and the VPC of a RIB table.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "daemon/dpubgpd.h"

static void node_status(void *arg, struct dpubgp_status *st)
{
	const struct dpubgpd *dd = arg;
	struct in_addr id = { .s_addr = htonl(dd->node.router_id) };

	snprintf(st->node, sizeof(st->node), "%s", dd->node_name);
	inet_ntop(AF_INET, &id, st->router_id, sizeof(st->router_id));
	st->as = dd->node.as;
	st->as_inherited = dd->node.as_inherited;
	st->dpu_as = dd->dpu_as;
	if (dd->node.ipv4.family)
		bgp_addr_format(&dd->node.ipv4, st->ipv4.address,
				sizeof(st->ipv4.address));
	if (dd->node.ipv6.family)
		bgp_addr_format(&dd->node.ipv6, st->ipv6.address,
				sizeof(st->ipv6.address));
	if (dpubgpd_meta_status(dd, st))
		st->n_metadata = 0;	/* left out */
}

static const char *vpc_of(void *arg, uint32_t id)
{
	const struct dpubgpd *dd = arg;
	size_t i;

	for (i = 0; i < dd->n_ports; i++)
		if (dd->ports[i].table == id)
			return dd->ports[i].vpc;
	return NULL;
}

static bool vpc_table(void *arg, const char *name, uint32_t *id)
{
	const struct dpubgpd *dd = arg;
	size_t i;

	for (i = 0; i < dd->n_ports; i++)
		if (!strcmp(dd->ports[i].vpc, name)) {
			*id = dd->ports[i].table;
			return true;
		}
	return false;
}

int dpubgpd_control_open(struct dpubgpd *dd, const char *path)
{
	const struct control_source src = {
		.bgp = &dd->bgp,
		.rib = &dd->rib,
		.node = node_status,
		.vpc = vpc_of,
		.vpc_table = vpc_table,
		.arg = dd,
	};

	return control_server_open(&dd->control, path, &src);
}
