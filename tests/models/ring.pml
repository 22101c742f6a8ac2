/*
 * The channel ring (guests/lib/ring.c): one writer, one reader, two slots,
 * each a seqlock: sequence word (odd while written), two payload words.
 * The writer puts 4 records (so it laps the reader); every payload word of
 * record s is s + 1. Properties: a record the reader accepts is whole (both
 * words of one record) and records are accepted in increasing order, none
 * twice. The reader also survives a writer that rewrites the ring header:
 * its index into the slots uses its own capacity (spin checks every array
 * index and stops at an out-of-bounds one).
 *
 * -DOLD_PROTOCOL: the reader takes the capacity from the header, which the
 * (here hostile) writer may set to any value 1..4 after laying the ring
 * out: spin finds the index outside the two slots, i.e. a read outside
 * the channel (0 would divide by zero).
 */
#define CAP 2
#define RECORDS 4

byte seqw[CAP] = 255;      /* (seq << 1) | odd marker; 255 = empty (odd) */
byte w0[CAP], w1[CAP];
byte head;                 /* records written */
byte hdr_capacity = CAP;   /* the writer's header */

active proctype writer()
{
    byte s;
    for (s : 0 .. RECORDS - 1) {
        seqw[s % CAP] = s * 2 + 1;   /* being written; release fence */
        w0[s % CAP] = s + 1;
        w1[s % CAP] = s + 1;
        seqw[s % CAP] = s * 2;       /* complete (release) */
        head = s + 1                 /* release */
    }
#ifdef OLD_PROTOCOL
    if
    :: hdr_capacity = 1
    :: hdr_capacity = 3
    :: hdr_capacity = 4
    :: skip
    fi
#endif
}

active proctype reader()
{
    byte next, h, before, a, b, last_ok = 255, cap, tries;
    do
    :: next == RECORDS -> break
    :: else ->
#ifdef OLD_PROTOCOL
        cap = hdr_capacity;
#else
        cap = CAP;                   /* from its own configuration */
#endif
        h = head;                    /* acquire */
        if
        :: h == next -> skip         /* nothing new: poll again */
        :: else ->
            if
            :: h - next > cap -> next = h - cap   /* lapped: count the lost, resync */
            :: else -> skip
            fi;
            before = seqw[next % cap];            /* acquire */
            if
            :: before & 1 -> skip                 /* being written: later */
            :: else ->
                a = w0[next % cap];
                b = w1[next % cap];
                /* acquire fence, then the re-check */
                if
                :: before == next * 2 && seqw[next % cap] == before ->
                    assert(a == next + 1 && b == next + 1);   /* whole */
                    assert(last_ok == 255 || next > last_ok); /* in order, once */
                    last_ok = next;
                    next++
                :: else -> skip                   /* overwritten meanwhile: again */
                fi
            fi
        fi
    od
}
