// The official figures in the case store (official_store.h).
#include "official/official_store.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "domain/clock.h"
#include "eventstore/event_store.h"

namespace fremdrift::official {
namespace {

// The process's clock (`fremdrift --today` fixes it) as "YYYY-MM-DDTHH:MM:SS".
std::string NowUtc() {
  std::string now = CurrentClock()->Now();
  if (!now.empty() && now.back() == 'Z') now.pop_back();
  return now;
}

// "YYYY-MM-DD" → the last moment of that day, so that string comparison with the stored
// "YYYY-MM-DDTHH:MM:SS" includes the whole day.
std::string AsOfBound(const std::string& as_of) {
  return as_of.size() == 10 ? as_of + "T23:59:59" : as_of;
}

}  // namespace

Result<std::unique_ptr<OfficialStore>> OfficialStore::Open(const std::string& url) {
  {
    // Creates or migrates the schema (the event store owns the migrations).
    ASSIGN_OR_RETURN(auto events, cases::EventStore::Open(url));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn, db::Connection::Open(url));
  return std::unique_ptr<OfficialStore>(new OfficialStore(std::move(conn)));
}

Result<std::vector<std::int64_t>> OfficialStore::Import(const std::vector<SourceFigures>& sources,
                                                        const OfficialImportInfo& info) {
  const std::string at = info.imported_at.empty() ? NowUtc() : info.imported_at;
  std::vector<std::int64_t> ids;
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  ASSIGN_OR_RETURN(auto insert_import,
                   conn_->Prepare("INSERT INTO official_imports (source, imported_by, "
                                  "imported_at, figures) VALUES (?, ?, ?, ?) RETURNING id"));
  ASSIGN_OR_RETURN(
      auto insert_figure,
      conn_->Prepare("INSERT INTO official_figures (import_id, source_table, source_name, "
                     "source_row, period, period_official, area, area_official, ydelsesgruppe, "
                     "breakdown, measure, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const SourceFigures& s : sources) {
    RETURN_IF_ERROR(insert_import->BindAll(s.source, info.imported_by, at,
                                           static_cast<std::int64_t>(s.figures.size())));
    ASSIGN_OR_RETURN(bool has, insert_import->Step());
    const std::int64_t id = has ? insert_import->ColumnInt64(0) : 0;
    RETURN_IF_ERROR(insert_import->Run().status());
    if (id == 0) return Internal("official_imports: no id returned");
    ids.push_back(id);
    for (const OfficialFigure& f : s.figures) {
      RETURN_IF_ERROR(insert_figure->BindAll(id, f.table, s.source, f.row, f.period,
                                             f.period_official, f.area, f.area_official,
                                             f.ydelsesgruppe, f.breakdown, f.measure, f.value));
      RETURN_IF_ERROR(insert_figure->Run().status());
    }
  }
  RETURN_IF_ERROR(tx.Commit());
  return ids;
}

Result<std::vector<StoredFigure>> OfficialStore::Figures(const FigureQuery& query) {
  std::string sql =
      "SELECT f.source_table, f.period, f.period_official, f.area, f.area_official, "
      "f.ydelsesgruppe, f.breakdown, f.measure, f.value, f.source_row, i.source, i.imported_at, "
      "i.id FROM official_figures f JOIN official_imports i ON i.id = f.import_id";
  if (!query.as_of.empty()) sql += " WHERE i.imported_at <= ?";
  sql += " ORDER BY i.id, f.seq";
  ASSIGN_OR_RETURN(auto q, conn_->Prepare(sql));
  if (!query.as_of.empty()) RETURN_IF_ERROR(q->BindText(1, AsOfBound(query.as_of)));
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string,
                         std::string>;
  std::map<Key, StoredFigure> latest;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    StoredFigure s;
    s.figure.table = std::string(q->ColumnText(0));
    if (!query.tables.empty() &&
        std::find(query.tables.begin(), query.tables.end(), s.figure.table) ==
            query.tables.end()) {
      continue;
    }
    s.figure.area = std::string(q->ColumnText(3));
    if (!query.areas.empty() &&
        std::find(query.areas.begin(), query.areas.end(), s.figure.area) == query.areas.end()) {
      continue;
    }
    s.figure.period = std::string(q->ColumnText(1));
    s.figure.period_official = std::string(q->ColumnText(2));
    s.figure.area_official = std::string(q->ColumnText(4));
    s.figure.ydelsesgruppe = std::string(q->ColumnText(5));
    s.figure.breakdown = std::string(q->ColumnText(6));
    s.figure.measure = std::string(q->ColumnText(7));
    s.figure.value = q->ColumnDouble(8);
    s.figure.row = static_cast<int>(q->ColumnInt64(9));
    s.source = std::string(q->ColumnText(10));
    s.imported_at = std::string(q->ColumnText(11));
    s.import_id = q->ColumnInt64(12);
    Key key{s.figure.table,         s.figure.period,    s.figure.area,
            s.figure.ydelsesgruppe, s.figure.breakdown, s.figure.measure};
    latest[key] = std::move(s);  // rows come in import order: a later import replaces
  }
  std::vector<StoredFigure> out;
  out.reserve(latest.size());
  for (auto& [key, s] : latest) out.push_back(std::move(s));
  return out;
}

Result<std::int64_t> OfficialStore::LatestImport() {
  ASSIGN_OR_RETURN(auto st, conn_->Prepare("SELECT COALESCE(MAX(id), 0) FROM official_imports"));
  ASSIGN_OR_RETURN(bool row, st->Step());
  return row ? st->ColumnInt64(0) : 0;
}

}  // namespace fremdrift::official
