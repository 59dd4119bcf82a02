// Shares: full-time persons as a percentage of the population and of the labour force of the same
// area and age band (andel), and the gross unemployment rate approximated from the register
// (ledighedsprocent). An area's share comes from its summed numerator and summed denominators.
// Thread-safe: reads immutable inputs.
#pragma once

#include "common/status.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "measure/table.h"

namespace fremdrift {

// period, area, ydelsesgruppe, fuldtidspersoner, befolkning, arbejdsstyrke, andel_befolkning,
// andel_arbejdsstyrke (percent). Shares are empty where the area has no denominator (ukendt).
Result<Table> Andel(const SpellStore& store, const ReferenceData& ref, const Population& pop,
                    const FtpQuery& query);

// period, area, bruttoledige (full-time persons of codes marked bruttoledig), arbejdsstyrke,
// ledighedsprocent. The query's groups are ignored.
Result<Table> Ledighedsprocent(const SpellStore& store, const ReferenceData& ref,
                               const Population& pop, FtpQuery query);

// The note shown with every ledighedsprocent: how it approximates Statistics Denmark's figure.
extern const char kLedighedsprocentNote[];
extern const char kLedighedsprocentNoteShort[];

}  // namespace fremdrift
