"""Demo dossiers for `cchc load_demo`: a synthetic one-stop export of the demo province (its departments and some
communes, the procedure codes of the demo catalogue) from 1 January 2024 to today, imported through the real CLI
(`cchc dossiers import … --source demo`), so the 766 page, the per-field table, the reports' Biểu mẫu 3 and the
index measures have figures. The values come from the bench generator's SQL (bench/dossiers_generate.py shares):
~70 % online, 85–95 % on time, some supplements, some still open."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

ROWS = 20_000

SQL = """
WITH u AS (SELECT list_value({units}) AS units, list_value({codes}) AS codes),
b AS (
    SELECT i, hash(i, 'r') % 100 AS r1, hash(i, 's') % 100 AS r2, hash(i, 'f') % 100 AS r3,
        hash(i, 'g') % 100 AS r4, 1 + hash(i, 'd') % 15 AS days,
        TIMESTAMP '2024-01-01 07:30:00' + to_seconds(CAST(hash(i, 't') % {span} AS BIGINT)) AS recv,
        list_extract(units, 1 + CAST(hash(i, 'u') % len(units) AS INTEGER)) AS unit_id,
        list_extract(codes, 1 + CAST(hash(i, 'p') % len(codes) AS INTEGER)) AS tthc_code
    FROM range({rows}) t(i), u
), c AS (
    SELECT *, recv + to_days(CAST(days AS INTEGER)) AS due,
        CASE WHEN r1 < 88 THEN recv + to_seconds(CAST(hash(i, 'e') % (days * 86400) AS BIGINT))
             WHEN r1 < 97 THEN recv + to_days(CAST(days + 1 + hash(i, 'l') % 10 AS INTEGER)) END AS fin
    FROM b
)
SELECT 'DEMO' || lpad(CAST(i AS VARCHAR), 8, '0') AS dossier_id, unit_id, tthc_code,
    CASE WHEN r3 < 70 THEN 2 WHEN r3 < 95 THEN 1 ELSE 3 END AS channel,
    recv AS received_at, due AS due_at,
    CASE WHEN fin > TIMESTAMP '{now}' THEN NULL ELSE fin END AS finished_at,
    CASE WHEN fin IS NULL OR fin > TIMESTAMP '{now}' THEN 'open' ELSE 'returned' END AS end_status,
    CASE WHEN fin IS NOT NULL AND r2 % 10 < 7 THEN 'https://ketqua.example/' || CAST(i AS VARCHAR) END
        AS result_file_url,
    r4 % 2 = 0 AS tthc_requires_paper_result, r2 % 10 < 8 AS input_files_attached,
    r3 % 10 < 6 AS reused_digital_data,
    CASE WHEN r4 % 3 = 0 THEN 50000 ELSE 0 END AS fee_amount,
    CASE WHEN r4 % 3 = 0 AND r3 % 5 < 3 THEN 1 ELSE 0 END AS paid_online,
    CASE WHEN r2 % 7 = 0 THEN 'like' WHEN r2 % 97 = 1 THEN 'dislike' END AS rating,
    r1 % 200 = 3 AS has_complaint
FROM c
"""


def _lit(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def load_demo(stdout) -> None:
    import io

    from django.conf import settings
    from django.core.management import call_command

    from cchc.dossiers.engine import connect
    from cchc.org.models import UnitKind
    from cchc.org.selectors import home_units
    from cchc.procedures.models import Procedure

    if Path(settings.CCHC_DOSSIERS_DIR).exists() and any(Path(settings.CCHC_DOSSIERS_DIR).iterdir()):
        return  # the office already holds dossier data
    today = dt.date.today()
    units = home_units(today)
    codes = [u.code for u in units.filter(kind=UnitKind.DEPARTMENT).order_by("code")[:12]]
    codes += [u.code for u in units.filter(kind=UnitKind.COMMUNE).order_by("name")[:8]]
    tthc = list(Procedure.objects.order_by("code").values_list("code", flat=True)) or ["1.000000"]
    if not codes:
        return
    now = dt.datetime.combine(today, dt.time(7, 0))
    span = int((now - dt.datetime(2024, 1, 1, 7, 30)).total_seconds())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ho-so-mau.parquet"
        sql = SQL.format(units=_lit(codes), codes=_lit(tthc), rows=ROWS, span=span, now=now.isoformat(sep=" "))
        connect().execute(f"COPY ({sql}) TO '{out}' (FORMAT parquet)")
        call_command("dossiers", "import", str(out), "--source", "demo", stdout=io.StringIO())
    stdout.write(f"Đã nạp {ROWS} hồ sơ TTHC mẫu (2024 đến nay) của {len(codes)} đơn vị cho chỉ số 766.\n")
