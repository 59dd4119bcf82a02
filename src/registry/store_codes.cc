#include "registry/store_codes.h"

#include <fmt/format.h>

namespace fremdrift {

Result<ReferenceData> ReferenceForStore(const ReferenceData& ref, const SpellStore& store,
                                        std::string_view store_name) {
  if (store.code_list().empty() || store.code_list() == ref.codes_csv()) return ref;
  auto out = ref.WithCodes(store.code_list(),
                           fmt::format("{} (the code list its ingest read)", store_name));
  if (!out.ok()) {
    return Status(out.status().code(),
                  fmt::format("{}; ingest the register again with a code list whose groups exist",
                              out.status().message()));
  }
  return out;
}

Result<ReferenceData> ReferenceForStorePath(const ReferenceData& ref,
                                            const std::string& store_path) {
  if (store_path.empty()) return ref;
  auto store = SpellStore::Open(store_path);
  if (!store.ok()) return store.status().WithContext("--store");
  return ReferenceForStore(ref, *store, store_path);
}

}  // namespace fremdrift
