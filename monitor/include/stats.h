/* Per-guest counters kept by the monitor. */
#ifndef STATS_H
#define STATS_H

/* Prints every guest's state and counters on the console (a line each). */
void stats_report(void);

#endif
