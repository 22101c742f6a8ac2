/* crc.c - CRC-16/CCITT (0x1021), one 32-bit value at a time, low byte first */
#include "minibench.h"

mb_u16 mb_crc16(mb_u16 crc, mb_u32 value)
{
    int i, b;
    for (b = 0; b < 4; b++) {
        crc ^= (mb_u16)((value & 0xff) << 8);
        value >>= 8;
        for (i = 0; i < 8; i++)
            crc = crc & 0x8000 ? (mb_u16)((crc << 1) ^ 0x1021) : (mb_u16)(crc << 1);
    }
    return crc;
}
