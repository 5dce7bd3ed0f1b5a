/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's logger: one line per event, dropped below the level set
 * with log_set_level() (at start, or at run time: dpubgpctl log-level).
 *
 * Where a line goes, chosen once at start (log_init(), log_to_syslog()):
 *
 *   stderr       "2025-06-01 12:00:01.234 info: message": local time to
 *                the millisecond, when stderr is a terminal, a file or a
 *                pipe;
 *   the journal  "<6>info: message", when stderr is systemd's journal
 *                stream ($JOURNAL_STREAM names stderr's device and inode):
 *                the journal adds its own time, and takes the priority
 *                from the "<N>" prefix (sd-daemon(3));
 *   syslog       facility daemon, after log_to_syslog().
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

/* How lines on stderr look: see above. Call once, before logging. */
void log_init(void);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* "error", "warn", "info" or "debug". */
const char *log_level_name(enum log_level level);
/* The level names, "error|warn|info|debug", for usage lines. */
#define LOG_LEVEL_NAMES	"error|warn|info|debug"
/* From now on to syslog as ident, no longer to stderr. */
void log_to_syslog(const char *ident);
bool log_is_syslog(void);
/* Whether stderr is systemd's journal stream (log_init() said so). */
bool log_is_journal(void);
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
