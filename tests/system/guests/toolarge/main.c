/* toolarge: an image whose .bss does not fit its 256K region with the
 * stack; the build must say so at the region's system.yaml line. */
#include <stdio.h>

char table[300 * 1024];

int main(void)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < sizeof table; i++)
        sum += (unsigned char)table[i];
    printf("toolarge: %u\n", sum);
    return 0;
}
