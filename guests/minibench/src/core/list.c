/* list.c - build a linked list, sort it (insertion), walk it */
#include "minibench.h"

struct node { struct node *next; mb_s32 val; };

static struct node pool[MB_LIST_SIZE];

static struct node *sort(struct node *head)
{
    struct node *out = 0;
    while (head) {
        struct node *n = head, **p = &out;
        head = head->next;
        while (*p && (*p)->val < n->val)
            p = &(*p)->next;
        n->next = *p;
        *p = n;
    }
    return out;
}

mb_u16 mb_list_run(mb_u32 seed)
{
    struct node *head = 0;
    mb_u32 x = seed | 1, i;
    mb_u16 crc = 0;
    for (i = 0; i < MB_LIST_SIZE; i++) {
        x = x * 1103515245u + 12345u;
        pool[i].val = (mb_s32)(x >> 8) % 1000;
        pool[i].next = head;
        head = &pool[i];
    }
    head = sort(head);
    for (; head; head = head->next)
        crc = mb_crc16(crc, (mb_u32)head->val);
    return crc;
}
