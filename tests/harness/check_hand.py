#!/usr/bin/env python3
"""Checks a data-driven case's hand-computed figures (hand.csv) against its command's output.

Usage: check_hand.py HAND_CSV OUTPUT_FILE
Exit 0 when every check holds, 1 when one fails, 2 when hand.csv is malformed or empty.

hand.csv holds figures worked out by hand from the arithmetic in the case's `cmd` comments; the
program never writes it. Each non-comment line is `where;select;field;value` (docs/testing.md):

  where   csv:N   the N-th CSV table of the output (a table starts at a header line of
                  lower-case identifiers separated by commas, and runs while the field count fits)
          json:N  the N-th JSON document (a line "{" at column 0 up to a line "}")
          text    the output's lines
  select  for csv/json: `col=value,col=value` picks rows (empty: every row); for json also
          `notes`; for text: a line's label (the line, trimmed, starts with it)
  field   a column name, or `count` (the number of rows, notes or lines matched); for
          json `notes`: `includes` (value: a note's exact text) or `count`; for text: empty
          (the rest of the labelled line must equal value) or `count` (lines equal to select, trimmed)
  value   a number or plain arithmetic (`1.5/280*100`), compared with the printed value to half a
          unit of its last printed decimal; or a string in double quotes, compared exactly
"""
import csv
import io
import json
import re
import sys

HEADER = re.compile(r"^[a-z_][a-z0-9_]*(,[a-z_][a-z0-9_]*)+$")
ARITH = re.compile(r"^[0-9.+\-*/() ]+$")


def parse_output(text):
    """Returns (csv_tables, json_docs, lines); a table is a list of dict rows."""
    lines = text.split("\n")
    tables, docs = [], []
    table, width = None, 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "{":
            table = None
            j = i + 1
            while j < len(lines) and lines[j] != "}":
                j += 1
            docs.append(json.loads("\n".join(lines[i:j + 1])))
            i = j + 1
            continue
        if HEADER.match(line):
            header = line.split(",")
            table, width = [], len(header)
            tables.append((header, table))
        elif table is not None and line:
            fields = next(csv.reader(io.StringIO(line)))
            if len(fields) == width:
                table.append(dict(zip(tables[-1][0], fields)))
            else:
                table = None
        else:
            table = None
        i += 1
    return [t for _, t in tables], docs, lines


def parse_value(raw):
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        return raw[1:-1]
    if not ARITH.match(raw):
        raise ValueError(f"value {raw!r} is neither a quoted string nor plain arithmetic")
    return float(eval(raw, {"__builtins__": {}}, {}))  # digits and + - * / ( ) only


def same(want, got):
    """got: a printed CSV string or a JSON value."""
    if isinstance(want, str):
        return got == want if isinstance(got, str) else json.dumps(got) == want
    if isinstance(got, bool) or got is None:
        return False
    if isinstance(got, (int, float)):
        return abs(got - want) <= 1e-9 * max(1.0, abs(want))
    if not re.match(r"^-?[0-9]+(\.[0-9]+)?$", got):
        return False
    decimals = len(got.split(".")[1]) if "." in got else 0
    return abs(float(got) - want) <= 0.5 * 10 ** -decimals + 1e-9 * max(1.0, abs(want))


def pick(rows, select):
    wanted = []
    for pair in filter(None, select.split(",")):
        if "=" not in pair:
            raise ValueError(f"selector part {pair!r} is not col=value")
        k, v = pair.split("=", 1)
        wanted.append((k, v))
    return [r for r in rows if all(str(r.get(k)) == v for k, v in wanted)]


def check(entry, tables, docs, lines):
    """Returns None when the check holds, else what was found."""
    where, select, field, value = entry
    want = parse_value(value)
    if where == "text":
        if field == "count":
            got = sum(1 for line in lines if line.strip() == select)
            return None if same(want, str(got)) else f"{got} lines"
        if field:
            raise ValueError("text checks take an empty field or 'count'")
        hits = [line.strip() for line in lines
                if re.match(re.escape(select) + r"(\s|$)", line.strip())]
        if len(hits) != 1:
            return f"{len(hits)} lines labelled {select!r}"
        rest = hits[0][len(select):].strip()
        return None if same(want, rest) else repr(rest)
    kind, _, n = where.partition(":")
    if kind not in ("csv", "json") or not n.isdigit() or int(n) < 1:
        raise ValueError(f"where {where!r} is not text, csv:N or json:N")
    n = int(n)
    if kind == "csv":
        if n > len(tables):
            return f"the output has {len(tables)} CSV tables"
        rows = tables[n - 1]
    else:
        if n > len(docs):
            return f"the output has {len(docs)} JSON documents"
        doc = docs[n - 1]
        if select == "notes":
            notes = doc.get("notes", [])
            if field == "count":
                return None if same(want, str(len(notes))) else f"{len(notes)} notes"
            if field == "includes":
                return None if want in notes else f"notes {notes!r}"
            raise ValueError("notes checks take 'includes' or 'count'")
        rows = doc.get("rows", [])
    hits = pick(rows, select)
    if field == "count":
        return None if same(want, str(len(hits))) else f"{len(hits)} rows"
    if len(hits) != 1:
        return f"{len(hits)} rows match"
    if field not in hits[0]:
        return f"no column {field!r}"
    got = hits[0][field]
    return None if same(want, got) else repr(got)


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n")[2], file=sys.stderr)
        return 2
    hand_path, output_path = sys.argv[1], sys.argv[2]
    with open(output_path, encoding="utf-8") as f:
        tables, docs, lines = parse_output(f.read())
    entries = []
    with open(hand_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(";", 3)
            if len(parts) != 4:
                print(f"{hand_path}:{number}: not where;select;field;value", file=sys.stderr)
                return 2
            entries.append((number, parts))
    if not entries:
        print(f"{hand_path}: no checks", file=sys.stderr)
        return 2
    failed = 0
    for number, entry in entries:
        try:
            problem = check(entry, tables, docs, lines)
        except ValueError as e:
            print(f"{hand_path}:{number}: {e}", file=sys.stderr)
            return 2
        if problem is not None:
            failed += 1
            print(f"hand.csv:{number}: {';'.join(entry)}  -- found {problem}")
    print(f"hand figures: {len(entries) - failed} of {len(entries)} hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
