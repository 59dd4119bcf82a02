// Keyed pseudonyms: HMAC-SHA-256 of a person identifier under a secret key, truncated to 128 bits
// and shown as 32 hex digits. The key is supplied by the operator or generated and kept beside the
// store with owner-only permissions; without it a pseudonym cannot be linked back to a CPR number.
// A Pseudonymizer is immutable after construction and safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift {

using Pseudonym = std::array<std::uint8_t, 16>;

std::string PseudonymToHex(const Pseudonym& p);
Result<Pseudonym> PseudonymFromHex(std::string_view hex);

class Pseudonymizer {
 public:
  explicit Pseudonymizer(std::string key);
  ~Pseudonymizer();
  Pseudonymizer(const Pseudonymizer&) = delete;
  Pseudonymizer& operator=(const Pseudonymizer&) = delete;

  // Pseudonym of an identifier; CPR numbers are normalised (the '-' removed) first.
  Pseudonym Of(std::string_view id) const;

  // Reads a key file (64 hex digits = 32 bytes). Refuses a key file readable by others.
  static Result<std::string> ReadKeyFile(const std::string& path);
  // Creates a new random key file with mode 0600; fails if it exists.
  static Result<std::string> CreateKeyFile(const std::string& path);
  // A new random 32-byte key.
  static Result<std::string> NewRandomKey();
  // Writes `key` to a new file with mode 0600; fails if the file exists.
  static Status WriteKeyFile(const std::string& path, const std::string& key);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fremdrift
