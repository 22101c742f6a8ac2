/*
 * bench_jitter_linux: bench_jitter beside a Non-secure Linux guest
 * (bench_linux.yaml). The warm-up lasts 3000 jobs (3 s of virtual time),
 * by when Linux has reached /init and its busy child loops, so every sample
 * is a release that preempts a busy Linux in the Non-secure world.
 */
#define WARMUP 3000
#include "../bench_jitter/main.c"
