// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "base/array.h"
#include "base/event.h"

static void empty_graveyard(struct ev_loop *loop);

uint64_t ev_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Point the timerfd at the earliest deadline, or disarm it. */
static void rearm_timerfd(struct ev_loop *loop)
{
	struct itimerspec its = { 0 };
	uint64_t d;

	if (loop->timers) {
		d = loop->timers->deadline;
		/* 0 would disarm: a deadline in the past fires at once. */
		its.it_value.tv_sec = (time_t)(d / 1000);
		its.it_value.tv_nsec = (long)(d % 1000) * 1000000 + 1;
	}
	timerfd_settime(loop->timerfd.fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void unlink_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct ev_timer **pp;

	for (pp = &loop->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->armed = false;
	t->next = NULL;
}

void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	bool was_first = loop->timers == t;

	if (!t->armed)
		return;
	unlink_timer(loop, t);
	if (was_first)
		rearm_timerfd(loop);
}

void ev_timer_arm(struct ev_loop *loop, struct ev_timer *t, uint64_t ms)
{
	struct ev_timer **pp;

	if (t->armed)
		unlink_timer(loop, t);
	t->deadline = ev_now() + ms;
	for (pp = &loop->timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->deadline > t->deadline)
			break;
	}
	t->next = *pp;
	*pp = t;
	t->armed = true;
	if (loop->timers == t)
		rearm_timerfd(loop);
}

/* Run every timer that is due; a callback may arm or stop any timer. */
static void timerfd_ready(struct ev_fd *ev, uint32_t revents)
{
	struct ev_loop *loop = container_of(ev, struct ev_loop, timerfd);
	uint64_t expirations, now = ev_now();
	struct ev_timer *t;

	(void)revents;
	if (read(ev->fd, &expirations, sizeof(expirations)) < 0 &&
	    errno != EAGAIN)
		return;
	while ((t = loop->timers) && t->deadline <= now) {
		unlink_timer(loop, t);
		t->cb(t);
	}
	rearm_timerfd(loop);
}

int ev_fd_add(struct ev_loop *loop, struct ev_fd *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	ev->events = events;
	return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, ev->fd, &e) ? -errno : 0;
}

int ev_fd_mod(struct ev_loop *loop, struct ev_fd *ev, uint32_t events)
{
	struct epoll_event e = { .events = events, .data.ptr = ev };

	if (ev->events == events)
		return 0;
	ev->events = events;
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, ev->fd, &e) ? -errno : 0;
}

void ev_fd_del(struct ev_loop *loop, struct ev_fd *ev)
{
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, ev->fd, NULL);
}

int ev_loop_init(struct ev_loop *loop)
{
	int err;

	*loop = (struct ev_loop){ .epfd = -1, .timerfd.fd = -1 };
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		return -errno;
	loop->timerfd.fd = timerfd_create(CLOCK_MONOTONIC,
					  TFD_NONBLOCK | TFD_CLOEXEC);
	loop->timerfd.cb = timerfd_ready;
	if (loop->timerfd.fd < 0) {
		err = -errno;
		ev_loop_close(loop);
		return err;
	}
	err = ev_fd_add(loop, &loop->timerfd, EPOLLIN);
	if (err)
		ev_loop_close(loop);
	return err;
}

void ev_loop_close(struct ev_loop *loop)
{
	if (loop->timerfd.fd >= 0)
		close(loop->timerfd.fd);
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->timerfd.fd = loop->epfd = -1;
	loop->timers = NULL;
	empty_graveyard(loop);
	free(loop->graveyard);
	loop->graveyard = NULL;
	loop->cap_grave = 0;
}

void ev_free_later(struct ev_loop *loop, void *ptr)
{
	if (dpubgp_array_push(&loop->graveyard, &loop->n_grave,
			      &loop->cap_grave, sizeof(ptr), &ptr))
		abort();	/* nothing sane is left to do */
}

static void empty_graveyard(struct ev_loop *loop)
{
	while (loop->n_grave)
		free(loop->graveyard[--loop->n_grave]);
}

#define EV_BATCH 64

int ev_run_once(struct ev_loop *loop, int timeout_ms)
{
	struct epoll_event events[EV_BATCH];
	struct ev_fd *ev;
	int i, n;

	n = epoll_wait(loop->epfd, events, EV_BATCH, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		ev = events[i].data.ptr;
		ev->cb(ev, events[i].events);
	}
	empty_graveyard(loop);
	return 0;
}

int ev_run(struct ev_loop *loop)
{
	int err = 0;

	loop->stop = false;
	while (!loop->stop && !err)
		err = ev_run_once(loop, -1);
	return err;
}

void ev_stop(struct ev_loop *loop)
{
	loop->stop = true;
}
