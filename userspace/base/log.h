/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's logger: one line per event on stderr, "LEVEL: message",
 * or to syslog (facility daemon) after log_to_syslog(); dropped below the
 * level set with log_set_level().
 */
#ifndef DPUBGP_BASE_LOG_H
#define DPUBGP_BASE_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_LVL_ERROR,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

void log_set_level(enum log_level level);
/* From now on to syslog as ident, no longer to stderr. */
void log_to_syslog(const char *ident);
bool log_is_syslog(void);
/* "error", "warn", "info" or "debug": 0, else -1. */
int log_parse_level(const char *name, enum log_level *level);
/* Whether a message of level would be logged (to skip costly formatting). */
bool log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* log_warn(msg), as a callback for layers that report through one. */
void log_warn_cb(void *ctx, const char *msg);

#define log_error(...)	log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif /* DPUBGP_BASE_LOG_H */
