/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The document's YAML as JSON, for dpubgpctl's -o json: the same tree,
 * plain numbers and booleans as JSON's, every other value a string.
 */
#ifndef DPUBGP_CONFIG_JSON_H
#define DPUBGP_CONFIG_JSON_H

#include <stddef.h>
#include <jansson.h>

/*
 * The YAML text buf (len bytes, as dpubgp_doc_emit writes it) as a JSON
 * value: an object for an empty text. NULL on a syntax error or when
 * memory runs out.
 */
json_t *dpubgp_yaml_to_json(const char *buf, size_t len);

#endif /* DPUBGP_CONFIG_JSON_H */
