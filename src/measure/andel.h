// Shares: full-time persons as a percentage of the population and of the labour force of the same
// area and age band (andel), and the gross unemployment rate approximated from the register
// (ledighedsprocent). An area's share comes from its summed numerator and summed denominators.
// Thread-safe: reads immutable inputs.
#pragma once

#include "common/status.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "table/table.h"

namespace fremdrift {

// periode, omraade, ydelsesgruppe, fuldtidspersoner, befolkning, arbejdsstyrke, andel_befolkning,
// andel_arbejdsstyrke (percent). Shares are empty where the area has no denominator (ukendt).
Result<Table> Andel(const SpellStore& store, const ReferenceData& ref, const Population& pop,
                    const FtpQuery& query);

// periode, omraade, bruttoledige (full-time persons of codes marked bruttoledig), arbejdsstyrke,
// ledighedsprocent. The query's groups are ignored.
Result<Table> Ledighedsprocent(const SpellStore& store, const ReferenceData& ref,
                               const Population& pop, FtpQuery query);

// Shares of an area the population file covers only in part (Population::Value's covered <
// municipalities) count its covered municipalities on both sides of the fraction. Their
// full-time persons come from the query's cube by municipality (ByKommune: the same query at
// municipality level, every municipality); CoveredFuldtidspersoner sums them for one period and
// series of that cube; PartialCoverageNote says so on the table ("tal og andele", "andelene").
FtpQuery ByKommune(FtpQuery query);
double CoveredFuldtidspersoner(const FtpCube& by_kommune, const Population::Value& den,
                               std::size_t period, std::size_t series);
std::string PartialCoverageNote(const std::string& area, int covered, int municipalities,
                                std::string_view what);

// The note shown with every ledighedsprocent: how it approximates Statistics Denmark's figure.
extern const char kLedighedsprocentNote[];
extern const char kLedighedsprocentNoteShort[];

}  // namespace fremdrift
