// Document builders for the measurement reports: key figures ("Nøgletal på beskæftigelsesområdet",
// as Herning Kommune's Beskæftigelsesudvalg on 22.8.2012 and 24.4.2019), the FSM2 status
// (indicators, payout tier reached and the money at stake) and the quarterly ressourceforløb
// statistics (as on 24.4.2019). They take Tables, so any measurement that returns the documented
// columns can be wired to them.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "finance/grant.h"
#include "finance/payout.h"
#include "report/document.h"
#include "table/suppression.h"

namespace fremdrift {

struct MeetingInfo {
  std::string municipality;  // "Herning Kommune"
  std::string committee;     // "Beskæftigelsesudvalget"
  CivilDate meeting_date;
  std::string case_number;
  std::string recommender = "Direktøren for Social, Sundhed og Beskæftigelse indstiller";
};

// One benefit group's section. `table` holds a series per area: columns `period_column` (text
// "2019-02" or similar), `area_column` (area name) and `value_column` (numeric; unit "pct" gives
// percent sentences).
struct KeyFigureSection {
  std::string heading;         // "Kontant-, uddannelseshjælp og integrationsydelse"
  std::string sentence_label;  // "Andel af arbejdsstyrken"
  Table table;
  std::string period_column = "periode";
  std::string area_column = "omraade";
  std::string value_column = "andel";
  std::string comment;  // optional caseworker text placed before the figures
  // The committee sentences as a measurement wrote them (`measure sammenligning`); when empty
  // they are made by KeyFigureSentences from the table.
  std::vector<std::string> sentences;
  std::string chart_title;  // empty: sentence_label
};

struct KeyFiguresInput {
  MeetingInfo meeting;
  std::string home_area;    // the municipality's own area name in the tables ("Herning")
  std::string period_text;  // "februar 2019": the month reported on
  std::vector<std::string> data_notes;  // how the figures are computed (Datagrundlag)
  std::vector<KeyFigureSection> sections;
  // Counts (full-time persons) under this many persons are not shown in the charts and
  // sentences, which then say "færre end 5 personer" (table/suppression.h); 0: exact figures.
  int min_persons = 0;
  // STAR's benchmark from the imported jobindsats figures (the `benchmark` measurement's table:
  // the municipality's row, the ones just above and below, the top 10 and its average, the rank
  // sentence as its first note). The document always has a benchmark section; without a table
  // or without the municipality's row it says that no benchmark is imported.
  std::optional<Table> benchmark;
  // fremdrift's figures beside jobindsats' (the `afstemning` measurement's table) for the months
  // shown: summarised in a paragraph and appended as a sheet when it has rows.
  std::optional<Table> reconciliation;
};

// The sentence the committee reads, e.g. "Andel af arbejdsstyrken februar 2019: Herning (4,1 %).
// Hele landet (4,4 %)", for the last period in the table; and the comparison in words (lower, on
// level within ±0.1 percentage point, higher) against the other areas and a year earlier.
Result<std::vector<std::string>> KeyFigureSentences(const KeyFigureSection& section,
                                                    const std::string& home_area);

Result<CommitteeDocument> BuildKeyFiguresDocument(const KeyFiguresInput& input);

struct Fsm2Input {
  MeetingInfo meeting;
  Grant grant;
  PayoutRule rule;
  std::vector<MonthValue> payout_indicator;  // share of group 1 in paid hours/education, by month
  Table indicators;  // the monthly indicators, local and national (any columns), shown as is
  std::vector<ChartSpec> charts;  // charts to draw from `indicators`
  // Optional, from the stored grant (cases/grant_payout.h): the payout at each tier with the tier
  // reached marked (replaces the table computed from `rule`), the appropriations by year, the
  // latest month's indicators local and national, and notes on the data.
  Table tier_table;
  Table appropriations;
  std::vector<std::string> appropriation_notes;  // shown under the appropriations ("Kontrol: ...")
  Table latest;
  std::vector<Chart> prebuilt_charts;  // drawn after the charts of `charts`
  std::vector<Table> appendix_tables;  // further sheets of the XLSX appendix
  std::vector<std::string> notes;
  std::string period_text;  // "december 2020": the status month
  // The best month's sentence names "færre end 5 personer" instead of a share when its numerator
  // (the `taeller` of `indicators` in that month) is under this many persons; 0: exact figures.
  int min_persons = 0;
};

Result<CommitteeDocument> BuildFsm2Document(const Fsm2Input& input);

struct ResourceCourseInput {
  MeetingInfo meeting;
  std::string period_text;         // "1. kvartal 2019"
  std::vector<Table> tables;       // quarterly tables (started, ended, ongoing; by age, sex, ...)
  std::vector<Chart> charts;       // drawn after the first table
  std::vector<std::string> notes;  // how the figures are computed
  Table data;                      // the long data table for the appendix (optional)
};

Result<CommitteeDocument> BuildResourceCourseDocument(const ResourceCourseInput& input);

// Applies the discretion of small numbers (table/suppression.h) to every table a committee
// document shows or appends: counts under `min_persons` and what would reveal them become "<5",
// and a suppressed table carries the note "Tal under 5 personer er ikke vist ..." (as a footnote
// in the document, a note in the appendix sheet). `ref` gives the benefit groups' and areas'
// hierarchy (may be null). `min_persons` 0 or 1 leaves the document as it is.
void SuppressDocument(CommitteeDocument& doc, int min_persons, const ReferenceData* ref);

}  // namespace fremdrift
