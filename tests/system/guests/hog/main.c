/* hog: an SRT task that uses its whole budget every period. */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    printf("hog: burning its budget\n");
    for (;;)
        ;
}
