/*
 * Proxied I/O (OVM's I/O through a host OS): an access of a client to a
 * window served by a service guest becomes a request in a slot of the
 * client/service pair (cfg_io_pair); the service fetches and answers it,
 * from either core. The slots of one pair are used by that pair only, so a
 * client that floods a service that never answers fills its own slots and
 * nobody else's (issue 8). The client of a read blocks until the answer
 * (wake.h); a client that finds its pair full blocks until a slot frees.
 * Model: tests/models/ioproxy.pml; host race test: tests/tsan/.
 */
#ifndef IOPROXY_H
#define IOPROXY_H

#include <stdint.h>
#include "abi/hypercall.h"
#include "config.h"

struct vcpu;

/* Client side, on the client's core. Queues the request for window `w`;
 * returns 0 (a read: the caller blocks on WAKE_IO_RESULT; the result goes
 * to register rt), or HV_EAGAIN when the pair's slots are all taken (with
 * `wait`, a WAKE_IO_SLOT is then posted when one frees: the caller blocks
 * on it and retries). */
int32_t ioproxy_request(struct vcpu *v, const struct cfg_io_window *w, uint32_t off,
                        unsigned size, int write, uint32_t value, unsigned rt, int sign,
                        int wait);

/* Service side: copies the oldest unfetched request of the service's pairs
 * into *out and returns 1, or returns 0 if there is none. */
int ioproxy_fetch(struct vcpu *service, struct io_request *out);

/* Service side: completes request `id`; 0, or HV_EINVAL if it is not one
 * the service fetched and has not answered. */
int32_t ioproxy_reply(struct vcpu *service, uint32_t id, uint32_t value);

/* A restart of `v` (restart.c, through ioemu_reset_guest): frees its
 * requests as a client, re-queues those it fetched as a service, and drops
 * its pending wake-ups. */
void ioproxy_reset_guest(struct vcpu *v);

#endif
