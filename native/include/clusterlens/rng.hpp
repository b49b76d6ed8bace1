// Seeded random numbers with the same bits on every platform (std:: distributions are not).
#pragma once
#include <cmath>
#include <cstdint>

#include "clusterlens/portable_math.hpp"

namespace clusterlens {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  // splitmix64: a full-period 64-bit generator, good enough for initialisation and sampling
  uint64_t next_u64() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // uniform in [0, 1) with 53 random bits
  double uniform() { return (next_u64() >> 11) * (1.0 / 9007199254740992.0); }

  // standard normal by Box-Muller; the second value is discarded to keep the stream simple. log and cos are the
  // portable ones (the C library's differ by CPU); sqrt is exactly rounded everywhere.
  double normal() {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * portable_log(u1)) * portable_cos(6.283185307179586 * u2);
  }

 private:
  uint64_t state_;
};

}  // namespace clusterlens
