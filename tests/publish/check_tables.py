#!/usr/bin/env python3
"""Checks the published schema against `fremdrift measure`: for every row of publicering (one per
computation) the CLI is run with the same parameters and inputs, and the table must hold exactly
the CLI's rows (values compared by type: text exactly, bigint exactly, double precision to the
digits the CSV shows), the table's columns must be typed text/bigint/double precision as the
Table's columns are, every column must carry its Danish label (and unit) as comment, the table a
comment with the parameters, and noter the CLI's notes. Prints one line per table; exits 1 on
the first difference. The tables are published with the small numbers not shown (NULL; publish
--min-persons, default 5), so they are compared with `fremdrift measure --min-persons 5`, and no
column counting persons or forløb may hold a value from 1 to 4.

Usage: check_tables.py FREMDRIFT_BIN PG_URL SCHEMA STORE DB
"""
import csv
import io
import json
import math
import subprocess
import sys

BIN, URL, SCHEMA, STORE, DB = sys.argv[1:6]
TYPES = {"string": "text", "integer": "bigint", "number": "double precision"}
MIN_PERSONS = 5  # publish's default threshold


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def psql_csv(sql):
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", URL, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))


_inputs = {}


def inputs_of(measurement):
    """The input options `fremdrift measure ID` takes, given the test's store and event store."""
    if measurement not in _inputs:
        help_text = subprocess.run([BIN, "measure", measurement, "--help"], check=True,
                                   capture_output=True, text=True).stdout
        args = []
        if "--store" in help_text:
            args += ["--store", STORE]
        if "--db" in help_text:
            args += ["--db", DB]
        _inputs[measurement] = args
    return _inputs[measurement]


def cli(measurement, parameters, fmt):
    args = [BIN, "-q", "measure", measurement, "--format", fmt,
            "--min-persons", str(MIN_PERSONS)] + inputs_of(measurement)
    for pair in filter(None, parameters.split("&")):
        name, value = pair.split("=", 1)
        args += ["--" + name.replace("_", "-"), value]
    run = subprocess.run(args, capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{' '.join(args)}: exit {run.returncode}: {run.stderr.strip()}")
    return run.stdout


def same(kind, pg, shown):
    if kind == "text":
        # The CSV guards spreadsheet formulas with a leading quote; the database keeps the text.
        return pg == shown or (shown == "'" + pg and pg[:1] in "=+-@\t\r")
    if pg == "" or shown == "":
        return pg == shown
    if kind == "bigint":
        return int(pg) == int(shown)
    a, b = float(pg), float(shown)
    if math.isinf(a) or math.isinf(b):
        return a == b
    digits = len(shown.split(".")[1]) if "." in shown and "e" not in shown.lower() else None
    tolerance = 0.5 * 10 ** -digits + 1e-9 if digits is not None else 1e-12 * max(1.0, abs(b))
    return abs(a - b) <= tolerance


def sort_key(kinds, row):
    return tuple((v if k != "double precision" else "") for k, v in zip(kinds, row))


# In the order publish ran the computations (a freshly filled table reads in insertion order).
published = psql_csv(f"SELECT measurement, table_name, parameters, rows FROM {SCHEMA}.publicering "
                     "ORDER BY ctid")[1:]
if not published:
    fail("publicering is empty")
tables = {}
for measurement, table, parameters, rows in published:
    tables.setdefault(table, []).append((measurement, parameters, int(rows)))

for table, calls in tables.items():
    measurement = calls[0][0]
    header, expected, notes, columns = None, [], [], None
    for _, parameters, rows in calls:
        data = list(csv.reader(io.StringIO(cli(measurement, parameters, "csv"))))
        if header is None:
            header = data[0]
        elif data[0] != header:
            fail(f"{table}: the calls give other columns")
        if len(data) - 1 != rows:
            fail(f"{table}: publicering says {rows} rows for '{parameters}', the CLI gives "
                 f"{len(data) - 1}")
        expected += data[1:]
        described = json.loads(cli(measurement, parameters, "json"))
        columns = described["columns"]
        for note, kind in zip(described["notes"], described["note_kinds"]):
            if (kind, note) not in notes:
                notes.append((kind, note))
    info = psql_csv("SELECT column_name, data_type, col_description(format('%I.%I', table_schema, "
                    "table_name)::regclass, ordinal_position) FROM information_schema.columns "
                    f"WHERE table_schema = '{SCHEMA}' AND table_name = '{table}' "
                    "ORDER BY ordinal_position")[1:]
    if [c[0] for c in info] != header:
        fail(f"{table}: columns {[c[0] for c in info]}, the CLI's {header}")
    kinds = [c[1] for c in info]
    for (name, kind, comment), col in zip(info, columns):
        if kind != TYPES[col["type"]]:
            fail(f"{table}.{name}: type {kind}, the Table's {col['type']}")
        want = col.get("label", name) + (f" ({col['unit']})" if col.get("unit") else "")
        if comment != want:
            fail(f"{table}.{name}: comment '{comment}', expected '{want}'")
    comment = psql_csv(f"SELECT obj_description('{SCHEMA}.{table}'::regclass, 'pg_class')")[1][0]
    for _, parameters, _ in calls:
        if parameters and parameters not in comment:
            fail(f"{table}: the table's comment lacks its parameters '{parameters}': {comment}")
    got = psql_csv(f"SELECT * FROM {SCHEMA}.{table}")[1:]
    if len(got) != len(expected):
        fail(f"{table}: {len(got)} rows, the CLI {len(expected)}")
    got.sort(key=lambda r: sort_key(kinds, r))
    expected.sort(key=lambda r: sort_key(kinds, r))
    for g, e in zip(got, expected):
        for name, kind, a, b in zip(header, kinds, g, e):
            if not same(kind, a, b):
                fail(f"{table}.{name}: database '{a}', CLI '{b}' (row {e})")
    # No count of 1 to MIN_PERSONS - 1 persons (or forløb) in any published column.
    for (name, kind, comment), col in zip(info, columns):
        if col.get("role") == "value" and col.get("unit") in ("personer", "forløb"):
            small = psql_csv(f"SELECT count(*) FROM {SCHEMA}.{table} WHERE \"{name}\" > 0 AND "
                             f"\"{name}\" < {MIN_PERSONS}")[1][0]
            if small != "0":
                fail(f"{table}.{name}: {small} rows count fewer than {MIN_PERSONS} persons")
    got_notes = [tuple(r) for r in psql_csv(f"SELECT kind, note FROM {SCHEMA}.noter WHERE "
                                            f"measurement = '{measurement}' ORDER BY nr")[1:]]
    if got_notes != notes:
        fail(f"{table}: notes {got_notes}, the CLI's {notes}")
    print(f"ok: {SCHEMA}.{table}: {len(got)} rows, {len(header)} columns, {len(notes)} notes "
          f"equal to `fremdrift measure {measurement}` ({len(calls)} call(s))")
