"""Query/form parameter parsing at the edge: one helper per kind, a Vietnamese message naming the parameter.

Views call these instead of ``int(request.GET[...])``; a bad value raises :class:`BadParameter`, which
``cchc.core.middleware.EdgeGuardMiddleware`` turns into a 400 page (or JSON under /api/) — never a 500.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from cchc.core.errors import CodedError

MIN_YEAR, MAX_YEAR = 2000, 2100


class BadParameter(CodedError):
    """A request parameter that cannot be used; ``message`` is Vietnamese and names the parameter."""

    status = 400

    def __init__(self, name: str, message: str):
        super().__init__("bad_parameter", message)
        self.name = name


def int_param(raw, *, name: str, default: int | None = None, min_value: int | None = None,
              max_value: int | None = None, label: str = "") -> int | None:
    """An integer parameter; empty → ``default``; not an integer or out of range → :class:`BadParameter`."""
    label = label or name
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    text = str(raw).strip()
    if len(text) > 18 or not text.lstrip("-+").isdigit():
        raise BadParameter(name, _("Tham số “%(label)s” phải là số nguyên (nhận được “%(value)s”).")
                            % {"label": label, "value": text[:40]})
    value = int(text)
    if min_value is not None and value < min_value:
        raise BadParameter(name, _("Tham số “%(label)s” phải lớn hơn hoặc bằng %(min)s (nhận được %(value)s).")
                            % {"label": label, "min": min_value, "value": value})
    if max_value is not None and value > max_value:
        raise BadParameter(name, _("Tham số “%(label)s” phải nhỏ hơn hoặc bằng %(max)s (nhận được %(value)s).")
                            % {"label": label, "max": max_value, "value": value})
    return value


def year_param(raw, *, name: str = "year", default: int | None = None) -> int | None:
    """A calendar year between 2000 and 2100."""
    return int_param(raw, name=name, default=default, min_value=MIN_YEAR, max_value=MAX_YEAR, label=_("năm"))


def id_param(raw, *, name: str, default: int | None = None) -> int | None:
    """A database id (positive integer)."""
    return int_param(raw, name=name, default=default, min_value=1, max_value=2**63 - 1)


def version_param(raw, *, name: str = "version") -> int | None:
    """The version a form was loaded at (optimistic locking); empty or 0 → None."""
    return int_param(raw, name=name, default=0, min_value=0, max_value=2**31 - 1, label=_("phiên bản")) or None


def finite_float(value: float, *, name: str) -> float:
    if not math.isfinite(value):
        raise BadParameter(name, _("Giá trị “%(name)s” phải là một số hữu hạn.") % {"name": name})
    return value


def period_param(raw, *, name: str = "period", default: str | None = None) -> str | None:
    """A reporting period as its code (DHIS2 style: 2024, 2024S1, 2024Q3, 202405), typed as the code or as people
    read it ("Quý III/2024", "quy 3 nam 2024": :func:`cchc.core.periods.parse_period_input`)."""
    from cchc.core.periods import parse_period_input

    if raw is None or not str(raw).strip():
        return default
    text = str(raw).strip()
    period = parse_period_input(text)
    if period is None:
        raise BadParameter(name, _("Kỳ báo cáo “%(value)s” không hợp lệ (ví dụ: 2024, 2024S1, 2024Q3, 202405).")
                           % {"value": text[:40]})
    if not MIN_YEAR <= period.year <= MAX_YEAR:
        raise BadParameter(name, _("Kỳ báo cáo “%(value)s” nằm ngoài khoảng năm %(min)s–%(max)s.")
                           % {"value": text[:40], "min": MIN_YEAR, "max": MAX_YEAR})
    return period.code


def date_param(raw, *, name: str, label: str):
    """A typed date (cchc.core.vndates.parse_date_input) or None when empty; anything else — "31/02/2026",
    "hôm nay" — is refused naming the field, never read as today."""
    from cchc.core.vndates import parse_date_input

    try:
        return parse_date_input(raw)
    except ValueError as exc:
        raise BadParameter(name, _("%(label)s “%(raw)s” không hợp lệ (dùng dd/mm/yyyy).")
                           % {"label": label, "raw": str(raw or "")[:30]}) from exc
