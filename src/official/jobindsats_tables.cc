// The jobindsats tables fremdrift understands (jobindsats_tables.h).
#include "official/jobindsats_tables.h"

#include <algorithm>
#include <cctype>

namespace fremdrift::official {

const std::vector<JobindsatsTable>& JobindsatsTables() {
  // Breakdown columns: every benefit table has Køn and Herkomst; some add their own.
  static const std::vector<JobindsatsTable> tables = {
      {"Y01A02", TableKind::kBenefit, "a_dagpenge", "A-dagpenge", {"Køn", "Herkomst", "Alder"}},
      {"Y04A02", TableKind::kBenefit, "revalidering", "Revalidering", {"Køn", "Herkomst"}},
      {"Y07A02", TableKind::kBenefit, "sygedagpenge", "Sygedagpenge",
       {"Køn", "Herkomst", "Status før"}},
      {"Y08A02", TableKind::kBenefit, "fleksjob", "Fleksjob", {"Køn", "Herkomst"}},
      {"Y09A02", TableKind::kBenefit, "ledighedsydelse", "Ledighedsydelse", {"Køn", "Herkomst"}},
      {"Y10A02", TableKind::kBenefit, "efterloen", "Tilbagetrækningsydelser", {"Køn", "Herkomst"}},
      {"Y11A02", TableKind::kBenefit, "ressourceforloeb", "Ressourceforløb", {"Køn", "Herkomst"}},
      {"Y12A02", TableKind::kBenefit, "jobafklaring", "Jobafklaringsforløb", {"Køn", "Herkomst"}},
      {"Y36A02", TableKind::kBenefit, "kontanthjaelp", "Kontanthjælp",
       {"Køn", "Herkomst", "Visitationskategori"}},
      {"Y38A02", TableKind::kBenefit, "uddannelseshjaelp", "Uddannelseshjælp",
       {"Køn", "Herkomst", "Visitationskategori"}},
      {"PTVA02", TableKind::kBenefit, "offentlig_forsoergelse", "Offentligt forsørgede",
       {"Køn", "Herkomst", "Alder", "Ydelsesgrupper"}},
      {"Y30R21", TableKind::kBenchmark, "",
       "Forventet og faktisk antal og andel fuldtidspersoner på offentlig forsørgelse",
       {"Ydelsesgrupper"}},
  };
  return tables;
}

Result<const JobindsatsTable*> FindJobindsatsTable(std::string_view id) {
  std::string upper(id);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const JobindsatsTable& t : JobindsatsTables()) {
    if (t.id == upper) return &t;
  }
  std::string known;
  for (const JobindsatsTable& t : JobindsatsTables()) {
    known += (known.empty() ? "" : ", ") + std::string(t.id);
  }
  return InvalidArgument("'{}' is not a jobindsats table fremdrift knows ({})",
                         id.substr(0, 40), known);
}

const std::vector<MeasureColumn>& MeasureColumns(TableKind kind) {
  static const std::vector<MeasureColumn> benefit = {
      {"Antal personer", "personer", false},
      {"Antal fuldtidspersoner", "fuldtidspersoner", true},
      {"Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år", "andel_arbejdsstyrke", false},
      {"Fuldtidspersoner i pct. af befolkningen 16-66 år", "andel_befolkning", false},
  };
  static const std::vector<MeasureColumn> benchmark = {
      {"Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forventet antal",
       "forventet_antal", true},
      {"Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Faktisk antal",
       "faktisk_antal", true},
      {"Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forskel mellem "
       "forventet og faktisk antal",
       "forskel_antal", false},
      {"Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forventet andel "
       "(pct.)",
       "forventet_andel", true},
      {"Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Faktisk andel "
       "(pct.)",
       "faktisk_andel", true},
      {"Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forskel mellem "
       "forventet og faktisk andel (pct. point)",
       "forskel_andel", false},
      {"Placering på benchmarkranglisten", "placering", true},
  };
  return kind == TableKind::kBenefit ? benefit : benchmark;
}

namespace {
struct GroupName {
  std::string_view label, id;
};
constexpr GroupName kBenchmarkGroups[] = {
    {"Ydelsesgrupper i alt", "alle"},
    {"A-dagpenge mv.", "a_dagpenge"},
    {"Sygedagpenge mv.", "sygedagpenge"},
    {"Kontanthjælp mv.", "kontanthjaelp"},
};
}  // namespace

std::string_view BenchmarkGroup(std::string_view label) {
  for (const GroupName& g : kBenchmarkGroups) {
    if (g.label == label) return g.id;
  }
  return {};
}

const std::vector<std::string_view>& BenchmarkGroupIds() {
  static const std::vector<std::string_view> ids = [] {
    std::vector<std::string_view> v;
    for (const GroupName& g : kBenchmarkGroups) v.push_back(g.id);
    return v;
  }();
  return ids;
}

const std::vector<std::string_view>& BenchmarkGroupLabels() {
  static const std::vector<std::string_view> labels = [] {
    std::vector<std::string_view> v;
    for (const GroupName& g : kBenchmarkGroups) v.push_back(g.label);
    return v;
  }();
  return labels;
}

}  // namespace fremdrift::official
