/*
 * The console pump (monitor/core/console.c): both cores queue lines into
 * one ring (under the producers' lock) and then pump: whoever holds the
 * pump lock moves bytes into the UART's transmit FIFO while it has room and
 * asks for the transmit interrupt while bytes remain; that interrupt
 * pumps again. A caller that finds the pump taken leaves a request; the
 * holder re-checks the requests after unlocking (Dekker-style, seq_cst in
 * the C). Property: when everything has gone quiet, the ring is empty -
 * no line stranded until someone prints again.
 *
 * -DOLD_PROTOCOL: a failed try-lock just returns. Spin finds a line of one
 * core left in the ring, with the interrupt off, after the other core's
 * pump had looked at the ring for the last time.
 */
byte ring;                 /* bytes queued (one line = one byte here) */
byte fifo;                 /* bytes in the UART's transmit FIFO */
#define FIFO_SIZE 1
bit tx_irq_on;
bit pump_lock;
bit pump_req;

inline pump_once() {
    do
    :: atomic { fifo < FIFO_SIZE && ring > 0 -> ring--; fifo++ }
    :: else -> break
    od;
    tx_irq_on = (ring > 0)
}

inline console_pump() {
#ifdef OLD_PROTOCOL
    if
    :: atomic { pump_lock == 0 -> pump_lock = 1 } ->
        pump_once();
        pump_lock = 0
    :: atomic { else -> skip }       /* another core is pumping: return */
    fi
#else
    pump_req = 1;
    do
    :: pump_req == 0 -> break
    :: else ->
        if
        :: atomic { pump_lock == 0 -> pump_lock = 1 } ->
            pump_req = 0;
            pump_once();
            pump_lock = 0          /* then look at pump_req again */
        :: atomic { else -> skip }   /* the holder will see the request */
            break
        fi
    od
#endif
}

proctype core(byte lines)
{
    byte k;
    for (k : 1 .. lines) {
        atomic { ring++ };           /* console_write_line: under out_lock */
        console_pump()
    }
}

/* The UART: sends what is in its FIFO; when it has emptied and the
 * transmit interrupt is on, the interrupt (taken by one core) pumps. */
active proctype uart()
{
end:
    do
    :: atomic { fifo > 0 -> fifo-- }
    :: atomic { fifo == 0 && tx_irq_on -> tx_irq_on = 0 };   /* the IRQ handler acks */
        console_pump()
    od
}

init
{
    atomic { run core(2); run core(2) }
    (_nr_pr == 2);                   /* both cores done printing (uart + init remain) */
    timeout -> assert(ring == 0)     /* quiet: nothing left behind */
}
