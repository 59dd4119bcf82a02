#!/usr/bin/env python3
"""Scans published output for counts of 1 to 4 persons (driven by tests/discretion/small_counts.sh).

docs/measurements.md, "Small numbers": a figure that leaves the system for the public (committee
documents, the reporting tables of `fremdrift publish`, the exports of roles without citizen
access) shows no count of fewer than 5 persons. This script reads those outputs back as a reader
would and reports every cell of a person-count column that holds a number above 0 and under 5,
naming the file or table, the row and the column.

Which columns count persons follows the rule itself (RoleOfColumn in src/table/suppression.h):
  - unit `personer` or `forløb` (numeric value columns): counts, held to the threshold;
  - unit `fuldtidspersoner`: held to the threshold when the table has no `personer` count column
    (fewer than 5 full-time persons may be fewer than 5 persons);
  - a table whose rows carry their unit in a dimension column `enhed` (the key figures): its
    unitless levels take the row's unit; a change from the year before is a difference, not a count;
  - shares, averages, durations, money and text: not counts.
Where a format carries the units (API JSON beside the CSV, the column comments of the published
tables) they are read from it. Committee documents carry only Danish labels, so DOCUMENT_TABLES
below says, for every table a document holds, which of its columns count persons; a document
table it does not know fails the scan, so a new table cannot go unchecked.

Usage:
  small_counts.py documents DIR        every KIND_*.csv|xlsx|html|pdf in DIR (KIND: noegletal,
                                       ressourceforloeb, fsm2, budgetopfoelgning); the PDF's
                                       tables (pdftotext -layout) must hold the HTML's figures
  small_counts.py publish URL SCHEMA   every table of SCHEMA in PostgreSQL (psql)
  small_counts.py api BASE USER PASSWORD SAMPLES_JSON
                                       every aggregate measurement's CSV export, each part (`del`)
                                       and all area levels, and the XLSX of its first municipality,
                                       from a running `fremdrift serve`; SAMPLES_JSON: values of
                                       required parameters ("kommune": "657,217,573" runs
                                       one-municipality measurements for each) and "from", the
                                       first month asked for
Exit 0 when nothing is found, 1 when a count is found or an output cannot be read.
"""
import csv
import html.parser
import http.cookiejar
import io
import json
import math
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile

THRESHOLD = 5  # the acceptance: no count between 1 and 4 persons
findings = []  # "where: row r, column c: value"
problems = []  # outputs that could not be read or classified
checked = {"tables": 0, "cells": 0}


def leak(where, row, column, value):
    findings.append(f"{where}: row {row}, column {column!r}: {value!r}")


def problem(text):
    problems.append(text)


def number(text, danish=False):
    """The number a cell shows, None for an empty or marked ("<5") cell; raises ValueError for
    other text. `danish`: as documents print numbers (1.175.660, 3,6, "3,6 %"); else plain."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    s = text.strip()
    if s == "" or (s[0] == "<" and s[1:].isdigit()):
        return None
    if not danish:
        return float(s)
    s = s.replace("\u00a0", " ").removesuffix("%").strip()
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", s):  # 1.175.660 or 1.175,5
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d+(,\d+)?", s):  # 12 or 3,6
        return float(s.replace(",", "."))
    raise ValueError(s)


def small(v):
    return v is not None and not math.isnan(v) and 0 < v < THRESHOLD


# --- The rule, for tables that carry units ------------------------------------------------------

def role_of(col):
    """RoleOfColumn: col is {"name", "unit", "role", "type"}."""
    if col.get("role", "value") != "value" or col.get("type", "number") == "string":
        return "none"
    unit = col.get("unit", "")
    if unit in ("personer", "forløb"):
        return "count"
    if unit == "fuldtidspersoner":
        return "fulltime"
    if unit == "kr.":
        return "none"
    return "derived"


# The key figures (`enhed`) and the reconciliation with jobindsats (`maal`): each row names its unit.
ROW_UNIT_COLUMNS = ("enhed", "maal")
CHANGE_COLUMN = re.compile(r"^(aendring|forskel)")  # a difference between two levels


def scan_typed(where, columns, rows):
    """columns: [{"name", "unit", "role", "type"}]; rows: lists of cell texts (or numbers)."""
    checked["tables"] += 1
    roles = [role_of(c) for c in columns]
    names = [c["name"] for c in columns]
    has_persons = any(n == "personer" and r == "count" for n, r in zip(names, roles))
    held = [i for i, r in enumerate(roles)
            if r == "count" or (r == "fulltime" and not has_persons)]
    unit_col = next((i for i, c in enumerate(columns)
                     if c["name"] in ROW_UNIT_COLUMNS and c.get("role") == "dimension"), None)
    levels = []
    if unit_col is not None:
        levels = [i for i, c in enumerate(columns)
                  if c.get("role") == "value" and c.get("type", "number") != "string"
                  and not c.get("unit") and not CHANGE_COLUMN.match(c["name"])]
    for r, row in enumerate(rows, start=1):
        cols = list(held)
        if unit_col is not None and row[unit_col] in ("personer", "forløb", "fuldtidspersoner"):
            cols += levels
        for i in cols:
            if i >= len(row):
                continue
            checked["cells"] += 1
            try:
                v = number(row[i])
            except ValueError:
                problem(f"{where}: row {r}, column {names[i]!r}: not a number: {row[i]!r}")
                continue
            if small(v):
                leak(where, r, names[i], row[i])


# --- Committee documents ------------------------------------------------------------------------

QUARTER = r"\d\. kvartal \d{4}"
# For every table a committee document holds (by document kind and title): which columns count
# persons, by their Danish heading. "count": a count (personer, forløb); "fulltime": full-time
# persons in a table without a persons column (held to the threshold like a count); "level": the
# key figures' levels, a count when the row's `Enhed` is one; anything else is no count. A column
# no pattern names gets `other`. The CSV of a document is its data table, titled "(csv)".
DOCUMENT_TABLES = {
    "noegletal": [
        (r"^\(csv\)$", {r"^(Kommunen|Området|Regionen|Hele landet|Året før)$": "level"}, "none"),
        (r"^(Ledighed|Unge på offentlig forsørgelse|Kontant-, uddannelseshjælp og "
         r"integrationsydelse|Forsikrede ledige|Sygedagpenge|Jobafklaringsforløb)$", {}, "none"),
        (r"^(Fleksjob, ledighedsydelse og ressourceforløb|Førtidspension)$",
         {r"^Periode$": "none"}, "fulltime"),
    ],
    "ressourceforloeb": [
        (r"^\(csv\)$", {r"^Antal$": "count"}, "none"),
        (r"ressourceforløb|^Status \d+ uger", {QUARTER: "count", r"^Antal$": "count"}, "none"),
    ],
    "fsm2": [
        (r"^\(csv\)$", {r"^(Tæller|Nævner)$": "count"}, "none"),
        (r"udbetaling efter opnået resultat$|^Udbetaling efter opnået resultat$|^Bevillinger|"
         r"^Indtægts- og udgiftsbevillinger$", {}, "none"),
        (r"^Indikatorerne i ", {r"^(Tæller|Nævner)$": "count"}, "none"),
        (r"^Indikatorer pr\. måned", {r"^(Tæller|Nævner)$": "count"}, "none"),
        (r"^Udbetalingsmålet pr\. måned",
         {r"^(Med lønnede timer eller uddannelse|I indsatsgruppen)$": "count"}, "none"),
    ],
    "budgetopfoelgning": [
        (r"^\(csv\)$", {}, "none"),
        (r"^(Tabel \d+: )?Forventet regnskab", {}, "none"),
    ],
}


def document_rule(kind, title):
    for pattern, columns, default in DOCUMENT_TABLES.get(kind, []):
        if re.search(pattern, title):
            return columns, default
    return None


def scan_document_table(where, kind, title, header, rows):
    """A table as a document shows it: Danish headings and printed cells."""
    rule = document_rule(kind, title)
    if rule is None:
        problem(f"{where}: table {title!r} is not in DOCUMENT_TABLES[{kind!r}] "
                f"(tests/discretion/small_counts.py): say which of its columns count persons "
                f"(headings {header})")
        return
    columns, default = rule
    checked["tables"] += 1
    roles = []
    for h in header:
        h = re.sub(r"\s+", " ", str(h or "")).strip()
        role = next((r for p, r in columns.items() if re.search(p, h)), default)
        roles.append(role)
    unit_col = next((i for i, h in enumerate(header) if str(h).strip() == "Enhed"), None)
    if "level" in roles and unit_col is None:
        problem(f"{where}: {title!r} has level columns but no 'Enhed' column")
        return
    for r, row in enumerate(rows, start=1):
        for i, role in enumerate(roles):
            if i >= len(row) or role == "none":
                continue
            if role == "level" and str(row[unit_col]).strip() not in (
                    "personer", "forløb", "fuldtidspersoner"):
                continue
            checked["cells"] += 1
            try:
                v = number(row[i], danish=True)
            except ValueError:
                problem(f"{where}: {title!r} row {r}, column {header[i]!r}: not a number: "
                        f"{row[i]!r}")
                continue
            if small(v):
                leak(f"{where} {title!r}", r, header[i], row[i])


def read_xlsx(data):
    """[(sheet name, [[cell, ...], ...])] of an XLSX file's bytes: numbers as floats, text as
    str, rows by their row number (missing rows empty)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    m = "{%s}" % ns["m"]
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter(m + "t")))
    rels = {r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    sheets = []
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", ns):
        target = rels[s.get("{%s}id" % ns["r"])].lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        rows = {}
        for row in ET.fromstring(z.read(target)).iter(m + "row"):
            cells = {}
            for c in row.findall("m:c", ns):
                letters = re.match(r"[A-Z]+", c.get("r")).group(0)
                col = 0
                for ch in letters:
                    col = col * 26 + ord(ch) - 64
                kind, v = c.get("t"), c.find("m:v", ns)
                if kind == "s":
                    value = shared[int(v.text)]
                elif kind == "inlineStr":
                    value = "".join(t.text or "" for t in c.iter(m + "t"))
                elif v is None:
                    continue
                elif kind in ("str", "b", "e"):
                    value = v.text or ""
                else:
                    value = float(v.text)
                cells[col - 1] = value
            rows[int(row.get("r"))] = [cells.get(i) for i in range(max(cells) + 1)] if cells else []
        last = max(rows) if rows else 0
        sheets.append((s.get("name"), [rows.get(i, []) for i in range(1, last + 1)]))
    return sheets


def sheet_tables(sheet_rows):
    """The tables of a sheet written by table_xlsx: a title row, a blank row, the header, the
    rows (up to a blank row; notes follow). Returns [(title, header, rows)]."""
    tables, i, n = [], 0, len(sheet_rows)
    while i < n:
        while i < n and not any(c not in (None, "") for c in sheet_rows[i]):
            i += 1
        if i >= n:
            break
        title = str(sheet_rows[i][0])
        i += 1
        while i < n and not any(c not in (None, "") for c in sheet_rows[i]):
            i += 1
        if i >= n:
            break
        header = [str(c) if c is not None else "" for c in sheet_rows[i]]
        i += 1
        rows = []
        while i < n and any(c not in (None, "") for c in sheet_rows[i]):
            rows.append(sheet_rows[i])
            i += 1
        tables.append((title, header, rows))
        break  # a sheet holds one table; what follows are its notes
    return tables


class HtmlTables(html.parser.HTMLParser):
    """The <table>s of an HTML document: caption, header row, body rows (cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row, self.cell, self.in_caption = [], None, None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = {"caption": "", "rows": []}
            self.tables.append(self.table)
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table["rows"].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [""]
            self.row.append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "caption":
            self.in_caption = False
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data
        elif self.in_caption and self.table is not None:
            self.table["caption"] += data


def html_tables(text):
    p = HtmlTables()
    p.feed(text)
    out = []
    for t in p.tables:
        rows = [[re.sub(r"\s+", " ", c[0]).strip() for c in r] for r in t["rows"]]
        if not rows:
            continue
        caption = re.sub(r"\s+", " ", t["caption"]).strip()
        out.append((re.sub(r"^Tabel \d+: ", "", caption), rows[0], rows[1:]))
    return out


def scan_documents(folder):
    import pathlib
    files = sorted(pathlib.Path(folder).iterdir())
    kinds = set()
    html_of = {}
    for f in files:
        kind = f.name.split("_")[0]
        if kind not in DOCUMENT_TABLES:
            problem(f"{f.name}: unknown document kind {kind!r}")
            continue
        kinds.add(kind)
        where = f.name
        if f.suffix == ".csv":
            text = f.read_text(encoding="utf-8-sig")
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
            if not rows:
                problem(f"{where}: empty")
                continue
            scan_document_table(where, kind, "(csv)", rows[0], rows[1:])
        elif f.suffix == ".xlsx":
            for name, sheet_rows in read_xlsx(f.read_bytes()):
                for title, header, rows in sheet_tables(sheet_rows):
                    scan_document_table(f"{where} sheet {name!r}", kind, title, header, rows)
        elif f.suffix == ".html":
            tables = html_tables(f.read_text(encoding="utf-8"))
            html_of[f.stem] = tables
            for title, header, rows in tables:
                scan_document_table(where, kind, title, header, rows)
    pdftotext = shutil.which("pdftotext")
    for f in files:
        if f.suffix != ".pdf":
            continue
        if pdftotext is None:
            print(f"     {f.name}: not read (no pdftotext, poppler-utils); its tables are the "
                  f"HTML's and the XLSX's, which are scanned")
            continue
        if f.stem not in html_of:
            problem(f"{f.name}: no HTML of the same document to compare its tables with")
            continue
        scan_pdf(f, f.stem.split("_")[0], html_of[f.stem])
    return kinds


def scan_pdf(path, kind, tables):
    """The PDF's tables hold the HTML's figures: every row of a table with count columns is a
    line of `pdftotext -layout` ending in the row's cells (a long label may wrap, so only the
    figures are matched), and the PDF shows as many tables. The HTML is scanned cell by cell."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [re.sub(r"\s+", " ", l).strip() for l in text.splitlines()]
    captions = {l for l in lines if re.match(r"^Tabel \d+: ", l) and "(fortsat)" not in l}
    if len(captions) != len(tables):
        problem(f"{path.name}: {len(captions)} tables in the PDF, {len(tables)} in the HTML")
    for title, header, rows in tables:
        rule = document_rule(kind, title)
        if rule is None:
            continue  # reported for the HTML
        columns, default = rule
        roles = [next((r for p, r in columns.items() if re.search(p, h)), default) for h in header]
        if not any(r in ("count", "fulltime", "level") for r in roles[1:]):
            continue
        checked["tables"] += 1
        for r, row in enumerate(rows, start=1):
            figures = " ".join(c for c in row[1:])
            if not any(l.endswith(" " + figures) or l == figures for l in lines):
                problem(f"{path.name} {title!r}: row {r} ({row[0]!r}) with the HTML's figures "
                        f"{figures!r} is not in the PDF's text")


# --- PostgreSQL (fremdrift publish) -------------------------------------------------------------

def scan_publish(url, schema):
    def psql(sql):
        return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url,
                               "-c", sql], capture_output=True, text=True, check=True).stdout

    # Every table of the schema with its columns (type, comment "Label (unit)"), in one query.
    meta = json.loads(psql(
        "SELECT coalesce(json_agg(json_build_object('table', c.relname, 'columns', ("
        "  SELECT json_agg(json_build_object('name', a.attname, "
        "    'type', format_type(a.atttypid, a.atttypmod), "
        "    'comment', coalesce(col_description(a.attrelid, a.attnum), '')) ORDER BY a.attnum) "
        "  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))"
        "  ORDER BY c.relname), '[]') "
        f"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = '{schema}' AND c.relkind = 'r'"))
    if not meta:
        problem(f"schema {schema}: no tables")
        return
    # Their rows, in one more query (cells as JSON: numbers, text, null).
    data = json.loads(psql("SELECT json_build_object(" + ", ".join(
        f"'{t['table']}', (SELECT coalesce(json_agg(json_build_array("
        + ", ".join(f'x."{c["name"]}"' for c in t["columns"])
        + f")), '[]') FROM {schema}.\"{t['table']}\" x)" for t in meta) + ")"))
    for t in meta:
        columns = []
        for c in t["columns"]:
            m = re.search(r"\(([^()]*)\)$", c["comment"])
            numeric = c["type"] in ("integer", "bigint", "smallint", "double precision", "real") \
                or c["type"].startswith("numeric")
            # Published tables keep the Table's column types: text columns are dimensions or
            # text values, numeric ones figures (their unit in the comment: "Label (unit)").
            columns.append({"name": c["name"], "unit": m.group(1) if m else "",
                            "type": "number" if numeric else "string",
                            "role": "value" if numeric else "dimension"})
        rows = data[t["table"]]
        scan_typed(f"{schema}.{t['table']}", columns, rows)
        print(f"     {schema}.{t['table']}: {len(rows)} rows")


# --- The API as an analyst ----------------------------------------------------------------------

def scan_api(base, username, password, samples):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path, body=None):
        req = urllib.request.Request(base + path)
        if body is not None:
            req.data = json.dumps(body).encode()
            req.add_header("Content-Type", "application/json")
        try:
            with opener.open(req, timeout=300) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    status, body = get("/api/v1/login", {"username": username, "password": password})
    if status != 200:
        problem(f"login as {username}: HTTP {status} {body[:200]!r}")
        return
    if json.loads(body).get("rights", {}).get("citizen"):
        problem(f"{username} has citizen access: the scan needs a role without it (analyst)")
        return
    status, body = get("/api/v1/measurements")
    listing = json.loads(body)["measurements"]

    def fetch(m, params, xlsx=False, must_have=False):
        t0 = time.monotonic()
        names = {p["name"] for p in m["params"]}
        label = m["id"] + ("?" + urllib.parse.urlencode(params) if params else "")
        # The columns (units, roles) from the JSON of one month: the same columns, less to write.
        meta = dict(params)
        if {"from", "to"} <= names and "to" not in params:
            meta["to"] = meta.get("from", samples.get("from"))
            meta["from"] = meta["to"]
        meta = {k: v for k, v in meta.items() if v is not None}
        q = urllib.parse.urlencode({**meta, "format": "json"})
        status, body = get(f"/api/v1/measurements/{m['id']}?{q}")
        if status == 403:
            print(f"     {label}: not for this role (403)")
            return
        if status in (400, 409) and not must_have:
            print(f"     {label}: refused ({json.loads(body)['error']['message'][:100]})")
            return
        if status != 200:
            problem(f"{label}: HTTP {status} {body[:200]!r}")
            return
        columns = json.loads(body)["columns"]
        q = urllib.parse.urlencode({**params, "format": "csv"})
        status, body = get(f"/api/v1/measurements/{m['id']}?{q}")
        if status != 200:
            problem(f"{label} csv: HTTP {status} {body[:200]!r}")
            return
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        if not rows or rows[0] != [c["name"] for c in columns]:
            problem(f"{label} csv: header {rows[:1]} is not the JSON's columns")
            return
        scan_typed(f"/api/v1/measurements/{label} (csv)", columns, rows[1:])
        print(f"     {label}: {len(rows) - 1} rows ({time.monotonic() - t0:.1f} s)")
        if not xlsx:
            return
        # The XLSX of one municipality (the CSV's cells as people read them; an XLSX export is
        # slow to write and to read).
        if "kommune" in names and "kommune" in samples and "kommune" not in params:
            params = {**params, "kommune": samples["kommune"].split(",")[0]}
        label = m["id"] + "?" + urllib.parse.urlencode(params)
        q = urllib.parse.urlencode({**params, "format": "json"})
        status, body = get(f"/api/v1/measurements/{m['id']}?{q}")
        columns = json.loads(body)["columns"] if status == 200 else columns
        q = urllib.parse.urlencode({**params, "format": "xlsx"})
        status, body = get(f"/api/v1/measurements/{m['id']}?{q}")
        if status != 200:
            problem(f"{label} xlsx: HTTP {status} {body[:200]!r}")
            return
        for name, sheet_rows in read_xlsx(body):
            for title, header, xrows in sheet_tables(sheet_rows):
                labels = [c.get("label") or c["name"] for c in columns]
                if header != labels:
                    problem(f"{label} xlsx: header {header} is not the JSON's labels {labels}")
                    continue
                xrows = [[("" if c is None else c) for c in r] + [""] * (len(labels) - len(r))
                         for r in xrows]
                scan_typed(f"/api/v1/measurements/{label} (xlsx)", columns, xrows)
        print(f"     {label}: xlsx ({time.monotonic() - t0:.1f} s)")

    for m in listing:
        required = [spec["name"] for spec in m["params"] if spec["required"]]
        missing = [name for name in required if name not in samples]
        if missing:
            problem(f"{m['id']}: no sample value for the required parameter {missing}")
            continue
        if m["level"] == "aggregate" and not m["available"]:
            problem(f"{m['id']}: not available on the demo's server")
            continue
        # A measurement of one municipality: each sample municipality in turn.
        names = {spec["name"] for spec in m["params"]}
        for kommune in samples["kommune"].split(",") if "kommune" in required else [None]:
            params = {name: samples[name] for name in required}
            if kommune is not None:
                params["kommune"] = kommune
            # The months from samples' "from" on (all months of a debug build's server take
            # minutes; every month is counted by the same rule).
            if "from" in names and "from" in samples:
                params["from"] = samples["from"]
            if m["level"] == "aggregate":
                fetch(m, params, xlsx=True, must_have=True)
            # Every other part (`del`) and, for area lists, every level at once. (Other periods
            # than months count the same persons over longer spans and are left out for time.)
            for spec in m["params"]:
                if spec["type"] == "choice" and spec["name"] != "period":
                    for choice in spec["choices"]:
                        if choice != spec["default"]:
                            fetch(m, {**params, spec["name"]: choice})
                elif spec["type"] == "list" and spec["name"] == "area" and spec.get("choices"):
                    fetch(m, {**params, "area": ",".join(spec["choices"])})


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "documents" and len(sys.argv) == 3:
        kinds = scan_documents(sys.argv[2])
        for kind in DOCUMENT_TABLES:
            if kind not in kinds:
                problem(f"no {kind} document was given")
    elif mode == "publish" and len(sys.argv) == 4:
        scan_publish(sys.argv[2], sys.argv[3])
    elif mode == "api" and len(sys.argv) == 6:
        scan_api(sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5]))
    else:
        print(__doc__)
        return 2
    for f in findings:
        print(f"SMALL COUNT {f}")
    for p in problems:
        print(f"FAIL {p}")
    print(f"{mode}: {checked['tables']} tables, {checked['cells']} person-count cells read; "
          f"{len(findings)} counts of 1 to {THRESHOLD - 1}, {len(problems)} other failures")
    if checked["cells"] == 0 and not problems:
        print(f"FAIL {mode}: no person-count cell was read, so nothing was checked")
        return 1
    return 1 if findings or problems else 0


if __name__ == "__main__":
    sys.exit(main())
