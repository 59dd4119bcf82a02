// Budget follow-up document (see budget_report.h).
#include "report/budget_report.h"

#include <fmt/format.h>

#include <cstdlib>

#include "table/danish_format.h"

namespace fremdrift {
namespace {

// "1.175.660.000 kr." from kroner.
std::string Kr(std::int64_t kroner) { return FormatDanishKroner(kroner); }

std::string Possessive(const std::string& name) {
  if (name.empty()) return name;
  char last = name.back();
  return (last == 's' || last == 'x' || last == 'z') ? name + "'" : name + "s";
}

}  // namespace

TableBlock BudgetFollowUpTableBlock(const BudgetFollowUp& f) {
  Table data = BudgetFollowUpTable(f, 1000);
  TableBlock block;
  block.caption = "Tabel 1: " + data.title;
  block.first_header = "Årets priser, netto i 1.000 kr.";
  Table shown(data.columns());
  shown.title = data.title;
  std::string heraf_parent;  // the parent whose "Heraf:" row was written last
  const auto& lines = f.meta.lines;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    const BudgetFollowUpRow& r = f.rows[i];
    RowStyle style;
    std::vector<Cell> row = data.rows()[i];
    switch (r.kind) {
      case BudgetLineKind::kTotal:
        style.bold = true;
        break;
      case BudgetLineKind::kArea:
        style.bold = true;
        style.rule_above = true;
        break;
      case BudgetLineKind::kFrame:
      case BudgetLineKind::kNonFrame:
        style.italic = true;
        style.indent = 1;
        break;
      case BudgetLineKind::kLine:
        style.indent = 2;
        break;
      case BudgetLineKind::kOfWhich:
        style.indent = 3;
        if (heraf_parent != lines[i].parent) {
          heraf_parent = lines[i].parent;
          std::vector<Cell> heraf(data.columns().size());
          heraf[0] = std::string("Heraf:");
          shown.AddRow(std::move(heraf));
          block.row_styles.push_back({3, false, false, false});
        }
        row[0] = "- " + r.label;
        break;
    }
    shown.AddRow(std::move(row));
    block.row_styles.push_back(style);
  }
  block.table = std::move(shown);
  std::string prev = FormatDanishDayMonth(f.meta.previous_date);
  std::string cur = FormatDanishDayMonth(f.meta.current_date);
  block.footnotes = {
      fmt::format("Ændring: forventet regnskab pr. {} minus forventet regnskab pr. {}", prev, cur),
      fmt::format("Mer-/mindreforbrug: budget minus forventet regnskab pr. {} Negative tal er "
                  "merforbrug, positive tal mindreforbrug.",
                  cur),
      "Linjer markeret \"Heraf\" er udvalgte dele af linjen over og indgår ikke i summerne."};
  for (const auto& problem : f.inconsistencies) block.footnotes.push_back("Kontrol: " + problem);
  return block;
}

CommitteeDocument BuildBudgetFollowUpDocument(const BudgetFollowUp& f,
                                              const BudgetReportOptions& options) {
  const BudgetFile& m = f.meta;
  CommitteeDocument doc;
  doc.municipality = m.municipality;
  doc.committee = m.committee;
  doc.kind = "Dagsorden";
  doc.meeting_date = options.meeting_date.year > 0 ? options.meeting_date : m.current_date;

  AgendaItem item;
  item.number = options.item_number;
  item.kind = "Orientering";
  item.title = fmt::format("Månedlig afrapportering på forventet regnskab - {} {}",
                           DanishMonthName(m.current_date.month), m.current_date.year);
  item.case_number = options.case_number;
  item.decided_in = m.committee;
  item.summary.push_back(Paragraph{
      fmt::format("Som led i kommunens løbende økonomistyring fremlægges til orientering {} måneds "
                  "rapportering på forventet regnskab {} for {}.",
                  DanishMonthName(m.current_date.month), m.year, m.committee)});

  const BudgetFollowUpRow* total = nullptr;
  for (const auto& r : f.rows) {
    if (r.kind == BudgetLineKind::kTotal) {
      total = &r;
      break;
    }
  }
  item.presentation.push_back(BudgetFollowUpTableBlock(f));
  if (total) {
    auto over_under = [](std::int64_t v) { return v < 0 ? "merforbrug" : "mindreforbrug"; };
    item.presentation.push_back(Heading{"Beskrivelse af udfordringer og handlinger"});
    std::string text = fmt::format(
        "På {} område forventes der et samlet forbrug på {} Dette svarer til et {} på {} i forhold "
        "til det forventede budget, mens {}et i forhold til oprindeligt budget er {}",
        Possessive(m.committee), Kr(total->expected_current), over_under(total->vs_corrected),
        Kr(std::llabs(total->vs_corrected)), over_under(total->vs_original),
        Kr(std::llabs(total->vs_original)));
    item.presentation.push_back(Paragraph{text});
    std::string direction = total->change < 0 ? "steget" : "faldet";
    item.presentation.push_back(Paragraph{
        total->change == 0
            ? fmt::format("Det forventede regnskab er uændret siden opfølgningen pr. {}.",
                          FormatDanishDate(m.previous_date))
            : fmt::format("Det forventede regnskab er {} med {} siden opfølgningen pr. {}.",
                          direction, Kr(std::llabs(total->change)),
                          FormatDanishDate(m.previous_date))});
    BulletList areas;
    for (const auto& r : f.rows) {
      if (r.kind != BudgetLineKind::kArea) continue;
      std::string s =
          r.vs_corrected == 0
              ? fmt::format("{}: forventet regnskab svarer til forventet budget.", r.label)
              : fmt::format("{}: forventet {} på {} i forhold til forventet budget.", r.label,
                            over_under(r.vs_corrected), Kr(std::llabs(r.vs_corrected)));
      if (r.change != 0) {
        s += fmt::format(" Det forventede regnskab er {} med {} siden {}",
                         r.change < 0 ? "steget" : "faldet", Kr(std::llabs(r.change)),
                         FormatDanishDate(m.previous_date));
        s += ".";
      }
      areas.items.push_back(std::move(s));
    }
    if (!areas.items.empty()) {
      item.presentation.push_back(Paragraph{"Budgetområderne:"});
      item.presentation.push_back(std::move(areas));
    }
  }
  item.sections.push_back({"Økonomi/Personaleforhold", {Paragraph{"Jf. sagsfremstillingen."}}});
  item.recommender = options.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  Appendix appendix;
  appendix.title = fmt::format("Forventet regnskab {} pr. {} (regneark)", m.year,
                               FormatDanishDate(m.current_date));
  appendix.tables.push_back(BudgetFollowUpTable(f, 1000));
  item.appendices.push_back(std::move(appendix));
  doc.items.push_back(std::move(item));
  return doc;
}

}  // namespace fremdrift
