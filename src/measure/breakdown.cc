// Breakdowns (see breakdown.h).
#include "measure/breakdown.h"

#include <algorithm>
#include <set>

#include "domain/cpr.h"
#include "table/vocabulary.h"

namespace fremdrift {

std::vector<AgeBand> StandardAgeBands(const AgeBand& band) {
  // Lower edges of the standard bands: ..., 16, 20, 25, ..., 65, 67 (67 and up is one band).
  std::vector<int> edges = {0, 16};
  for (int a = 20; a <= 65; a += 5) edges.push_back(a);
  edges.push_back(67);
  std::vector<AgeBand> out;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const int lo = std::max(edges[i], band.min);
    const int hi = std::min(i + 1 < edges.size() ? edges[i + 1] - 1 : 130, band.max);
    if (lo <= hi) out.push_back(AgeBand{lo, hi, false});
  }
  return out;
}

namespace {

constexpr char kIAlt[] = "i_alt";

Result<Breakdown> PlanOne(const SpellStore& st, const FtpQuery& q, const std::string& name) {
  Breakdown b;
  b.dimension = name;
  auto part = [&](std::string kategori) {
    BreakdownPart p{std::move(kategori), q};
    return p;
  };
  if (name == kBreakdownKoen) {
    for (auto [kategori, sex] : {std::pair<const char*, Sex>{"mand", Sex::kMan},
                                 {"kvinde", Sex::kWoman},
                                 {"ukendt", Sex::kUnknown}}) {
      BreakdownPart p = part(kategori);
      p.query.subset.sex = static_cast<int>(sex);
      b.parts.push_back(std::move(p));
    }
    b.notes.push_back(
        "Køn efter CPR-nummerets sidste ciffer (ulige: mand) eller registerets kolonne 'koen'.");
    return b;
  }
  if (name == kBreakdownAlder) {
    if (q.age.all) {
      return InvalidArgument("by: alder needs an age band (age), not 'all'");
    }
    for (const AgeBand& band : StandardAgeBands(q.age)) {
      BreakdownPart p = part(band.Label());
      p.query.age = band;
      p.query.subset.age_part = true;
      b.parts.push_back(std::move(p));
    }
    b.notes.push_back(
        "Alder som i aldersgruppen: på forløbets sidste dag, hvis forløbet slutter i perioden, "
        "ellers på periodens sidste dag.");
    return b;
  }
  if (name == kBreakdownVisitation) {
    for (auto [kategori, v] :
         {std::pair<const char*, Visitation>{"jobparat", Visitation::kJobparat},
          {"aktivitetsparat", Visitation::kAktivitetsparat},
          {"uden", Visitation::kUden}}) {
      BreakdownPart p = part(kategori);
      p.query.subset.visitation = v;
      b.parts.push_back(std::move(p));
    }
    b.notes.push_back(
        "Visitationskategori efter ydelseskodens matchkategori (jobparat eller "
        "aktivitetsparat; 'uden' er koder uden matchkategori, fx dagpenge og sygedagpenge). "
        "En person med begge kategorier i perioden tæller som person i begge.");
    return b;
  }
  const int a = st.AttributeIndex(name);
  if (a >= 0) {
    // The values in the store's order (herkomst: its three categories), then blank as ukendt.
    const auto& values = st.attribute_values(a);
    for (std::size_t k = 1; k <= values.size() + 1; ++k) {
      const std::size_t c = k % (values.size() + 1);
      BreakdownPart p = part(c == 0 ? std::string("ukendt") : values[c - 1]);
      p.query.subset.attribute = a;
      p.query.subset.attribute_code = static_cast<int>(c);
      b.parts.push_back(std::move(p));
    }
    if (name == kBreakdownHerkomst) {
      b.notes.push_back(
          "Herkomst efter registerudtrækkets kolonne 'herkomst' som Danmarks Statistik: personer "
          "med dansk oprindelse, indvandrere og efterkommere fra vestlige lande og fra "
          "ikke-vestlige lande (uden værdi: 'ukendt').");
    } else {
      b.notes.push_back(fmt::format(
          "Fordelt efter registerudtrækkets kolonne '{}' (uden værdi: 'ukendt').", name));
    }
    return b;
  }
  if (name == kBreakdownHerkomst) {
    // An extract without a herkomst column: everyone is ukendt.
    b.parts.push_back(part("ukendt"));
    b.notes.push_back(
        "Registerudtrækket har ingen kolonne 'herkomst', så alle personer har herkomst "
        "'ukendt'.");
    return b;
  }
  std::string kept;
  for (int i = 0; i < st.attribute_count(); ++i) {
    if (st.attribute_name(i) != kBreakdownHerkomst) kept += ", " + st.attribute_name(i);
  }
  return InvalidArgument(
      "by: '{}' is not a breakdown: koen, alder, herkomst, visitation{} (a background column "
      "is kept with `fremdrift ingest --keep-column`)",
      name.size() > 40 ? name.substr(0, 40) : name, kept);
}

}  // namespace

Result<std::vector<Breakdown>> PlanBreakdowns(const SpellStore& st, const FtpQuery& q,
                                              const std::vector<std::string>& by) {
  std::vector<Breakdown> out;
  std::set<std::string> seen;
  for (const auto& name : by) {
    if (!seen.insert(name).second) continue;
    ASSIGN_OR_RETURN(Breakdown b, PlanOne(st, q, name));
    out.push_back(std::move(b));
  }
  return out;
}

Result<Table> WithBreakdowns(const SpellStore& st, const FtpQuery& q,
                             const std::vector<std::string>& by, const MeasureFn& fn) {
  if (by.empty()) return fn(q);
  ASSIGN_OR_RETURN(std::vector<Breakdown> plan, PlanBreakdowns(st, q, by));
  ASSIGN_OR_RETURN(Table total, fn(q));
  // The new columns follow the leading dimension columns.
  const auto& cols = total.columns();
  std::size_t at = 0;
  while (at < cols.size() && cols[at].role == ColumnRole::kDimension) ++at;
  std::vector<Column> out_cols(cols.begin(), cols.begin() + at);
  out_cols.push_back({"dimension", ColumnType::kString, ColumnRole::kDimension, "", "Fordeling"});
  out_cols.push_back({"kategori", ColumnType::kString, ColumnRole::kDimension, "", "Kategori"});
  out_cols.insert(out_cols.end(), cols.begin() + at, cols.end());
  Table out(std::move(out_cols));
  out.title = total.title;
  std::vector<std::string> dims;
  for (std::size_t c = 0; c < at; ++c) dims.push_back(cols[c].name);

  std::vector<Note> notes;
  // The total's notes, and of the parts' only what they lack or substitute (their other notes
  // repeat the total's with the part's age band).
  auto add = [&](const Table& t, const std::string& dimension, const std::string& kategori) {
    const bool part = dimension != kIAlt;
    for (const auto& row : t.rows()) {
      std::vector<Cell> r(row.begin(), row.begin() + at);
      r.push_back(dimension);
      r.push_back(kategori);
      r.insert(r.end(), row.begin() + at, row.end());
      out.AddRow(std::move(r));
    }
    for (std::size_t i = 0; i < t.notes().size(); ++i) {
      Note n = t.note(i);
      if (part && (n.kind == NoteKind::kInfo || n.kind == NoteKind::kRule)) continue;
      if (std::find(notes.begin(), notes.end(), n) == notes.end()) notes.push_back(std::move(n));
    }
  };
  add(total, kIAlt, kIAlt);
  std::vector<std::string> names;
  for (const Breakdown& b : plan) {
    for (const BreakdownPart& part : b.parts) {
      ASSIGN_OR_RETURN(Table t, fn(part.query));
      add(t, b.dimension, part.kategori);
    }
    for (const auto& n : b.notes) notes.push_back({NoteKind::kInfo, n});
    names.push_back(b.dimension);
  }
  out.SortBy(dims);
  std::string joined;
  for (std::size_t i = 0; i < names.size(); ++i) {
    joined += (i == 0 ? "" : i + 1 == names.size() ? " og " : ", ") + names[i];
  }
  out.AddNote(fmt::format(
      "Fordelt efter {}: rækkerne med dimension 'i_alt' er i alt; hver fordelings rækker "
      "summerer til i alt-rækken (personer kan i sjældne tilfælde tælle i to kategorier af "
      "alder eller visitation i samme periode).",
      joined));
  for (auto& n : notes) out.AddNote(std::move(n));
  return out;
}

}  // namespace fremdrift
