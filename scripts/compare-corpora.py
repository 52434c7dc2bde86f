#!/usr/bin/env python3
"""Compares two nianbao corpora row for row (used by scripts/test-cluster and scripts/bench-shards).

    scripts/compare-corpora.py A B [--sources LIST_FILE]

A and B are SQLite files or PostgreSQL URLs (postgres://…, read with psql). Every table of the
corpus (reports, cells, checks, diagnostics) is dumped ordered by all its columns, without
`convertedAt` (the time of the import, the one column two runs never share); numbers are compared
as numbers (3 and 3.0 alike), NULL as NULL. With --sources, A must also hold exactly one report
per line of LIST_FILE (its `source` the line as given). Prints a line per table; exit 1 on any
difference, with the first differing rows.
"""
import csv, io, sqlite3, subprocess, sys

TABLES = {
    "reports": ["sha256", "source", "format", "title", "agency", "year", "template", "publishedOn",
                "checksFailed", "checksNotEvaluated"],
    "cells": ["reportSha256", "tableName", "rowKey", "columnKey", "value", "raw", "note", "page", "line",
              "ocr", "ocrConfidence"],
    "checks": ["reportSha256", "position", "rule", "tableName", "place", "statement", "status", "expected",
               "actual", "cells", "reason"],
    "diagnostics": ["reportSha256", "position", "severity", "code", "message", "page", "line", "key"],
}


def canonical(value):
    """A value as text that compares alike from SQLite and from psql: numbers as floats, NULL apart."""
    if value is None:
        return "\0NULL"
    if isinstance(value, (int, float)):
        return repr(float(value))
    return str(value)


def sqlite_rows(path, table, columns):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        return [tuple(canonical(v) for v in row) for row in db.execute(f'SELECT {quoted} FROM "{table}"')]
    finally:
        db.close()


def psql(url, sql, *options):
    return subprocess.run(["psql", url, "-X", "-q", *options, "-c", sql], capture_output=True, text=True, check=True).stdout


def postgres_rows(url, table, columns):
    # The table's columns as PostgreSQL spells them (quoted camelCase or folded to lower case),
    # and which are numbers.
    described = psql(url, "SELECT column_name, data_type FROM information_schema.columns "
                          f"WHERE table_name = '{table}' AND table_schema = current_schema()", "-A", "-t", "-F", "\t")
    spelled, numeric = {}, set()
    for line in described.splitlines():
        name, kind = line.split("\t")
        spelled[name.lower()] = name
        if kind in ("integer", "bigint", "smallint", "real", "double precision", "numeric"):
            numeric.add(name.lower())
    quoted = ", ".join('"%s"' % spelled[c.lower()] for c in columns)
    # psql --csv writes NULL as an empty unquoted field; ask for a marker instead.
    text = psql(url, f"SELECT {quoted} FROM {table}", "--csv", "-P", "null=\\N")
    rows = []
    for record in list(csv.reader(io.StringIO(text)))[1:]:
        row = []
        for column, field in zip(columns, record):
            if field == "\\N":
                row.append("\0NULL")
            elif column.lower() in numeric:
                row.append(repr(float(field)))
            else:
                row.append(field)
        rows.append(tuple(row))
    return rows


def rows(target, table, columns):
    if target.startswith(("postgres://", "postgresql://")):
        return sorted(postgres_rows(target, table, columns))
    return sorted(sqlite_rows(target, table, columns))


def main(argv):
    args, sources = list(argv), None
    if "--sources" in args:
        at = args.index("--sources")
        with open(args[at + 1], encoding="utf-8") as f:
            sources = [line.strip() for line in f if line.strip() and not line.lstrip().startswith("#")]
        del args[at:at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    a, b = args
    ok = True
    for table, columns in TABLES.items():
        left, right = rows(a, table, columns), rows(b, table, columns)
        if left == right:
            print(f"  {table:12} {len(left):8} rows, equal")
            continue
        ok = False
        only_left = sorted(set(left) - set(right))[:3]
        only_right = sorted(set(right) - set(left))[:3]
        print(f"  {table:12} DIFFERENT: {len(left)} rows in A, {len(right)} in B")
        for side, shown in (("A", only_left), ("B", only_right)):
            for row in shown:
                print(f"    only in {side}: " + ", ".join("NULL" if v == "\0NULL" else repr(v) for v in row))
    if sources is not None:
        reports = rows(a, "reports", ["source"])
        counts = {}
        for (source,) in reports:
            counts[source] = counts.get(source, 0) + 1
        missing = [s for s in sources if s not in counts]
        twice = [s for s, n in counts.items() if n > 1]
        extra = [s for s in counts if s not in set(sources)]
        if missing or twice or extra or len(reports) != len(sources):
            ok = False
            print(f"  sources      MISMATCH: {len(sources)} inputs, {len(reports)} reports; "
                  f"{len(missing)} missing (e.g. {missing[:2]}), {len(twice)} twice, {len(extra)} not inputs")
        else:
            print(f"  sources      {len(sources):8} inputs, one report each")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
