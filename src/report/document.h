// Committee document model: an agenda item ("punkt") as the Danish committee minutes lay it out
// (case number, title, sagsresume, sagsfremstilling with paragraphs, tables and charts,
// indstilling, beslutning, bilag), and a document of such items with its meeting header. The PDF
// and HTML renderers draw this model; report builders fill it from Tables.
// Thread-safety: value types.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "domain/date.h"
#include "table/table.h"
#include "report/chart.h"

namespace fremdrift {

// How one table row is drawn: indentation level, emphasis, and a rule above it.
struct RowStyle {
  int indent = 0;
  bool bold = false;
  bool italic = false;
  bool rule_above = false;
};

struct Heading {
  std::string text;
};
struct Paragraph {
  std::string text;
  bool bold = false;
};
struct BulletList {
  std::vector<std::string> items;
};
struct TableBlock {
  std::string caption;               // "Tabel 1: Forventet regnskab for ..."
  Table table;                       // column labels, units and decimals come from the Table
  std::vector<RowStyle> row_styles;  // empty or one per row
  std::string first_header;          // text above the first column ("Årets priser, ...")
  std::vector<std::string> footnotes;
};
struct ChartBlock {
  std::string caption;  // "Figur 1: ..."
  Chart chart;
};
using Block = std::variant<Heading, Paragraph, BulletList, TableBlock, ChartBlock>;

// A named section after the case presentation ("Økonomi/Personaleforhold", "Retsgrundlag").
struct Section {
  std::string title;
  std::vector<Block> blocks;
};

struct Appendix {
  std::string title;          // "Bilag 1: Nøgletal april 2019" is drawn from number + title
  std::vector<Table> tables;  // written to the XLSX appendix, one sheet each
};

struct AgendaItem {
  int number = 0;              // "Punkt 2"
  std::string kind;            // "Orientering" or "Beslutning"
  std::string title;           // "Månedlig afrapportering på forventet regnskab - september 2019"
  std::string case_number;     // "19/9394"
  std::string decided_in;      // "Social- og Beskæftigelsesudvalget"
  std::vector<Block> summary;  // Sagsresume
  std::vector<Block> presentation;  // Sagsfremstilling
  std::vector<Section> sections;    // further sections, in order
  std::string recommender;  // "Direktøren for Social, Sundhed og Beskæftigelse indstiller"
  std::vector<std::string> recommendations;  // each starts with "at ..."
  std::string decision;                      // empty in an agenda (not yet decided)
  std::vector<Appendix> appendices;
};

struct CommitteeDocument {
  std::string municipality;        // "Herning Kommune"
  std::string committee;           // "Beskæftigelsesudvalget"
  std::string kind = "Dagsorden";  // or "Referat"
  CivilDate meeting_date;
  std::string meeting_place;
  std::vector<AgendaItem> items;
};

// "Punkt 2: Orientering: Månedlig ..." (the kind is left out when empty).
std::string AgendaItemHeading(const AgendaItem& item);

}  // namespace fremdrift
