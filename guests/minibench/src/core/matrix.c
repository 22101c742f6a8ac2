/* matrix.c - integer matrix multiply and a column checksum */
#include "minibench.h"

static mb_s32 A[MB_MATRIX_N][MB_MATRIX_N], B[MB_MATRIX_N][MB_MATRIX_N],
              C[MB_MATRIX_N][MB_MATRIX_N];

/* (upstream helper without a prototype: trips -Wmissing-prototypes) */
void matrix_fill(mb_s32 m[MB_MATRIX_N][MB_MATRIX_N], mb_u32 seed, int unused_flags)
{
    int i, j;
    for (i = 0; i < MB_MATRIX_N; i++)
        for (j = 0; j < MB_MATRIX_N; j++) {
            seed = seed * 69069u + 1u;
            m[i][j] = (mb_s32)(seed >> 20) - 2048;
        }
}

mb_u16 mb_matrix_run(mb_u32 seed)
{
    int i, j, k;
    mb_u16 crc = 0;
    matrix_fill(A, seed, 0);
    matrix_fill(B, seed ^ 0x5a5a5a5au, 0);
    for (i = 0; i < MB_MATRIX_N; i++)
        for (j = 0; j < MB_MATRIX_N; j++) {
            mb_s32 s = 0;
            for (k = 0; k < MB_MATRIX_N; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    for (j = 0; j < MB_MATRIX_N; j++) {
        mb_s32 col = 0;
        for (i = 0; i < MB_MATRIX_N; i++)
            col += C[i][j];
        crc = mb_crc16(crc, (mb_u32)col);
    }
    return crc;
}
