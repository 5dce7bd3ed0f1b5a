// SPDX-License-Identifier: GPL-2.0
/*
 * The document's YAML as JSON. The text is the emitter's, a tree without
 * aliases, so each node is converted once, recursively.
 */
#include <string.h>
#include <yaml.h>

#include "base/prefix.h"
#include "config/json.h"
#include "config/value.h"

static json_t *scalar_json(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	uint64_t num;
	bool b;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_string(s);
	if (!dpubgp_value_bool(s, &b))
		return json_boolean(b);
	if (!dpubgp_parse_uint(s, UINT32_MAX, &num))
		return json_integer((json_int_t)num);
	return json_string(s);
}

static json_t *node_json(yaml_document_t *y, const yaml_node_t *n)
{
	const yaml_node_pair_t *p;
	const yaml_node_item_t *item;
	const yaml_node_t *key;
	json_t *out;

	switch (n->type) {
	case YAML_SCALAR_NODE:
		return scalar_json(n);
	case YAML_SEQUENCE_NODE:
		out = json_array();
		for (item = n->data.sequence.items.start;
		     out && item < n->data.sequence.items.top; item++)
			if (json_array_append_new(out, node_json(y,
					yaml_document_get_node(y, *item))))
				goto fail;
		return out;
	case YAML_MAPPING_NODE:
		out = json_object();
		for (p = n->data.mapping.pairs.start;
		     out && p < n->data.mapping.pairs.top; p++) {
			key = yaml_document_get_node(y, p->key);
			if (key->type != YAML_SCALAR_NODE ||
			    json_object_set_new(out,
					(const char *)key->data.scalar.value,
					node_json(y, yaml_document_get_node(y,
							p->value))))
				goto fail;
		}
		return out;
	default:
		return NULL;
	}
fail:
	json_decref(out);
	return NULL;
}

json_t *dpubgp_yaml_to_json(const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t y;
	yaml_node_t *root;
	json_t *out = NULL;

	if (!yaml_parser_initialize(&parser))
		return NULL;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (yaml_parser_load(&parser, &y)) {
		root = yaml_document_get_root_node(&y);
		out = root ? node_json(&y, root) : json_object();
		yaml_document_delete(&y);
	}
	yaml_parser_delete(&parser);
	return out;
}
