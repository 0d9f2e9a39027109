"""Keyset pages for incremental pulls (pure Python but for the Q in :func:`page_queryset`).

Every list is ordered by a stable key ending in a unique id; ``cursor`` is the opaque key of the last row of the
previous page, so rows added or changed meanwhile are neither skipped nor repeated within one walk (a changed row
moves to the end). ``updated_since`` is inclusive (≥): a client passes the largest ``updated_at`` it has stored and
gets that row again at most — ids make the repeat harmless."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from cchc.core.errors import CodedError


def encode(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str | None, arity: int) -> list | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode())
    except (ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != arity or not all(isinstance(k, str | int) and not isinstance(
            k, bool) for k in key):
        raise CodedError("invalid_cursor", "Tham số “cursor” không hợp lệ: hãy dùng đúng giá trị “next_cursor” của "
                                           "trang trước.")
    return key


def utc_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def page_queryset(qs, *, cursor: str | None, limit: int, field: str = "updated_at"):
    """(rows, next_cursor) of ``qs`` ordered by (``field``, pk) after ``cursor``."""
    from django.db.models import Q

    qs = qs.order_by(field, "pk")
    key = decode(cursor, 2)
    if key is not None:
        try:
            at = datetime.fromisoformat(str(key[0]))
            if at.tzinfo is None or not isinstance(key[1], int) or not 0 <= key[1] < 2**63:
                raise ValueError
            at = at.astimezone(UTC)  # a forged offset beyond ±15:59 would be a database error on PostgreSQL
        except (ValueError, OverflowError):
            raise CodedError("invalid_cursor", "Tham số “cursor” không hợp lệ.") from None
        qs = qs.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": key[1]}))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode([utc_iso(getattr(rows[-1], field)), rows[-1].pk]) if more and rows else None
    return rows, nxt


def page_list(items: list[dict], *, key, cursor: str | None, limit: int, arity: int):
    """(items, next_cursor) of plain rows sorted by ``key(row)`` (a list of str/int) after ``cursor``."""
    items = sorted(items, key=key)
    after = decode(cursor, arity)
    if after is not None:
        try:
            items = [r for r in items if key(r) > after]
        except TypeError:  # a cursor of another list (str against int)
            raise CodedError("invalid_cursor", "Tham số “cursor” không hợp lệ.") from None
    more = len(items) > limit
    items = items[:limit]
    return items, (encode(key(items[-1])) if more and items else None)
