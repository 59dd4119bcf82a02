// The benefit code list a spell store is measured with. Ingest keeps the code list it read (the
// data folder's, --codes FILE, or the built-in one) in the store (format version 5), so that the
// store's codes are grouped as they were checked, whatever list the measuring command would
// otherwise read. Pure functions of their inputs.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/reference.h"
#include "registry/spell_store.h"

namespace fremdrift {

// `ref` with its code list replaced by the one `store` keeps, when the store keeps one and it
// differs from ref's; else `ref` unchanged. `store_name` names the store in errors and in
// codes_origin().
Result<ReferenceData> ReferenceForStore(const ReferenceData& ref, const SpellStore& store,
                                        std::string_view store_name);

// The same for the store at `store_path`; `ref` unchanged when the path is empty.
Result<ReferenceData> ReferenceForStorePath(const ReferenceData& ref,
                                            const std::string& store_path);

}  // namespace fremdrift
