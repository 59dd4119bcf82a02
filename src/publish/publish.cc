// Writing the reporting tables in one transaction (publish.h).
#include "publish/publish.h"

#include <fmt/format.h>

#include <chrono>
#include <set>
#include <thread>

#include "publish/pg_text.h"

namespace fremdrift::publish {
namespace {

// Serialises publishers of one schema (first key of pg_advisory_xact_lock(int, int)).
constexpr int kAdvisoryLockKey = 0x66726470;  // "frdp"

// A planned table computed: the calls' rows in one Table, the rows of each call.
struct Computed {
  Table table;
  std::vector<std::size_t> rows_per_call;
};

std::string CallText(const catalog::Params& p) {
  std::string text = p.Canonical();
  return text.empty() ? "(standardværdier)" : text;
}

Status CheckColumns(const Table& t) {
  std::set<std::string> seen;
  for (const Column& c : t.columns()) {
    if (c.name.empty() || c.name.size() > 63) {
      return Internal("column '{}' makes no SQL column name (1-63 bytes)", c.name.substr(0, 70));
    }
    if (!seen.insert(c.name).second) return Internal("column '{}' appears twice", c.name);
  }
  if (t.columns().empty()) return Internal("the table has no columns");
  for (const auto& row : t.rows()) {
    if (row.size() != t.columns().size()) {
      return Internal("a row has {} cells for {} columns", row.size(), t.columns().size());
    }
  }
  return Status::Ok();
}

// Runs every call of `planned` and joins their rows (the calls must agree on the columns). Each
// call's Table leaves with its small numbers as NULL (a typed column keeps its type) and the rule
// in `noter`: what `fremdrift measure --min-persons N` prints for the same call.
Result<Computed> Compute(const PlannedTable& planned, const catalog::MeasureContext& ctx,
                         int min_persons) {
  const catalog::Measurement& m = *planned.measurement;
  Computed out;
  std::set<std::string> notes;
  for (std::size_t i = 0; i < planned.calls.size(); ++i) {
    const catalog::Params& call = planned.calls[i];
    Result<Table> t = catalog::Compute(m, ctx, call);
    if (!t.ok()) {
      return planned.calls.size() == 1 ? t.status() : t.status().WithContext(CallText(call));
    }
    RETURN_IF_ERROR(CheckColumns(*t));
    *t = SuppressForPublication(*t, StandardSuppressionSpec(*t, min_persons, ctx.reference),
                                SuppressedCell::kEmpty);
    if (i == 0) {
      out.table = Table(t->columns());
      out.table.title = t->title;
    } else {
      const auto& a = out.table.columns();
      const auto& b = t->columns();
      bool same = a.size() == b.size();
      for (std::size_t c = 0; same && c < a.size(); ++c) {
        same = a[c].name == b[c].name && a[c].type == b[c].type;
      }
      if (!same)
        return Internal("{}: other columns than {}", CallText(call), CallText(planned.calls[0]));
    }
    out.rows_per_call.push_back(t->rows().size());
    for (auto& row : t->mutable_rows()) out.table.AddRow(std::move(row));
    for (std::size_t n = 0; n < t->notes().size(); ++n) {
      if (notes.insert(t->notes()[n]).second) out.table.AddNote(t->note(n));
    }
  }
  return out;
}

class Writer {
 public:
  Writer(PgSession& db, const PublishOptions& options) : db_(db), options_(options) {}

  // BEGIN, the lock, the transaction's time, the fresh schema with its two own tables.
  Status Start(std::string* published_at) {
    RETURN_IF_ERROR(db_.Exec("BEGIN"));
    open_ = true;
    RETURN_IF_ERROR(
        db_.Exec(fmt::format("SELECT pg_advisory_xact_lock({}, hashtext($1))", kAdvisoryLockKey),
                 {options_.schema}));
    ASSIGN_OR_RETURN(auto rows, db_.Query("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SSOF')"));
    *published_at = rows.at(0).at(0);
    ASSIGN_OR_RETURN(schema_, db_.Identifier(options_.schema));
    ASSIGN_OR_RETURN(fresh_, db_.Identifier(options_.schema + "_ny"));
    RETURN_IF_ERROR(
        db_.Exec(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", fresh_)));
    RETURN_IF_ERROR(db_.Exec(fmt::format(
        "CREATE TABLE {0}.publicering (measurement text NOT NULL, table_name text NOT NULL, "
        "title text NOT NULL, source text NOT NULL, parameters text NOT NULL, "
        "rows bigint NOT NULL, published_at timestamptz NOT NULL); "
        "CREATE TABLE {0}.noter (measurement text NOT NULL, nr integer NOT NULL, "
        "kind text NOT NULL, note text NOT NULL)",
        fresh_)));
    const std::pair<const char*, const char*> comments[] = {
        {"publicering", "Én række pr. beregning i denne publicering af fremdrift"},
        {"publicering.measurement", "Måling (fremdrift measure ID)"},
        {"publicering.table_name", "Tabel i dette skema"},
        {"publicering.title", "Målingens titel"},
        {"publicering.source", "Kilde: register eller cases (sagshændelser)"},
        {"publicering.parameters", "Parametre til beregningen (navn=værdi&...)"},
        {"publicering.rows", "Antal rækker fra beregningen"},
        {"publicering.published_at", "Tidspunkt for publiceringen"},
        {"noter", "Noter til målingerne (forbehold, manglende data)"},
        {"noter.measurement", "Måling (tabel i dette skema med '-' som '_')"},
        {"noter.nr", "Notens nummer i målingen"},
        {"noter.kind",
         "Notens art: info, rule (regel), preliminary (foreløbig), partial_coverage (delvis "
         "dækning), substitution (erstatning)"},
        {"noter.note", "Noten"},
    };
    for (const auto& [what, text] : comments) {
      std::string_view w = what;
      bool column = w.find('.') != std::string_view::npos;
      ASSIGN_OR_RETURN(std::string literal, db_.Literal(text));
      RETURN_IF_ERROR(db_.Exec(fmt::format("COMMENT ON {} {}.{} IS {}", column ? "COLUMN" : "TABLE",
                                           fresh_, w, literal)));
    }
    return Status::Ok();
  }

  // One measurement's table, its comments, notes and publicering rows.
  Status Write(const PlannedTable& planned, const Computed& computed,
               const std::string& published_at) {
    const catalog::Measurement& m = *planned.measurement;
    const Table& t = computed.table;
    ASSIGN_OR_RETURN(std::string table, db_.Identifier(planned.table));
    std::string qualified = fresh_ + "." + table;
    std::string columns, typed;
    for (const Column& c : t.columns()) {
      ASSIGN_OR_RETURN(std::string name, db_.Identifier(c.name));
      columns += (columns.empty() ? "" : ", ") + name;
      typed += fmt::format("{}{} {}", typed.empty() ? "" : ", ", name, SqlType(c.type));
    }
    RETURN_IF_ERROR(db_.Exec(fmt::format("CREATE TABLE {} ({})", qualified, typed)));
    std::string data;
    for (const auto& row : t.rows()) AppendCopyRow(data, row);
    RETURN_IF_ERROR(db_.CopyIn(fmt::format("COPY {} ({}) FROM STDIN", qualified, columns), data));

    std::string params;
    for (const auto& call : planned.calls) {
      params += (params.empty() ? "" : " | ") + CallText(call);
    }
    std::string comment = fmt::format("{}. {}. Parametre: {}.", m.title, m.description, params);
    if (!planned.defaults.empty())
      comment += fmt::format(" Standardværdier: {}.", planned.defaults);
    comment += fmt::format(" Publiceret {} af fremdrift publish.", published_at);
    ASSIGN_OR_RETURN(std::string literal, db_.Literal(comment));
    RETURN_IF_ERROR(db_.Exec(fmt::format("COMMENT ON TABLE {} IS {}", qualified, literal)));
    for (const Column& c : t.columns()) {
      ASSIGN_OR_RETURN(std::string name, db_.Identifier(c.name));
      ASSIGN_OR_RETURN(literal, db_.Literal(ColumnComment(c)));
      RETURN_IF_ERROR(
          db_.Exec(fmt::format("COMMENT ON COLUMN {}.{} IS {}", qualified, name, literal)));
    }
    for (std::size_t i = 0; i < t.notes().size(); ++i) {
      RETURN_IF_ERROR(db_.Exec(
          fmt::format("INSERT INTO {}.noter (measurement, nr, kind, note) VALUES ($1, $2, $3, $4)",
                      fresh_),
          {m.id, std::to_string(i + 1), std::string(NoteKindName(t.note_kinds()[i])),
           t.notes()[i]}));
    }
    for (std::size_t i = 0; i < planned.calls.size(); ++i) {
      RETURN_IF_ERROR(db_.Exec(
          fmt::format("INSERT INTO {}.publicering (measurement, table_name, title, source, "
                      "parameters, rows, published_at) VALUES ($1, $2, $3, $4, $5, $6, now())",
                      fresh_),
          {m.id, planned.table, m.title, m.source, planned.calls[i].Canonical(),
           std::to_string(computed.rows_per_call[i])}));
    }
    return Status::Ok();
  }

  // Grants, then the swap (retried on lock waits and deadlocks), then COMMIT.
  Status Finish(const std::string& published_at, const Progress& progress) {
    std::string comment = fmt::format(
        "Nøgletal fra fremdrift til analyse (Power BI, Excel, SAS). Hele skemaet erstattes ved "
        "hver publicering. Publiceret {}.",
        published_at);
    ASSIGN_OR_RETURN(std::string literal, db_.Literal(comment));
    RETURN_IF_ERROR(db_.Exec(fmt::format("COMMENT ON SCHEMA {} IS {}", fresh_, literal)));
    for (const auto& role : options_.grant_to) {
      ASSIGN_OR_RETURN(std::string r, db_.Identifier(role));
      RETURN_IF_ERROR(db_.Exec(fmt::format("GRANT USAGE ON SCHEMA {0} TO {1}; "
                                           "GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO {1}",
                                           fresh_, r))
                          .WithContext("--grant-to " + role));
    }
    for (int attempt = 1;; ++attempt) {
      RETURN_IF_ERROR(db_.Exec("SAVEPOINT fremdrift_swap"));
      Status swapped = Swap();
      if (swapped.ok()) {
        RETURN_IF_ERROR(db_.Exec("RELEASE SAVEPOINT fremdrift_swap"));
        break;
      }
      std::string state = db_.last_sqlstate();
      bool waited = state == "55P03" || state == "40P01";  // lock timeout, deadlock
      RETURN_IF_ERROR(db_.Exec("ROLLBACK TO SAVEPOINT fremdrift_swap"));
      if (!waited || attempt >= options_.swap_attempts) {
        return swapped.WithContext("replacing schema " + options_.schema);
      }
      if (attempt == 1 || attempt % 20 == 0) {
        progress(
            fmt::format("readers hold {}'s tables: trying again every 0.5 s ({} of {} "
                        "attempts made)",
                        options_.schema, attempt, options_.swap_attempts));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    open_ = false;
    return db_.Exec("COMMIT").WithContext("COMMIT");
  }

  ~Writer() {
    if (open_) (void)db_.Exec("ROLLBACK");
  }

 private:
  // Drops the old schema's tables (RESTRICT: a view on them elsewhere stops the refresh) and the
  // schema, and gives the new schema its name.
  Status Swap() {
    ASSIGN_OR_RETURN(std::string timeout, db_.Literal(options_.lock_timeout));
    RETURN_IF_ERROR(db_.Exec("SET LOCAL lock_timeout = " + timeout));
    ASSIGN_OR_RETURN(auto rels, db_.Query("SELECT c.relname, c.relkind FROM pg_class c JOIN "
                                          "pg_namespace n ON n.oid = c.relnamespace WHERE "
                                          "n.nspname = $1 AND c.relkind NOT IN ('i', 'I') "
                                          "ORDER BY c.relname",
                                          {options_.schema}));
    std::string tables;
    for (const auto& rel : rels) {
      if (rel.at(1) != "r") {
        return FailedPrecondition(
            "{}.{} (pg_class relkind '{}') was not made by publish; move it out of the schema, "
            "which every publish replaces",
            options_.schema, rel.at(0), rel.at(1));
      }
      ASSIGN_OR_RETURN(std::string name, db_.Identifier(rel.at(0)));
      tables += (tables.empty() ? "" : ", ") + schema_ + "." + name;
    }
    if (!tables.empty()) RETURN_IF_ERROR(db_.Exec("DROP TABLE " + tables + " RESTRICT"));
    RETURN_IF_ERROR(db_.Exec(fmt::format("DROP SCHEMA IF EXISTS {} RESTRICT", schema_)));
    return db_.Exec(fmt::format("ALTER SCHEMA {} RENAME TO {}", fresh_, schema_));
  }

  PgSession& db_;
  const PublishOptions& options_;
  std::string schema_, fresh_;  // quoted
  bool open_ = false;
};

}  // namespace

Status CheckSchemaName(std::string_view schema) {
  bool plain = !schema.empty() && schema.size() <= 60 && !(schema[0] >= '0' && schema[0] <= '9');
  for (char c : schema) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!plain || schema.rfind("pg_", 0) == 0) {
    return InvalidArgument("--schema: '{}' is not a plain lower-case name (a-z, 0-9, _)",
                           schema.substr(0, 40));
  }
  return Status::Ok();
}

Result<PublishResult> Publish(const PublishPlan& plan, const catalog::MeasureContext& ctx,
                              PgSession& db, const PublishOptions& options,
                              const Progress& progress) {
  RETURN_IF_ERROR(CheckSchemaName(options.schema));
  PublishResult result;
  Writer writer(db, options);
  RETURN_IF_ERROR(writer.Start(&result.published_at).WithContext("preparing the new schema"));
  for (const PlannedTable& planned : plan.tables) {
    const std::string& id = planned.measurement->id;
    auto started = std::chrono::steady_clock::now();
    Result<Computed> computed = Compute(planned, ctx, options.min_persons);
    if (!computed.ok()) return computed.status().WithContext(id);
    RETURN_IF_ERROR(writer.Write(planned, *computed, result.published_at).WithContext(id));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::size_t rows = computed->table.rows().size();
    result.tables.push_back({id, options.schema + "." + planned.table, rows});
    progress(fmt::format("{} → {}.{}: {} rows ({:.1f} s)", id, options.schema, planned.table, rows,
                         seconds));
  }
  RETURN_IF_ERROR(writer.Finish(result.published_at, progress));
  return result;
}

}  // namespace fremdrift::publish
