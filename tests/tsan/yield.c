/* libc's sched_yield. -Imonitor/include makes <sched.h> the monitor's
 * scheduler header, whose sched_yield is another function: declared here
 * as POSIX has it. */
int sched_yield(void);
void host_yield(void);

void host_yield(void)
{
    sched_yield();
}
