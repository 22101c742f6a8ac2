/* state.c - a number scanner as a state machine over generated text */
#include "minibench.h"

enum { S_START, S_INT, S_FRAC, S_EXP, S_BAD, S_COUNT };

static const char alphabet[] = "0123456789.e-+, x";

mb_u16 mb_state_run(mb_u32 seed)
{
    char text[200];
    int counts[S_COUNT] = {0};
    unsigned i;
    int state = S_START;
    mb_u16 crc = 0;
    for (i = 0; i < sizeof text - 1; i++) {
        seed = seed * 1664525u + 1013904223u;
        text[i] = alphabet[(seed >> 24) % (sizeof alphabet - 1)];
    }
    text[sizeof text - 1] = 0;
    for (i = 0; text[i]; i++) {
        char c = text[i];
        if (c == ',' || c == ' ') {
            counts[state]++;
            state = S_START;
            continue;
        }
        switch (state) {
        case S_START: state = (c >= '0' && c <= '9') || c == '-' ? S_INT : S_BAD; break;
        case S_INT:   state = c == '.' ? S_FRAC : c == 'e' ? S_EXP : (c >= '0' && c <= '9') ? S_INT : S_BAD; break;
        case S_FRAC:  state = c == 'e' ? S_EXP : (c >= '0' && c <= '9') ? S_FRAC : S_BAD; break;
        case S_EXP:   state = (c >= '0' && c <= '9') || c == '+' || c == '-' ? S_EXP : S_BAD; break;
        default:      break;
        }
    }
    for (i = 0; i < S_COUNT; i++)
        crc = mb_crc16(crc, (mb_u32)counts[i]);
    return crc;
}
