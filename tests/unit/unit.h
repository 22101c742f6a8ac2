/* A minimal unit-test harness: TEST() registers a function, CHECK()
 * records a failure with its location and goes on. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
};

extern int unit_failures;

#define UNIT_CAT2(a, b) a##b
#define UNIT_CAT(a, b) UNIT_CAT2(a, b)

#define TEST(name)                                                          \
    static void name(void);                                                 \
    __attribute__((used, section("unit_tests")))                            \
    static const struct unit_test UNIT_CAT(unit_reg_, name) = {#name, name}; \
    static void name(void)

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            unit_failures++;                                                \
        }                                                                   \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                  \
    do {                                                                    \
        long long unit_a = (long long)(a), unit_b = (long long)(b);         \
        if (unit_a != unit_b) {                                             \
            printf("  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
                   #a, unit_a, unit_b);                                     \
            unit_failures++;                                                \
        }                                                                   \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                  \
    do {                                                                    \
        const char *unit_a = (a), *unit_b = (b);                            \
        if (strcmp(unit_a, unit_b) != 0) {                                  \
            printf("  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__,     \
                   __LINE__, #a, unit_a, unit_b);                           \
            unit_failures++;                                                \
        }                                                                   \
    } while (0)

#endif
