"""One search interface, two backends over the same postings table.

``get_backend()`` returns the backend for the default database:

- ``SqliteBackend`` (embedded default): the query terms are bound into a ``VALUES`` CTE and joined to
  the clustered ``WITHOUT ROWID`` postings table; SQLite aggregates and sorts.
- ``PostgresBackend`` (production): the terms travel as two arrays unnested server-side
  (``unnest(%s::text[], %s::float8[])``) and are joined to the covering index
  ``(term) INCLUDE (passage_id, weight)``; PostgreSQL aggregates and sorts.

Both run the same two-phase plan: (1) candidates from the selective (rarer) query terms,
(2) the common terms rescore only those candidates. Scores are BM25 (see ``ranking.py``).
"""

from __future__ import annotations

from django.db import connection

from .ranking import CANDIDATES


class SearchBackend:
    name = "base"

    def _values(self, terms: dict[str, float]) -> tuple[str, list]:
        raise NotImplementedError

    def _in_ids(self, ids: list[int]) -> tuple[str, list]:
        return "(" + ",".join(["%s"] * len(ids)) + ")", list(ids)

    def candidates(self, selective: dict[str, float], *, limit: int = CANDIDATES,
                   restrict_docs: list[int] | None = None) -> list[tuple[int, float]]:
        if not selective:
            return []
        values_sql, params = self._values(selective)
        restrict = ""
        if restrict_docs is not None:
            if not restrict_docs:
                return []
            in_sql, in_params = self._in_ids(restrict_docs)
            restrict = f" JOIN knowledge_passage ps ON ps.id = p.passage_id AND ps.document_id IN {in_sql}"
            params = params + in_params
        sql = (f"WITH q(term, w) AS ({values_sql}) "
               f"SELECT p.passage_id, SUM(q.w * p.weight) AS s FROM q "
               f"JOIN knowledge_posting p ON p.term = q.term{restrict} "
               f"GROUP BY p.passage_id ORDER BY s DESC, p.passage_id LIMIT %s")
        with connection.cursor() as cur:
            cur.execute(sql, params + [limit])
            return [(int(pid), float(s)) for pid, s in cur.fetchall()]

    def rescore(self, common: dict[str, float], passage_ids: list[int]) -> dict[int, float]:
        if not common or not passage_ids:
            return {}
        values_sql, params = self._values(common)
        in_sql, in_params = self._in_ids(passage_ids)
        sql = (f"WITH q(term, w) AS ({values_sql}) "
               f"SELECT p.passage_id, SUM(q.w * p.weight) FROM q "
               f"JOIN knowledge_posting p ON p.term = q.term AND p.passage_id IN {in_sql} "
               f"GROUP BY p.passage_id")
        with connection.cursor() as cur:
            cur.execute(sql, params + in_params)
            return {int(pid): float(s) for pid, s in cur.fetchall()}


class SqliteBackend(SearchBackend):
    name = "sqlite"

    def _values(self, terms):
        params: list = []
        rows = []
        for t, w in terms.items():
            rows.append("(%s, %s)")
            params.extend([t, float(w)])
        return "VALUES " + ", ".join(rows), params


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def _values(self, terms):
        keys = list(terms)
        return ("SELECT * FROM unnest(%s::text[], %s::float8[])",
                [keys, [float(terms[k]) for k in keys]])

    def _in_ids(self, ids):
        return "(SELECT unnest(%s::bigint[]))", [list(ids)]


def get_backend(vendor: str | None = None) -> SearchBackend:
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
