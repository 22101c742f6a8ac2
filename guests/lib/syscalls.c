/*
 * newlib system calls on the hypercall ABI, so guests can use printf and
 * malloc: stdout and stderr go to the guest's console, the heap lies
 * between the end of .bss and the stack, exit stops the guest.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include "hv.h"

extern char __heap_start[], __stack_limit[];

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
void *_sbrk(ptrdiff_t incr);
void _exit(int status);
int _kill(int pid, int sig);
int _getpid(void);
void hrt_fault_report(unsigned mode, unsigned pc);

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    int32_t r = hv_console_write(buf, (size_t)len);   /* all of it (hv.h) */
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return r;
}

int _read(int fd, char *buf, int len)
{
    (void)fd, (void)buf, (void)len;
    return 0;
}

int _close(int fd) { (void)fd; return -1; }
int _isatty(int fd) { return fd <= 2; }
int _lseek(int fd, int off, int whence) { (void)fd, (void)off, (void)whence; return 0; }
int _kill(int pid, int sig) { (void)pid, (void)sig; errno = EINVAL; return -1; }
int _getpid(void) { return 1; }

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;                  /* a terminal: line-buffered stdout */
    return 0;
}

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __heap_start;
    if (incr > __stack_limit - brk || incr < __heap_start - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

void _exit(int status)
{
    fflush(stdout);
    hv_stop(status);
}

/* An HRT guest's own fault vectors end here (crt0_hrt.S). */
void hrt_fault_report(unsigned mode, unsigned pc)
{
    printf("fault: exception in mode 0x%02x at 0x%08x\n", mode, pc);
    hv_stop(1);
}

/* newlib's constructor and destructor walkers call these (crti/crtn are not
 * linked: crt0 is ours). */
void _init(void);
void _fini(void);
void _init(void) {}
void _fini(void) {}
