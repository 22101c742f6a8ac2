/* Console line assembly and the formatter (monitor/core/console.c, fmt.c). */
#include <stdarg.h>
#include "console.h"
#include "unit.h"

struct capture {
    char text[1024];
    int lines;
};

static void capture_emit(const char *prefix, uint32_t prefix_len,
                         const char *text, uint32_t len, void *arg)
{
    struct capture *c = arg;
    size_t n = strlen(c->text);
    memcpy(c->text + n, prefix, prefix_len);
    memcpy(c->text + n + prefix_len, text, len);
    c->text[n + prefix_len + len] = '|';
    c->text[n + prefix_len + len + 1] = '\0';
    c->lines++;
}

TEST(lines_carry_the_prefix)
{
    struct console_line line = {0};
    struct capture c = {{0}, 0};
    console_line_feed(&line, "[a] ", 4, "one\ntw", 6, capture_emit, &c);
    CHECK_EQ_STR(c.text, "[a] one|");
    console_line_feed(&line, "[a] ", 4, "o\r\n", 3, capture_emit, &c);
    CHECK_EQ_STR(c.text, "[a] one|[a] two|");
    CHECK_EQ_INT(c.lines, 2);
}

TEST(control_characters_are_neutralised)
{
    struct console_line line = {0};
    struct capture c = {{0}, 0};
    console_line_feed(&line, "", 0, "a\x1b[2Jb\n", 7, capture_emit, &c);
    CHECK_EQ_STR(c.text, "a?[2Jb|");
}

TEST(long_lines_are_cut)
{
    struct console_line line = {0};
    struct capture c = {{0}, 0};
    char buf[CONSOLE_LINE_MAX + 5];
    memset(buf, 'x', sizeof buf);
    console_line_feed(&line, "", 0, buf, sizeof buf, capture_emit, &c);
    CHECK_EQ_INT(c.lines, 1);
    CHECK_EQ_INT(line.len, 5);
}

TEST(a_bounded_feed_stops_after_its_line_and_says_how_far)
{
    struct console_line line = {0};
    struct capture c = {{0}, 0};
    const char *text = "ab\n\ncd";
    uint32_t n = console_line_feed_some(&line, "", 0, text, 6, capture_emit, &c, 1);
    CHECK_EQ_INT(n, 3);                         /* "ab\n": one line, then stop */
    CHECK_EQ_STR(c.text, "ab|");
    n += console_line_feed_some(&line, "", 0, text + n, 6 - n, capture_emit, &c, 1);
    CHECK_EQ_INT(n, 4);
    n += console_line_feed_some(&line, "", 0, text + n, 6 - n, capture_emit, &c, 1);
    CHECK_EQ_INT(n, 6);                         /* no newline left: all taken */
    CHECK_EQ_STR(c.text, "ab||");
    CHECK_EQ_INT(line.len, 2);
    /* A full buffer counts as a line too. */
    char buf[CONSOLE_LINE_MAX + 5];
    memset(buf, 'x', sizeof buf);
    struct console_line l2 = {0};
    CHECK_EQ_INT(console_line_feed_some(&l2, "", 0, buf, sizeof buf, capture_emit, &c, 1),
                 CONSOLE_LINE_MAX);
}

TEST(formatter)
{
    char buf[64];
    fmt_snprintf(buf, sizeof buf, "%s %u %d %x %08x %c%% %04d", "hi", 42u, -7, 0xabcu, 0x1fu, 'z', -5);
    CHECK_EQ_STR(buf, "hi 42 -7 abc 0000001f z% -005");
    CHECK_EQ_INT(fmt_snprintf(buf, 4, "%s", "abcdef"), 6);
    CHECK_EQ_STR(buf, "abc");
    fmt_snprintf(buf, sizeof buf, "%5d|%-d", -12, 3);
    CHECK_EQ_STR(buf, "  -12|%-d");
}

TEST(byte_ring_keeps_order_and_drops_the_excess)
{
    static struct byte_ring r;
    memset(&r, 0, sizeof r);
    char c;
    CHECK(!byte_ring_get(&r, &c));
    CHECK_EQ_INT(byte_ring_put(&r, "abc", 3), 3);
    CHECK(byte_ring_get(&r, &c) && c == 'a');
    static char big[CONSOLE_RING_SIZE + 10];
    memset(big, 'x', sizeof big);
    CHECK_EQ_INT(byte_ring_put(&r, big, sizeof big), CONSOLE_RING_SIZE - 2);
    CHECK_EQ_INT(r.dropped, 12);
    CHECK(byte_ring_get(&r, &c) && c == 'b');
    CHECK(byte_ring_get(&r, &c) && c == 'c');
    unsigned n = 0;
    while (byte_ring_get(&r, &c))
        n += c == 'x';
    CHECK_EQ_INT(n, CONSOLE_RING_SIZE - 2);
    /* wrapping around the end of the buffer */
    for (unsigned round = 0; round < 3; round++) {
        CHECK_EQ_INT(byte_ring_put(&r, "0123456789", 10), 10);
        for (char want = '0'; want <= '9'; want++)
            CHECK(byte_ring_get(&r, &c) && c == want);
    }
}
