// Committee document model helpers (see document.h).
#include "report/document.h"

#include <fmt/format.h>

namespace fremdrift {

std::string AgendaItemHeading(const AgendaItem& item) {
  std::string head = item.number > 0 ? fmt::format("Punkt {}: ", item.number) : "";
  if (!item.kind.empty()) head += item.kind + ": ";
  return head + item.title;
}

}  // namespace fremdrift
