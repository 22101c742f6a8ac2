/* Proxied I/O slots per client/service pair (ioproxy.h). */
#include "abi/hypercall.h"
#include "config.h"
#include "ioproxy.h"
#include "sched.h"
#include "spinlock.h"
#include "trace.h"
#include "vcpu.h"
#include "virq.h"
#include "wake.h"

struct io_slot {
    uint8_t used;
    uint8_t fetched;
    uint8_t rt;           /* register the result goes to (loads) */
    uint8_t sign;
    uint8_t blocking;     /* the client waits for the result */
    struct io_request req;
};

/* One lock and one waiter flag per pair: a pair's traffic never waits
 * for another pair's lock longer than one bounded slot scan. */
struct io_pool {
    spinlock_t lock;
    uint8_t waiter;       /* the client waits for a free slot (WAKE_IO_SLOT) */
    uint8_t ready;        /* its slots have been cleared */
};

/* The slots are not in .bss: boot would clear all 256 (10 KB) for the few a
 * system uses. Each pair clears its own at its first use (pool_open). */
static struct io_slot io_slots[CONFIG_MAX_IO_SLOTS] __attribute__((section(".noinit")));
static struct io_pool io_pools[CONFIG_MAX_IO_SLOTS];
static uint32_t io_next_id = 1;       /* atomic: every pair draws from it */

/* Locks pair p's pool, clearing its slots at the first use. */
static void pool_open(unsigned p)
{
    struct io_pool *pool = &io_pools[p];
    spin_lock(&pool->lock);
    if (!pool->ready) {
        const struct cfg_io_pair *pair = &system_config.io_pairs[p];
        for (unsigned i = 0; i < pair->n_slots; i++)
            io_slots[pair->first_slot + i].used = 0;
        pool->ready = 1;
    }
}

static void test_delay(void)
{
    /* Test images only: widen the window between publishing a request and
     * blocking on its answer (tests/system/test_xcore.py). */
    for (volatile uint32_t i = 0; i < system_config.test_proxy_delay; i++)
        ;
}

int32_t ioproxy_request(struct vcpu *v, const struct cfg_io_window *w, uint32_t off,
                        unsigned size, int write, uint32_t value, unsigned rt, int sign,
                        int wait)
{
    const struct cfg_io_pair *pair = &system_config.io_pairs[w->pair];
    struct io_pool *pool = &io_pools[w->pair];
    struct io_slot *s = 0;
    pool_open(w->pair);
    for (unsigned i = 0; i < pair->n_slots && !s; i++)
        if (!io_slots[pair->first_slot + i].used)
            s = &io_slots[pair->first_slot + i];
    if (!s) {
        /* Under the same lock as the search: a reply that frees a slot
         * after this point sees the flag and wakes the client. */
        if (wait)
            pool->waiter = 1;
        spin_unlock(&pool->lock);
        return HV_EAGAIN;
    }
    s->used = 1;
    s->fetched = 0;
    s->rt = (uint8_t)rt;
    s->sign = (uint8_t)sign;
    s->blocking = !write;
    s->req.id = __atomic_fetch_add(&io_next_id, 1u, __ATOMIC_RELAXED);
    s->req.client = v->index;
    s->req.window = (unsigned)(w - v->cfg->io);
    s->req.offset = off;
    s->req.size = size;
    s->req.write = (unsigned)write;
    s->req.value = write ? value : 0;
    uint32_t id = s->req.id;
    spin_unlock(&pool->lock);                  /* release: the service sees the whole slot */
    TRACE(TR_PROXY_REQ, v->index, id);
    (void)id;                                  /* without CONFIG_TRACE */
    if (!write)
        test_delay();
    virq_raise(&vcpus[w->service], CFG_VIRQ_IO_REQUEST, v->cfg->core);
    return 0;
}

int ioproxy_fetch(struct vcpu *service, struct io_request *out)
{
    const struct cfg_guest *g = service->cfg;
    const struct system_config *sc = &system_config;
    struct io_slot *oldest = 0;
    unsigned oldest_pair = 0;
    /* Oldest first across the service's pairs: ids grow by one per
     * request. One pair's lock at a time. */
    for (uint32_t k = 0; k < g->n_io_served; k++) {
        unsigned p = g->io_served[k];
        const struct cfg_io_pair *pair = &sc->io_pairs[p];
        pool_open(p);
        for (unsigned i = 0; i < pair->n_slots; i++) {
            struct io_slot *s = &io_slots[pair->first_slot + i];
            if (s->used && !s->fetched &&
                (!oldest || (int32_t)(s->req.id - oldest->req.id) < 0)) {
                oldest = s;
                oldest_pair = p;
            }
        }
        spin_unlock(&io_pools[p].lock);
    }
    if (!oldest)
        return 0;
    /* Only the service takes a pair's requests: the slot is still unfetched
     * (the client never withdraws one). */
    spin_lock(&io_pools[oldest_pair].lock);
    oldest->fetched = 1;
    *out = oldest->req;
    spin_unlock(&io_pools[oldest_pair].lock);
    return 1;
}

static uint32_t extend(uint32_t v, unsigned size, int sign)
{
    if (size == 1)
        return sign ? (uint32_t)(int32_t)(int8_t)v : (v & 0xffu);
    if (size == 2)
        return sign ? (uint32_t)(int32_t)(int16_t)v : (v & 0xffffu);
    return v;
}

int32_t ioproxy_reply(struct vcpu *service, uint32_t id, uint32_t value)
{
    const struct cfg_guest *g = service->cfg;
    const struct system_config *sc = &system_config;
    struct io_slot done = {0};
    int found = 0, slot_waiter = 0;
    for (uint32_t k = 0; k < g->n_io_served && !found; k++) {
        unsigned p = g->io_served[k];
        const struct cfg_io_pair *pair = &sc->io_pairs[p];
        pool_open(p);
        for (unsigned i = 0; i < pair->n_slots && !found; i++) {
            struct io_slot *s = &io_slots[pair->first_slot + i];
            if (s->used && s->fetched && s->req.id == id) {
                done = *s;
                s->used = 0;
                TRACE(TR_PROXY_REPLY, service->index, id);
                found = 1;
                slot_waiter = io_pools[p].waiter;
                io_pools[p].waiter = 0;
            }
        }
        spin_unlock(&io_pools[p].lock);
    }
    if (!found)
        return HV_EINVAL;
    struct vcpu *client = &vcpus[done.req.client];
    if (slot_waiter)
        wake_post(client, WAKE_IO_SLOT);       /* it retries its access */
    if (done.blocking) {
        /* The client is blocked on this answer (it has one read at a time):
         * nobody else writes io_result until it has taken it. */
        client->io_result = extend(value, done.req.size, done.sign);
        client->io_result_reg = done.rt;
        wake_post(client, WAKE_IO_RESULT);
    }
    virq_raise(client, CFG_VIRQ_IO_DONE, service->cfg->core);
    return 0;
}

void ioproxy_reset_guest(struct vcpu *v)
{
    /* Its requests as a client go (the slots free), its fetched requests as
     * a service come back to be fetched again by its next life. */
    const struct system_config *sc = &system_config;
    for (uint32_t p = 0; p < sc->n_io_pairs; p++) {
        const struct cfg_io_pair *pair = &sc->io_pairs[p];
        if (pair->client != v->index && pair->service != v->index)
            continue;
        pool_open(p);
        for (unsigned i = 0; i < pair->n_slots; i++) {
            struct io_slot *s = &io_slots[pair->first_slot + i];
            if (pair->client == v->index)
                s->used = 0;
            else
                s->fetched = 0;
        }
        if (pair->client == v->index)
            io_pools[p].waiter = 0;           /* the waiter was v itself */
        spin_unlock(&io_pools[p].lock);
    }
    /* Nothing it waited for is still owed to it (wake.h). */
    v->wait_for = 0;
    __atomic_store_n(&v->wake, 0u, __ATOMIC_RELAXED);
}
