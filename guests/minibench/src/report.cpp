// report.cpp - result formatting (C++, no exceptions, no RTTI)
#include <cstdio>
#include "minibench.h"

namespace {

class Rate {
public:
    Rate(mb_u32 iterations, mb_u32 ticks, mb_u32 hz) : it_(iterations), ticks_(ticks), hz_(hz) {}
    // iterations per second, times 1000 (three decimals without floating point)
    unsigned long long milli_per_sec() const
    {
        return ticks_ ? (unsigned long long)it_ * hz_ * 1000ull / ticks_ : 0ull;
    }
private:
    mb_u32 it_, ticks_, hz_;
};

struct Banner {
    Banner() { std::printf("minibench: C++ static constructor ran\n"); }
};
Banner banner;    // needs the runtime to run constructors

}  // namespace

extern "C" void mb_report(const char *name, mb_u32 iterations, mb_u32 ticks, mb_u32 hz,
                          mb_u16 crc)
{
    Rate r(iterations, ticks, hz);
    unsigned long long m = r.milli_per_sec();
    std::printf("minibench: %s: %u iterations in %u ticks (%u Hz): %llu.%03llu iter/s, "
                "crc 0x%04x\n", name, iterations, ticks, hz, m / 1000, m % 1000, crc);
}
