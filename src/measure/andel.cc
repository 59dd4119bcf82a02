// Shares and the gross unemployment rate (see andel.h).
#include "measure/andel.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "measure/period_grid.h"
#include "table/vocabulary.h"

namespace fremdrift {

const char kLedighedsprocentNote[] =
    "Ledighedsprocenten er beregnet af fremdrift fra ydelsesregistret: fuldtidspersoner med "
    "ydelseskoder markeret som bruttoledige (dagpenge og jobparate kontant- og "
    "uddannelseshjælpsmodtagere, inkl. aktiverede og løntilskud) i procent af arbejdsstyrken "
    "16-66 år. Danmarks Statistiks bruttoledighed opgøres efter andre kilder og afgrænsninger og "
    "kan afvige en smule.";

const char kLedighedsprocentNoteShort[] =
    "Ledighedsprocenten er fremdrifts tilnærmelse fra ydelsesregistret (bruttoledige "
    "fuldtidspersoner / arbejdsstyrken 16-66 år), ikke Danmarks Statistiks opgørelse.";

namespace {

// Denominators per (period, area), with notes on substituted years.
struct Denominators {
  std::vector<std::vector<std::optional<Population::Value>>> values;  // [p][a]
  std::set<std::pair<int, int>> substitutions;                        // (asked, used)
  std::map<std::string, std::pair<int, int>> partial;  // area label -> (covered, municipalities)
  std::optional<FtpCube> by_kommune;  // with partial areas: the numerators per municipality
  std::optional<std::string> missing;  // why a breakdown part's shares are empty
};

// Why a part of a breakdown has no denominator, in Danish, from the population file's answer.
std::string MissingDenominatorNote(const FtpQuery& q) {
  if (q.subset.attribute >= 0) {
    return "Befolkningsfilen har ingen tal efter baggrundsvariablen, så andelene for den "
           "fordeling er tomme.";
  }
  if (q.subset.sex == 0) {
    return "Andele for personer med ukendt køn er tomme: befolkningen er ikke opgjort for dem.";
  }
  if (q.subset.sex > 0) {
    return "Befolkningsfilen har ingen tal efter køn (en kolonne 'koen'), så andelene efter køn "
           "er tomme.";
  }
  return "Befolkningsfilens aldersgrupper kan ikke danne fordelingens aldersgrupper, så andelene "
         "efter alder er tomme.";
}

Result<Denominators> Lookup(const SpellStore& store, const ReferenceData& ref, const FtpQuery& q,
                            const FtpCube& cube, const Areas& areas, const Population& pop,
                            const AgeBand& band) {
  Denominators d;
  d.values.resize(cube.periods.size());
  // A background value's part: the population file has no such figures.
  if (q.subset.attribute >= 0) {
    for (auto& row : d.values) row.assign(cube.area_ids.size(), std::nullopt);
    d.missing = MissingDenominatorNote(q);
    return d;
  }
  for (size_t p = 0; p < cube.periods.size(); ++p) {
    const int year = YearOfMonth(FirstMonth(cube.periods[p]));
    for (int id : cube.area_ids) {
      auto v = pop.For(areas, id, year, band, q.subset.sex);
      // A part of a breakdown the file has no figures for keeps its full-time persons and has
      // empty shares, with a note saying why.
      if (!v.ok() && q.subset.any() &&
          (v.status().code() == StatusCode::kFailedPrecondition ||
           v.status().code() == StatusCode::kInvalidArgument)) {
        d.missing = MissingDenominatorNote(q);
        d.values[p].push_back(std::nullopt);
        continue;
      }
      if (!v.ok() && v.status().code() != StatusCode::kNotFound) return v.status();
      if (v.ok() && v->substituted) d.substitutions.insert({year, v->year_used});
      if (v.ok() && v->covered < v->municipalities) {
        d.partial[areas.Label(id)] = {v->covered, v->municipalities};
      }
      d.values[p].push_back(v.ok() ? std::optional<Population::Value>(*v) : std::nullopt);
    }
  }
  if (!d.partial.empty()) {
    // A partly covered area's share counts the covered municipalities on both sides of the
    // fraction: their full-time persons come from a cube by municipality.
    ASSIGN_OR_RETURN(d.by_kommune, ComputeFtpCube(store, ref, ByKommune(q)));
  }
  return d;
}

// Full-time persons of the numerator: the area's own, or for an area the population file covers
// in part, the sum over its covered municipalities.
double Numerator(const FtpCube& cube, const Denominators& d, std::size_t p, std::size_t a,
                 std::size_t g) {
  const auto& den = d.values[p][a];
  if (!den || den->covered == den->municipalities || !d.by_kommune) {
    return cube.Fuldtidspersoner(p, a, g);
  }
  return CoveredFuldtidspersoner(*d.by_kommune, *den, p, g);
}

void AddSubstitutionNotes(Table& t, const Denominators& d) {
  // An area the population file covers in part (a simulation of some municipalities, or a file
  // cut to a region): its denominator is the covered municipalities' only, so say so.
  for (const auto& [area, counts] : d.partial) {
    t.AddNote(PartialCoverageNote(area, counts.first, counts.second, "tal og andele"),
              NoteKind::kPartialCoverage);
  }
  for (const auto& [asked, used] : d.substitutions) {
    t.AddNote(fmt::format("Befolkning og arbejdsstyrke for {} findes ikke i befolkningsfilen; "
                          "tallene for {} er brugt.",
                          asked, used),
              NoteKind::kSubstitution);
  }
}

Cell Share(double numerator, double denominator) {
  if (denominator <= 0) return std::monostate{};
  return 100.0 * numerator / denominator;
}

}  // namespace

FtpQuery ByKommune(FtpQuery q) {
  q.levels = {AreaLevel::kKommune};
  q.kommuner.clear();
  return q;
}

double CoveredFuldtidspersoner(const FtpCube& by_kommune, const Population::Value& den,
                               std::size_t period, std::size_t series) {
  double sum = 0;
  for (int id : den.covered_municipalities) {
    auto it = std::find(by_kommune.area_ids.begin(), by_kommune.area_ids.end(), id);
    if (it != by_kommune.area_ids.end()) {
      sum += by_kommune.Fuldtidspersoner(period, it - by_kommune.area_ids.begin(), series);
    }
  }
  return sum;
}

std::string PartialCoverageNote(const std::string& area, int covered, int municipalities,
                                std::string_view what) {
  return fmt::format(
      "Befolkningsfilen har tal for {} af de {} kommuner i {}; {} for {} gælder "
      "kun de {} kommuner.",
      covered, municipalities, area, what, area, covered);
}

Result<Table> Andel(const SpellStore& store, const ReferenceData& ref, const Population& pop,
                    const FtpQuery& q) {
  if (q.age.all) return InvalidArgument("--age: shares need an age band (e.g. 16-66)");
  ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(store, ref, q));
  Areas areas(ref);
  ASSIGN_OR_RETURN(Denominators d, Lookup(store, ref, q, cube, areas, pop, q.age));
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {col::kYdelsesgruppe, ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"fuldtidspersoner", ColumnType::kNumber, ColumnRole::kValue, "fuldtidspersoner",
       "Fuldtidspersoner", 6},
      {"befolkning", ColumnType::kNumber, ColumnRole::kValue, "personer", "Befolkning", 0},
      {"arbejdsstyrke", ColumnType::kNumber, ColumnRole::kValue, "personer", "Arbejdsstyrke", 0},
      {"andel_befolkning", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel af befolkningen",
       6},
      {"andel_arbejdsstyrke", ColumnType::kNumber, ColumnRole::kValue, "pct",
       "Andel af arbejdsstyrken", 6},
  });
  t.title = fmt::format("Andel af befolkning og arbejdsstyrke, {} år", q.age.Label());
  for (size_t p = 0; p < cube.periods.size(); ++p) {
    const std::string period = FormatPeriod(cube.periods[p]);
    for (size_t a = 0; a < cube.area_ids.size(); ++a) {
      const auto& den = d.values[p][a];
      for (int g = 0; g < cube.group_count; ++g) {
        if (cube.persons[cube.Index(p, a, g)] == 0) continue;
        const double ftp = Numerator(cube, d, p, a, g);
        t.AddRow({period, areas.Label(cube.area_ids[a]), cube.series[g], ftp,
                  den ? Cell(den->befolkning) : Cell(), den ? Cell(den->arbejdsstyrke) : Cell(),
                  den ? Share(ftp, den->befolkning) : Cell(),
                  den ? Share(ftp, den->arbejdsstyrke) : Cell()});
      }
    }
  }
  t.SortBy({col::kPeriode, col::kOmraade, col::kYdelsesgruppe});
  t.AddNote(
      fmt::format("Andele = 100 × fuldtidspersoner {} år / befolkning eller arbejdsstyrke {} "
                  "år i samme område; områders andele beregnes af summerede tællere og "
                  "nævnere.",
                  q.age.Label(), q.age.Label()));
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (auto note = PreliminaryNote(store, cube.periods)) t.AddNote(std::move(*note));
  AddSubstitutionNotes(t, d);
  if (d.missing) t.AddNote(*d.missing, NoteKind::kMissingData);
  return t;
}

Result<Table> Ledighedsprocent(const SpellStore& store, const ReferenceData& ref,
                               const Population& pop, FtpQuery q) {
  if (q.age.all) return InvalidArgument("--age: the unemployment rate needs an age band");
  q.groups = {std::string(kBruttoledig)};
  ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(store, ref, q));
  Areas areas(ref);
  ASSIGN_OR_RETURN(Denominators d, Lookup(store, ref, q, cube, areas, pop, q.age));
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {"bruttoledige", ColumnType::kNumber, ColumnRole::kValue, "fuldtidspersoner",
       "Bruttoledige (fuldtidspersoner)", 6},
      {"arbejdsstyrke", ColumnType::kNumber, ColumnRole::kValue, "personer", "Arbejdsstyrke", 0},
      {"ledighedsprocent", ColumnType::kNumber, ColumnRole::kValue, "pct", "Ledighedsprocent", 6},
  });
  t.title = "Bruttoledighedsprocent";
  for (size_t p = 0; p < cube.periods.size(); ++p) {
    for (size_t a = 0; a < cube.area_ids.size(); ++a) {
      const auto& den = d.values[p][a];
      if (!den) continue;  // ukendt: no labour force
      const double ftp = Numerator(cube, d, p, a, 0);
      t.AddRow({FormatPeriod(cube.periods[p]), areas.Label(cube.area_ids[a]), ftp,
                den->arbejdsstyrke, Share(ftp, den->arbejdsstyrke)});
    }
  }
  t.SortBy({col::kPeriode, col::kOmraade});
  t.AddNote(kLedighedsprocentNote);
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (auto note = PreliminaryNote(store, cube.periods)) t.AddNote(std::move(*note));
  AddSubstitutionNotes(t, d);
  return t;
}

}  // namespace fremdrift
