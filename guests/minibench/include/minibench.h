/*
 * minibench - a small integer benchmark (list, matrix, state machine, CRC).
 *
 * Written for this repository in the style of third-party code: its own
 * types, its own configuration macros, a port layer per target, and code
 * that is not clean under the monitor's strict warnings. See
 * docs/porting.md for how it was brought up as a guest.
 */
#ifndef MINIBENCH_H
#define MINIBENCH_H

typedef unsigned int  mb_u32;
typedef unsigned short mb_u16;
typedef signed int    mb_s32;

#ifndef MB_ITERATIONS
#define MB_ITERATIONS 200
#endif
#ifndef MB_LIST_SIZE
#define MB_LIST_SIZE 64
#endif
#ifndef MB_MATRIX_N
#define MB_MATRIX_N 12
#endif

/* port layer: provided by port/<target>/ */
mb_u32 mb_port_ticks(void);          /* a free-running tick count */
mb_u32 mb_port_ticks_per_sec(void);
void   mb_port_init(void);
void   mb_port_done(int ok);

/* the kernels: each returns a 16-bit signature of its work */
mb_u16 mb_list_run(mb_u32 seed);
mb_u16 mb_matrix_run(mb_u32 seed);
mb_u16 mb_state_run(mb_u32 seed);

/* CRC-16/CCITT: portable C and the hand-written ARM version (src/arch/arm) */
mb_u16 mb_crc16(mb_u16 crc, mb_u32 value);
mb_u16 mb_crc16_arm(mb_u16 crc, mb_u32 value);

#ifdef __cplusplus
extern "C"
#endif
void mb_report(const char *name, mb_u32 iterations, mb_u32 ticks, mb_u32 hz, mb_u16 crc);

#endif
