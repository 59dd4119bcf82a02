// Sammenligning: the committee's key figures for one municipality beside its RAR area (region from
// 2025), its region, the whole country and the same period a year earlier, each with the Danish
// sentences of the committee documents ("Herning har i februar 2019 en lavere
// bruttoledighedsprocent end landet som helhed ..." / "Ledighedsprocent februar 2019: Herning
// (3,6%). Hele landet (4,0%)"). Thread-safe: reads immutable inputs.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "table/table.h"

namespace fremdrift {

enum class FigureKind { kShareOfLabourForce, kFullTimePersons };

// One key figure of the catalogue.
struct KeyFigure {
  std::string id;      // "ledighedsprocent"
  std::string label;   // "Ledighedsprocent"; starts the figure line
  std::string phrase;  // used in the sentence: "bruttoledighedsprocent"
  std::string series;  // series id counted
  AgeBand age;
  FigureKind kind = FigureKind::kShareOfLabourForce;
};

// The figures of "Nøgletal på beskæftigelsesområdet" (Herning Kommune's
// Beskæftigelsesudvalg, referat 24.4.2019, punkt 27).
std::vector<KeyFigure> StandardKeyFigures();

struct ComparisonQuery {
  int kommune = 0;  // municipality code
  PeriodKind period = PeriodKind::kMonth;
  MonthIndex from = 0, to = -1;
  std::vector<std::string> figures;     // ids; empty = all standard figures
  int afbrydelse = kDefaultAfbrydelse;  // the forløb break rule of the age rule
  std::size_t threads = 0;
  // The country's top 10 of STAR's benchmark (municipality codes; from imported jobindsats
  // figures) and the benchmark's period in words: when given, the shares gain the column
  // `top10_vaerdi`, the ten municipalities' share (summed numerators over summed denominators),
  // if the store and the population file hold all of them; otherwise a note says why not.
  std::vector<int> top10;
  std::string top10_period;  // "de 12 måneder til og med 4. kvartal 2021"
};

// periode, kommune, noegletal, enhed, kommune_vaerdi, sammenligningsomraade, omraade_vaerdi,
// region_vaerdi, land_vaerdi, [top10_vaerdi,] aaret_foer, aendring, niveau_land, niveau_omraade, tekst, tal_tekst,
// kommune_fuldtidspersoner (the municipality's full-time persons: a share's numerator).
Result<Table> Sammenligning(const SpellStore& store, const ReferenceData& ref,
                            const Population& pop, const ComparisonQuery& query);

}  // namespace fremdrift
