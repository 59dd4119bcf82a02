// Deterministic random numbers for the simulator: SplitMix64 hashing to derive independent streams
// from (seed, keys), and a small xoshiro256** generator per stream. Every person gets its own
// stream, so output does not depend on thread count or scheduling. Value type; not shared.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace fremdrift::sim {

inline std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A hash of a seed and keys: the seed of one independent stream.
inline std::uint64_t StreamKey(std::uint64_t seed, std::initializer_list<std::uint64_t> keys) {
  std::uint64_t h = SplitMix64(seed ^ 0x6672656D64726966ULL);
  for (std::uint64_t k : keys) h = SplitMix64(h ^ SplitMix64(k + 0x1234567ULL));
  return h;
}

// A uniform in [0, 1) from a hash: for draws that must not disturb a stream.
inline double HashUniform(std::uint64_t h) {
  return static_cast<double>(SplitMix64(h) >> 11) * 0x1.0p-53;
}

class Rng {
 public:
  explicit Rng(std::uint64_t key) {
    for (auto& s : s_) {
      key = SplitMix64(key);
      s = key;
    }
  }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Uniform() * static_cast<double>(hi - lo + 1));
  }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace fremdrift::sim
