"""Shared parameter declarations for the REST API (django-ninja): bounds checked at the edge, so a bad value is
a documented 422 with a Vietnamese message (see cchc.api) — never a database error."""

from __future__ import annotations

from ninja import Path, Query

MAX_ID = 2**63 - 1  # BIGINT; larger ids cannot exist and would overflow the database driver
MAX_OFFSET = 1_000_000


def id_path(description: str = "mã số (id)"):
    return Path(..., ge=1, le=MAX_ID, description=description)


def limit_query(default: int, maximum: int):
    return Query(default, ge=1, le=maximum, description=f"số dòng tối đa (1–{maximum})")


def offset_query():
    return Query(0, ge=0, le=MAX_OFFSET, description=f"bỏ qua bao nhiêu dòng đầu (0–{MAX_OFFSET})")
