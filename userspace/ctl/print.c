// SPDX-License-Identifier: GPL-2.0
/*
 * The two presentations of the kernel's ports.
 */
#include <errno.h>
#include <jansson.h>
#include <linux/dpubgp.h>

#include "base/leak.h"
#include "ctl/print.h"

static int port_text(FILE *f, const struct dpubgp_port *port)
{
	char prefix[DPUBGP_PREFIX_STRLEN];
	size_t i;
	int ret;

	fprintf(f, "port %s (ifindex %u) vrf %s\n", port->ifname,
		port->ifindex, port->vrf);
	fprintf(f, "  src-filter: %s, drops %llu\n",
		port->flags & DPUBGP_PORT_F_SRC_FILTER ? "on" : "off",
		(unsigned long long)port->drops);
	fputs("  hosts:", f);
	if (!port->nhosts)
		fputs(" none", f);
	for (i = 0; i < port->nhosts; i++) {
		ret = dpubgp_prefix_format(&port->hosts[i], prefix,
					   sizeof(prefix));
		if (ret)
			return ret;
		fprintf(f, "%s%s", i ? ", " : " ", prefix);
	}
	fputc('\n', f);
	return 0;
}

int ctl_print_ports_text(FILE *f, const struct dpubgp_port_list *list)
{
	size_t i;
	int ret;

	if (!list->count)
		fputs("No ports.\n", f);
	for (i = 0; i < list->count; i++) {
		if (i)
			fputc('\n', f);
		ret = port_text(f, &list->ports[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* NULL on failure, as every json_*() constructor. */
static json_t *hosts_json(const struct dpubgp_port *port)
{
	char prefix[DPUBGP_PREFIX_STRLEN];
	json_t *hosts = json_array();
	size_t i;

	for (i = 0; hosts && i < port->nhosts; i++) {
		if (dpubgp_prefix_format(&port->hosts[i], prefix,
					 sizeof(prefix)) ||
		    json_array_append_new(hosts, json_string(prefix))) {
			json_decref(hosts);
			return NULL;
		}
	}
	return hosts;
}

/*
 * The json_*_set_new() and _append_new() calls take their value even when
 * they fail, NULL included, which is what lets failures chain with ||.
 * Jansson keeps keys in insertion order, the order of the fields here.
 */
static json_t *port_json(const struct dpubgp_port *port)
{
	json_t *obj = json_object();

	if (!obj ||
	    json_object_set_new(obj, "ifname", json_string(port->ifname)) ||
	    json_object_set_new(obj, "ifindex", json_integer(port->ifindex)) ||
	    json_object_set_new(obj, "vrf", json_string(port->vrf)) ||
	    json_object_set_new(obj, "src_filter",
				json_boolean(port->flags &
					     DPUBGP_PORT_F_SRC_FILTER)) ||
	    json_object_set_new(obj, "drops",
				json_integer((json_int_t)port->drops)) ||
	    json_object_set_new(obj, "hosts", hosts_json(port))) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *ports_json(const struct dpubgp_port_list *list)
{
	json_t *ports = json_array();
	size_t i;

	for (i = 0; ports && i < list->count; i++) {
		if (json_array_append_new(ports, port_json(&list->ports[i]))) {
			json_decref(ports);
			return NULL;
		}
	}
	return ports;
}

int ctl_print_routes_text(FILE *f, const struct dpubgp_route_list *list)
{
	char prefix[DPUBGP_PREFIX_STRLEN];
	const struct dpubgp_route *r;
	size_t i;
	int ret;

	if (!list->count)
		fputs("No routes.\n", f);
	for (i = 0; i < list->count; i++) {
		r = &list->routes[i];
		ret = dpubgp_prefix_format(&r->prefix, prefix, sizeof(prefix));
		if (ret)
			return ret;
		fprintf(f,
			"route %s dev %s (ifindex %u) leak %s packets %llu bytes %llu\n",
			prefix, r->ifname, r->ifindex, dpubgp_leak_name(r->flags),
			(unsigned long long)r->packets,
			(unsigned long long)r->bytes);
	}
	return 0;
}

int ctl_print_show_text(FILE *f, const struct ctl_show *show)
{
	int ret = ctl_print_ports_text(f, &show->ports);

	if (ret)
		return ret;
	fputc('\n', f);
	return ctl_print_routes_text(f, &show->routes);
}

static json_t *route_json(const struct dpubgp_route *r)
{
	char prefix[DPUBGP_PREFIX_STRLEN];
	json_t *obj = json_object();

	if (!obj ||
	    dpubgp_prefix_format(&r->prefix, prefix, sizeof(prefix)) ||
	    json_object_set_new(obj, "prefix", json_string(prefix)) ||
	    json_object_set_new(obj, "ifname", json_string(r->ifname)) ||
	    json_object_set_new(obj, "ifindex", json_integer(r->ifindex)) ||
	    json_object_set_new(obj, "leak",
				json_string(dpubgp_leak_name(r->flags))) ||
	    json_object_set_new(obj, "packets",
				json_integer((json_int_t)r->packets)) ||
	    json_object_set_new(obj, "bytes",
				json_integer((json_int_t)r->bytes))) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *routes_json(const struct dpubgp_route_list *list)
{
	json_t *routes = json_array();
	size_t i;

	for (i = 0; routes && i < list->count; i++) {
		if (json_array_append_new(routes,
					  route_json(&list->routes[i]))) {
			json_decref(routes);
			return NULL;
		}
	}
	return routes;
}

/* Print root and drop it. */
static int print_json(FILE *f, json_t *root, int ret)
{
	if (!ret && (json_dumpf(root, f, JSON_INDENT(2)) ||
		     fputc('\n', f) == EOF))
		ret = -EIO;
	json_decref(root);
	return ret;
}

int ctl_print_ports_json(FILE *f, const struct dpubgp_port_list *list)
{
	json_t *root = json_object();
	int ret = 0;

	if (!root || json_object_set_new(root, "ports", ports_json(list)))
		ret = -ENOMEM;
	return print_json(f, root, ret);
}

int ctl_print_show_json(FILE *f, const struct ctl_show *show)
{
	json_t *root = json_object();
	int ret = 0;

	if (!root ||
	    json_object_set_new(root, "ports", ports_json(&show->ports)) ||
	    json_object_set_new(root, "routes", routes_json(&show->routes)))
		ret = -ENOMEM;
	return print_json(f, root, ret);
}
