/* A test-and-test-and-set spinlock (LDREX/STREX through the GCC atomics);
 * used only with the MMU on, where memory is Normal and shareable. */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdint.h>

typedef struct {
    volatile uint32_t locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
    while (__atomic_exchange_n(&l->locked, 1u, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))   /* test before the next exchange */
            ;
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->locked, 0u, __ATOMIC_RELEASE);
}

#endif
