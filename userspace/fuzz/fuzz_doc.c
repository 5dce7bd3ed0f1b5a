// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the datastore document parser, and its round trip:
 * what parses emits text that parses to the same canonical text.
 */
#include <stdlib.h>
#include <string.h>

#include "config/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *emit(const struct dpubgp_doc *doc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || dpubgp_doc_emit(doc, f))
		abort();
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dpubgp_doc doc;
	char err[256], *once, *twice;

	if (dpubgp_doc_parse("fuzz.yaml", data, size, &doc, err, sizeof(err)))
		return 0;
	once = emit(&doc);
	dpubgp_doc_free(&doc);
	if (dpubgp_doc_parse("emitted.yaml", once, strlen(once), &doc, err,
			     sizeof(err)))
		abort();
	twice = emit(&doc);
	dpubgp_doc_free(&doc);
	if (strcmp(once, twice))
		abort();
	free(once);
	free(twice);
	return 0;
}
