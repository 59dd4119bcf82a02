// The Danish label table (see labels.h).
#include "domain/labels.h"

#include "common/csv.h"

namespace fremdrift {

Result<Labels> Labels::Parse(std::string_view csv, std::string_view file) {
  ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(csv, file));
  const int art = doc.Column("art"), id = doc.Column("id"), tekst = doc.Column("tekst");
  if (art < 0 || id < 0 || tekst < 0)
    return InvalidArgument("{}: needs the columns art, id and tekst", file);
  Labels labels;
  for (std::size_t r = 0; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    if (row[art].empty() || row[id].empty() || row[tekst].empty())
      return InvalidArgument("{}:{}: art, id and tekst must not be empty", file,
                             doc.line_numbers[r]);
    if (labels.Find(row[art], row[id]) != nullptr)
      return InvalidArgument("{}:{}: '{}' of '{}' has a label already", file,
                             doc.line_numbers[r], row[id], row[art]);
    labels.Add(row[art], row[id], row[tekst]);
  }
  return labels;
}

Result<Labels> Labels::LoadEmbedded(const ReferenceData* reference) {
  std::string_view csv = EmbeddedFile("labels.csv");
  if (csv.empty()) return Internal("embedded labels table missing");
  ASSIGN_OR_RETURN(Labels labels, Parse(csv, "(embedded) data/reference/labels.csv"));
  if (reference != nullptr) {
    for (const auto& g : reference->groups()) labels.Add("ydelsesgruppe", g.id, g.name);
  }
  return labels;
}

void Labels::Add(std::string kind, std::string id, std::string text) {
  kinds_[std::move(kind)][std::move(id)] = std::move(text);
}

const std::string* Labels::Find(std::string_view kind, std::string_view id) const {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return nullptr;
  auto it = k->second.find(id);
  return it == k->second.end() ? nullptr : &it->second;
}

std::string Labels::Label(std::string_view kind, std::string_view id,
                          std::string_view fallback) const {
  if (const std::string* s = Find(kind, id)) return *s;
  if (const std::string* s = Find("kode", id)) return *s;
  if (!fallback.empty()) return std::string(fallback);
  std::string out(id);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

}  // namespace fremdrift
