// A fuzz target for testing fuzz/run_fuzz.sh itself (ctest harness_fuzz_abort): it fails a
// FREMDRIFT_CHECK — an abort, as a broken invariant in a real target does — on any input that
// starts with "FZ". libFuzzer finds that within a second; the stored crash in crashes/ is replayed
// first. run_fuzz.sh must then fail with exit status 1 (never 77) and print the stack trace.
#include <cstddef>
#include <cstdint>

#include "common/check.h"

namespace {
bool StartsWithFz(const std::uint8_t* data, std::size_t size) {
  return size >= 2 && data[0] == 'F' && data[1] == 'Z';
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FREMDRIFT_CHECK(!StartsWithFz(data, size));
  return 0;
}
