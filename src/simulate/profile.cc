// Profile TOML → figure definitions.
#include "simulate/profile.h"

#include <algorithm>
#include <cstdlib>

#include "simulate/toml_values.h"

namespace fremdrift::sim {

namespace {

void AddGroup(const ReferenceData& ref, std::string_view group, Figure& f) {
  int g = ref.GroupIndex(group);
  for (const auto& c : ref.codes()) {
    if (c.group == g && (!f.bruttoledig_only || c.bruttoledig)) f.codes.set(c.code);
  }
  f.groups.emplace_back(group);
}

// Sets codes for a share/count name; false when unknown.
bool CodesForName(const ReferenceData& ref, const std::string& name, Figure& f) {
  if (name == "ledighedsprocent") {
    f.bruttoledig_only = true;
    for (const auto& c : ref.codes()) {
      if (c.bruttoledig) {
        f.codes.set(c.code);
        const std::string& g = ref.groups()[c.group].id;
        if (std::find(f.groups.begin(), f.groups.end(), g) == f.groups.end()) f.groups.push_back(g);
      }
    }
    return true;
  }
  if (name == "kontant_uddannelse_integration") {
    for (const char* g : {"kontanthjaelp", "uddannelseshjaelp", "integrationsydelse"}) {
      AddGroup(ref, g, f);
    }
    return true;
  }
  if (name == "unge_ledige_under_25") {
    for (const char* g : {"a_dagpenge", "kontanthjaelp", "uddannelseshjaelp"}) AddGroup(ref, g, f);
    f.age_lo = 16;
    f.age_hi = 24;
    return true;
  }
  if (name == "unge_offentlig_forsoergelse") {
    // Every group of offentlig forsørgelse (each person-week once: one code per week), 16-29.
    for (const auto& g : ref.groups()) {
      if (g.offentlig_forsoergelse) AddGroup(ref, g.id, f);
    }
    f.age_lo = 16;
    f.age_hi = 29;
    f.denominator_from_population = true;
    return true;
  }
  if (ref.GroupIndex(name) >= 0) {
    AddGroup(ref, name, f);
    return true;
  }
  return false;
}

// "name_YYYY_MM" → name and month.
bool SplitMonthSuffix(const std::string& key, std::string* name, MonthIndex* month) {
  if (key.size() < 9) return false;
  std::string y = key.substr(key.size() - 7, 4), m = key.substr(key.size() - 2);
  if (key[key.size() - 8] != '_' || key[key.size() - 3] != '_') return false;
  int year = std::atoi(y.c_str()), mon = std::atoi(m.c_str());
  if (year < 1990 || year > 2100 || mon < 1 || mon > 12) return false;
  *name = key.substr(0, key.size() - 8);
  *month = MakeMonth(year, mon);
  return true;
}

}  // namespace

namespace {
Result<Profile> FromValues(const TomlValues& v, const std::string& path, const ReferenceData& ref);
}  // namespace

Result<Profile> LoadProfile(const std::string& path, const ReferenceData& ref) {
  ASSIGN_OR_RETURN(TomlValues v, TomlValues::ParseFile(path));
  return FromValues(v, path, ref);
}

Result<Profile> ParseProfile(std::string_view text, const std::string& origin,
                             const ReferenceData& ref) {
  ASSIGN_OR_RETURN(TomlValues v, TomlValues::Parse(text, origin));
  return FromValues(v, origin, ref);
}

namespace {
Result<Profile> FromValues(const TomlValues& v, const std::string& path, const ReferenceData& ref) {
  Profile p;
  p.path = path;
  ASSIGN_OR_RETURN(double kommune, v.Number("kommune"));
  p.kommune = static_cast<int>(kommune);
  if (ref.MunicipalityIndex(p.kommune) < 0) {
    return InvalidArgument("{}: kommune {} is not in kommuner.csv", path, p.kommune);
  }
  ASSIGN_OR_RETURN(std::string period, v.String("period"));
  auto month = ParseMonthBound(period, false);
  if (!month.ok()) return InvalidArgument("{}: period: {}", path, month.status().message());
  p.month = *month;
  p.tolerance_pct = v.NumberOr("tolerance_pct", 3);
  ASSIGN_OR_RETURN(p.befolkning, v.Number("estimate.befolkning_16_66"));
  ASSIGN_OR_RETURN(p.arbejdsstyrke, v.Number("estimate.arbejdsstyrke_16_66"));
  for (const auto& [key, value] : v.values()) {
    if (key.rfind("published.", 0) != 0) continue;
    std::string rest = key.substr(10);
    if (rest.rfind("national_", 0) == 0) {
      p.ignored.push_back(rest);
      continue;
    }
    if (value.kind != TomlValue::Kind::kNumber) {
      return InvalidArgument("{}: line {}: {} must be a number", path, value.line, key);
    }
    Figure f;
    f.key = rest;
    f.target = value.number;
    f.kommune = p.kommune;
    f.month = p.month;
    f.denominator = p.arbejdsstyrke;
    bool ok = false;
    std::string name;
    MonthIndex m;
    if (rest.rfind("share_of_labour_force.", 0) == 0) {
      f.kind = FigureKind::kShareOfLabourForce;
      ok = CodesForName(ref, rest.substr(22), f);
    } else if (rest.rfind("fuldtidspersoner.", 0) == 0) {
      f.kind = FigureKind::kFtp;
      ok = CodesForName(ref, rest.substr(17), f);
    } else if (SplitMonthSuffix(rest, &name, &m)) {
      f.month = m;
      const std::string ftp_suffix = "_fuldtidspersoner";
      if (name == "ledighedsprocent") {
        f.kind = FigureKind::kShareOfLabourForce;
        ok = CodesForName(ref, name, f);
      } else if (name == "unge_ledige_under_25") {
        f.kind = FigureKind::kFtp;
        ok = CodesForName(ref, name, f);
      } else if (name == "sygedagpengeforloeb_over_26_uger") {
        f.kind = FigureKind::kForloebOver26;
        ok = CodesForName(ref, "sygedagpenge", f);
        f.age_lo = 0;
        f.age_hi = 200;
      } else if (name == "delvis_raskmeldte_pct") {
        f.kind = FigureKind::kPartialPct;
        ok = CodesForName(ref, "sygedagpenge", f);
      } else if (name.size() > ftp_suffix.size() &&
                 name.compare(name.size() - ftp_suffix.size(), ftp_suffix.size(), ftp_suffix) ==
                     0) {
        f.kind = FigureKind::kFtp;
        ok = CodesForName(ref, name.substr(0, name.size() - ftp_suffix.size()), f);
      }
    }
    if (!ok) {
      return InvalidArgument(
          "{}: line {}: published figure '{}' is not one the simulator can calibrate "
          "(docs/simulation.md lists the names)",
          path, value.line, rest);
    }
    p.figures.push_back(std::move(f));
  }
  if (p.figures.empty()) return InvalidArgument("{}: no [published] figures", path);
  return p;
}
}  // namespace

}  // namespace fremdrift::sim
