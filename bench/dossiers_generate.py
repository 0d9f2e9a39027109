"""Synthetic one-stop dossier export for a province's year (766 bench): `python bench/dossiers_generate.py OUT
[--rows N] [--units U] [--year Y] [--format parquet|csv]`.

Written by DuckDB from range(N) (no Python lists): every value is drawn from a hash of the row number, so a run
is repeatable. Shares are those of a province in 2024–2025: ~70 % online, 85–95 % on time, a few dossiers with
one or two supplement requests, some still open at the end of the year, some with no due date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SQL = """
WITH b AS (
    SELECT i,
        hash(i, 'u') % {units} AS u,
        hash(i, 'r') % 100 AS r1, hash(i, 's') % 100 AS r2, hash(i, 'f') % 100 AS r3, hash(i, 'g') % 100 AS r4,
        TIMESTAMP '{year}-01-01 07:30:00' + to_seconds(CAST(hash(i, 't') % (365 * 86400) AS BIGINT)) AS recv,
        1 + hash(i, 'd') % 15 AS days
    FROM range({rows}) t(i)
), c AS (
    SELECT *,
        CASE WHEN r2 < 90 THEN 0 WHEN r2 < 98 THEN 1 ELSE 2 END AS nsup,
        recv + to_days(CAST(days AS INTEGER)) AS due,
        -- 88 % finish before the due date, 9 % after, 3 % still open
        CASE WHEN r1 < 88 THEN recv + to_seconds(CAST(hash(i, 'e') % (days * 86400) AS BIGINT))
             WHEN r1 < 97 THEN recv + to_days(CAST(days + 1 + hash(i, 'l') % 10 AS INTEGER)) END AS fin
    FROM b
)
SELECT
    'HS' || lpad(CAST(i AS VARCHAR), 10, '0') AS dossier_id,
    'DV' || lpad(CAST(u AS VARCHAR), 4, '0') AS unit_id,
    'TTHC' || CAST(hash(i, 'p') % 900 AS VARCHAR) AS tthc_code,
    CASE WHEN r3 < 70 THEN 2 WHEN r3 < 95 THEN 1 ELSE 3 END AS channel,
    recv AS received_at,
    CASE WHEN r4 = 0 THEN NULL ELSE due END AS due_at,
    CASE WHEN fin IS NOT NULL AND nsup > 0 THEN fin + to_days(2) ELSE fin END AS finished_at,
    CASE WHEN fin IS NULL THEN 'open' WHEN r4 < 3 THEN 'rejected' WHEN r4 < 4 THEN 'withdrawn' ELSE 'returned' END
        AS end_status,
    days AS legal_days,
    CASE nsup WHEN 0 THEN NULL
        WHEN 1 THEN strftime(recv + to_days(1), '%Y-%m-%d %H:%M:%S')
        ELSE strftime(recv + to_days(1), '%Y-%m-%d %H:%M:%S') || ';' || strftime(recv + to_days(2), '%Y-%m-%d %H:%M:%S')
    END AS supplement_requested_at,
    CASE nsup WHEN 0 THEN NULL
        WHEN 1 THEN strftime(recv + to_days(3), '%Y-%m-%d %H:%M:%S')
        ELSE strftime(recv + to_days(1) + to_hours(5), '%Y-%m-%d %H:%M:%S')
             || ';' || strftime(recv + to_days(3), '%Y-%m-%d %H:%M:%S')
    END AS supplement_completed_at,
    CASE WHEN fin IS NOT NULL AND r2 % 10 < 7 THEN 'https://ketqua.example/' || CAST(i AS VARCHAR) END
        AS result_file_url,
    r4 % 2 = 0 AS tthc_requires_paper_result,
    r2 % 10 < 8 AS input_files_attached,
    r3 % 10 < 6 AS reused_digital_data,
    r1 % 10 < 3 AS from_personal_store,
    r4 % 10 < 4 AS vneid_authenticated,
    CASE WHEN r4 % 3 = 0 THEN 50000 + (hash(i, 'm') % 20) * 10000 ELSE 0 END AS fee_amount,
    CASE WHEN r4 % 3 = 0 AND r3 % 5 < 3 THEN 1 + r3 % 2 ELSE 0 END AS paid_online,
    CASE WHEN r2 % 7 = 0 THEN 'like' WHEN r2 % 97 = 1 THEN 'dislike' END AS rating,
    r1 % 200 = 3 AS has_complaint,
    r3 % 50 <> 7 AS synced_to_dvcqg
FROM c
"""


def generate(out: Path, rows: int, *, units: int = 120, year: int = 2025, fmt: str = "parquet",
             memory_limit: str | None = None) -> Path:
    from cchc.dossiers.engine import connect

    con = connect(memory_limit)
    query = SQL.format(rows=int(rows), units=int(units), year=int(year))
    opts = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
    con.execute(f"COPY ({query}) TO '{out}' ({opts})")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--units", type=int, default=120)
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    a = p.parse_args()
    generate(Path(a.out), a.rows, units=a.units, year=a.year, fmt=a.format)


if __name__ == "__main__":
    main()
