"""One way to page, sort and count every list page (and to export what the filter shows).

A view builds its filtered queryset (or list) as before, then::

    listing = paginate(request, qs, sorts={"title": ("title",), "date": ("-created_at",)}, default="title")

and renders ``listing.page`` rows, ``{% sort_th listing "title" _("Tên") %}`` headers and
``{% include "partials/listing.html" %}`` ("Hiển thị 1–50 trong 1.234" and the page links). Excel exports use
``listing.export_query`` (the same filter and sort, no page) so the file holds exactly the filtered rows.

Sorting accepts only the keys a view declares (never a raw field name from the URL). The page size is 50 by
default, ``?per=`` chooses 20–200.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

PER_PAGE = 50
PER_PAGE_CHOICES = (20, 50, 100, 200)


@dataclass
class Listing:
    page: Page
    sort: str
    descending: bool
    sorts: dict
    params: dict = field(default_factory=dict)  # the request's GET, minus page
    prefix: str = ""  # two lists on one page: "d" makes this one read dpage, dsort, dper

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def start(self) -> int:
        return self.page.start_index()

    @property
    def end(self) -> int:
        return self.page.end_index()

    @property
    def rows(self):
        return self.page.object_list

    def _query(self, **changes) -> str:
        params = {**self.params, **{k: v for k, v in changes.items()}}
        return urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)

    @property
    def query(self) -> str:
        """Filter and sort, without the page (for links that keep the current view)."""
        return self._query()

    @property
    def export_query(self) -> str:
        return self._query(**{f"{self.prefix}per": None})

    def page_query(self, number) -> str:
        return self._query(**{f"{self.prefix}page": number})

    def sort_query(self, key: str) -> str:
        """Clicking a header sorts by it; clicking the current one flips the direction."""
        if key == self.sort:
            value = key if self.descending else f"-{key}"
        else:
            value = key
        return self._query(**{f"{self.prefix}sort": value, f"{self.prefix}page": None})

    def page_links(self, window: int = 2) -> list:
        """Page numbers to show: first, last and a window around the current page; None marks a gap."""
        n, last = self.page.number, self.page.paginator.num_pages
        wanted = {1, last, *range(max(1, n - window), min(last, n + window) + 1)}
        out, prev = [], 0
        for p in sorted(wanted):
            if p - prev > 1:
                out.append(None)
            out.append(p)
            prev = p
        return out


def _sort_list(rows: list, keys: tuple, descending: bool) -> list:
    from cchc.core.vntext import collation_key

    def value(row, k):
        v = row
        for part in k.split("__"):  # the same lookups as the queryset sorts ("user__username")
            v = v.get(part) if isinstance(v, dict) else getattr(v, part, None)
            if v is None:
                break
        if v is None or v == "":
            return (1, ())
        if isinstance(v, str):
            return (0, collation_key(v))
        return (0, v)

    out = list(rows)
    for k in reversed(keys):
        k, rev = (k[1:], True) if k.startswith("-") else (k, False)
        out.sort(key=lambda r, k=k: value(r, k), reverse=rev != descending)
    return out


def sorted_by(request, sorts: dict, default: str, prefix: str = "") -> tuple[str, bool]:
    raw = (request.GET.get(f"{prefix}sort") or "").strip() if request is not None else ""
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in sorts:
        key, descending = default.lstrip("-"), default.startswith("-")
    return key, descending


def order(qs, sorts: dict, key: str, descending: bool):
    """Apply a declared sort to a queryset (each key maps to one or more order_by expressions)."""
    fields = list(sorts[key])
    if descending:
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return qs.order_by(*fields, "pk" if not descending else "-pk")


def per_page(request, default: int = PER_PAGE, prefix: str = "") -> int:
    try:
        n = int(request.GET.get(f"{prefix}per") or default)
    except ValueError:
        return default
    return n if n in PER_PAGE_CHOICES else default


def paginate(request, rows, *, sorts: dict | None = None, default: str = "", per: int | None = None,
             prefix: str = "") -> Listing:
    """Sort ``rows`` (a queryset, or a list of dicts/objects) by the requested declared key and return one page.

    ``prefix`` lets a second list on the same page keep its own page, sort and size (``dpage``, ``dsort``, ``dper``).
    """
    sorts = sorts or {}
    key, descending = sorted_by(request, sorts, default, prefix) if sorts else ("", False)
    if sorts:
        if hasattr(rows, "order_by"):
            rows = order(rows, sorts, key, descending)
        else:
            rows = _sort_list(rows, tuple(sorts[key]), descending)
    paginator = Paginator(rows, per or per_page(request, prefix=prefix))
    page = paginator.get_page(request.GET.get(f"{prefix}page"))
    params = {k: request.GET.getlist(k) if len(request.GET.getlist(k)) > 1 else request.GET.get(k)
              for k in request.GET if k not in (f"{prefix}page", "export", "format")}
    return Listing(page=page, sort=key, descending=descending, sorts=sorts, params=params, prefix=prefix)


def export_rows(request, rows, *, sorts: dict | None = None, default: str = ""):
    """The rows an export should hold: the same filter and sort as the list page, every page."""
    sorts = sorts or {}
    if not sorts:
        return rows
    key, descending = sorted_by(request, sorts, default)
    if hasattr(rows, "order_by"):
        return order(rows, sorts, key, descending)
    return _sort_list(rows, tuple(sorts[key]), descending)
