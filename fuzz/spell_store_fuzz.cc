// libFuzzer target for the spell store reader (docs/formats/spell-store.md): the input is written
// to a temporary file and opened as a store — a file full of counts and offsets that Open() checks
// in its header and Verify() checks everywhere. Invariants on what Verify() accepts: every section
// lies inside the file, every person's spell and residence ranges lie inside their columns, spells
// are ordered inside the store's weeks, the pseudonym index finds every person, and the
// municipality index lists only existing persons. Any crash, sanitizer report or broken invariant
// is a bug; crashing inputs go into fuzz/crashes/spell_store/ as regression inputs.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/check.h"
#include "registry/spell_store.h"

using namespace fremdrift;

namespace {

// One temporary file per process, rewritten for every input and removed at exit; in memory
// (/dev/shm) when there is one, which makes the target about 20 times faster than on disk.
const std::string& TempPath() {
  static const std::string* path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string folder = dir && *dir ? dir : access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string p = folder + "/fremdrift-fuzz-XXXXXX";
    int fd = mkstemp(p.data());
    FREMDRIFT_CHECK(fd >= 0);
    close(fd);
    auto* s = new std::string(p);
    std::atexit([] { std::remove(TempPath().c_str()); });
    return s;
  }();
  return *path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = TempPath();
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    FREMDRIFT_CHECK(f != nullptr);
    FREMDRIFT_CHECK(std::fwrite(data, 1, size, f) == size);
    FREMDRIFT_CHECK(std::fclose(f) == 0);
  }
  auto store = SpellStore::Open(path);
  if (!store.ok()) {
    FREMDRIFT_CHECK(!store.status().message().empty());
    return 0;
  }
  FREMDRIFT_CHECK(store->file_size() == size);
  FREMDRIFT_CHECK(store->first_week() <= store->last_week());
  if (!store->Verify().ok()) return 0;

  // A verified store: its columns fit in the file (counts cannot wrap around)...
  const std::uint64_t n = store->person_count();
  const std::uint64_t s = store->spell_count();
  const std::uint64_t r = store->residence_count();
  FREMDRIFT_CHECK(n <= size / 16 && s <= size / 8 && r <= size / 4);
  // ... every person's ranges lie inside them, and every spell is well formed.
  const std::int64_t span = std::int64_t{store->last_week()} - store->first_week();
  for (std::uint64_t i = 0; i < n; ++i) {
    FREMDRIFT_CHECK(store->spell_begin(i) <= store->spell_end(i) && store->spell_end(i) <= s);
    FREMDRIFT_CHECK(store->residence_begin(i) <= store->residence_end(i) &&
                    store->residence_end(i) <= r);
    for (std::uint64_t k = store->spell_begin(i); k < store->spell_end(i); ++k) {
      FREMDRIFT_CHECK(store->spell_start()[k] <= store->spell_last()[k]);
      FREMDRIFT_CHECK(store->spell_last()[k] <= span);
      FREMDRIFT_CHECK(store->spell_code()[k] < 1000);
    }
    for (std::uint64_t k = store->residence_begin(i); k < store->residence_end(i); ++k) {
      (void)store->residence_start()[k];
      (void)store->residence_kommune()[k];
    }
    // The pseudonym index finds every person (pseudonyms are unique in a verified store).
    FREMDRIFT_CHECK(store->FindPerson(store->pseudonym(i)) == static_cast<std::int64_t>(i));
  }
  // The municipality index: ascending persons, each of them existing.
  const KommuneIndex& index = store->kommune_index();
  std::uint64_t listed = 0;
  for (int code = 0; code < KommuneIndex::kCodes; ++code) {
    std::int64_t prev = -1;
    for (std::uint32_t p : index.persons(code)) {
      FREMDRIFT_CHECK(p < n && static_cast<std::int64_t>(p) > prev);
      prev = p;
      ++listed;
    }
  }
  FREMDRIFT_CHECK(listed <= s);
  return 0;
}
