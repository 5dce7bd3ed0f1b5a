/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event loop: one epoll set for every socket, and one timerfd that is
 * always armed for the earliest of the loop's timers. No threads: every
 * callback runs from ev_run_once() and must not block.
 *
 * Timers are kept in a list sorted by deadline. A session has three and a
 * DPU a few hundred sessions at most, so arming is a short walk; a heap can
 * replace the list without changing this interface.
 */
#ifndef DPUBGP_BASE_EVENT_H
#define DPUBGP_BASE_EVENT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* The object that embeds member ptr: how a callback finds its owner. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

struct ev_fd {
	int fd;
	uint32_t events;			/* EPOLLIN, EPOLLOUT */
	void (*cb)(struct ev_fd *ev, uint32_t revents);
};

struct ev_timer {
	uint64_t deadline;			/* ms, CLOCK_MONOTONIC */
	bool armed;
	struct ev_timer *next;
	void (*cb)(struct ev_timer *t);
};

struct ev_loop {
	int epfd;
	struct ev_fd timerfd;
	struct ev_timer *timers;		/* sorted by deadline */
	bool stop;
	/* Freed after the current batch of events: see ev_free_later(). */
	void **graveyard;
	size_t n_grave, cap_grave;
};

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t ev_now(void);

int ev_loop_init(struct ev_loop *loop);
void ev_loop_close(struct ev_loop *loop);

/* Watch ev->fd for events; ev_fd_mod changes them; -errno on failure. */
int ev_fd_add(struct ev_loop *loop, struct ev_fd *ev, uint32_t events);
int ev_fd_mod(struct ev_loop *loop, struct ev_fd *ev, uint32_t events);
void ev_fd_del(struct ev_loop *loop, struct ev_fd *ev);

/* (Re)arm t to fire in ms milliseconds; stopping an idle timer is fine. */
void ev_timer_arm(struct ev_loop *loop, struct ev_timer *t, uint64_t ms);
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);

/*
 * free(ptr) once the events of the current batch have run: an object that
 * owns an ev_fd is not freed under a pending event of it. Its callback must
 * then see that it is dead (its fd is -1, say).
 */
void ev_free_later(struct ev_loop *loop, void *ptr);

/*
 * Wait up to timeout_ms (-1: forever) and run what is ready. Returns 0,
 * or -errno when epoll_wait failed other than by a signal.
 */
int ev_run_once(struct ev_loop *loop, int timeout_ms);
/* Run until ev_stop(). */
int ev_run(struct ev_loop *loop);
void ev_stop(struct ev_loop *loop);

#endif /* DPUBGP_BASE_EVENT_H */
