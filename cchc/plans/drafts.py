"""Editing a plan draft on the review screen and comparing it with a confirmed plan (pure Python).

A draft is the dict of ``PlanDraft.to_dict()`` (the gold JSON shape). The review screen works on a flat
list of rows (one per task entry, with the table index kept), edits cells, splits and merges rows, and
maps agency strings to units. ``diff_tasks`` compares the rows with the tasks of a confirmed plan so a
re-import shows what changed instead of duplicating tasks.
"""

from __future__ import annotations

import copy

from cchc.core import areas
from cchc.core.errors import CodedError
from cchc.core.vntext import clean_spaces, fold_key, nfc

TEXT_FIELDS = ("number", "section", "title", "deadline", "budget", "note")
LIST_FIELDS = ("activities", "products", "lead", "partners")
ROW_FIELDS = ("table", "section_title", *TEXT_FIELDS, *LIST_FIELDS)


class DraftError(CodedError, ValueError):
    """The review draft cannot be changed as asked."""


def rows_from_draft(draft: dict) -> list[dict]:
    """Flatten ``draft["tables"][].tasks[]`` into review rows (with ``table`` and ``section_title``)."""
    rows = []
    for ti, table in enumerate(draft.get("tables") or []):
        sections = {str(s.get("number")): s.get("title") or "" for s in table.get("sections") or []}
        for t in table.get("tasks") or []:
            row = {"table": ti, "section_title": sections.get(str(t.get("section")), "")}
            for f in TEXT_FIELDS:
                v = t.get(f)
                row[f] = nfc(clean_spaces(str(v))) if v not in (None, "") else ""
            for f in LIST_FIELDS:
                row[f] = [nfc(clean_spaces(str(x))) for x in (t.get(f) or []) if clean_spaces(str(x))]
            _lead_sentence_partners(row)
            if t.get("subsection"):
                row["section"] = f"{row['section']}.{t['subsection']}" if row["section"] else str(t["subsection"])
            rows.append(row)
    return rows


def _lead_sentence_partners(row: dict) -> None:
    """A lead kept by the parser as one sentence ("Sở Nội vụ chủ trì, phối hợp các Sở: Tư pháp, …", as the gold
    records it) becomes lead "Sở Nội vụ" and the named partners, so no co-operating agency is lost on review."""
    from cchc.plans.importing.cells import split_lead_cell

    lead, partners = [], []
    for text in row.get("lead") or []:
        l_, p_ = split_lead_cell(text)
        lead += l_
        partners += p_
    if partners:
        row["lead"] = lead
        row["partners"] = [*row.get("partners", []), *(p for p in partners if p not in row.get("partners", []))]


def agencies(rows: list[dict]) -> list[str]:
    """Distinct agency strings of all rows (lead first), in order of first appearance."""
    seen, out = set(), []
    for r in rows:
        for a in [*r.get("lead", []), *r.get("partners", [])]:
            k = fold_key(a)
            if k and k not in seen:
                seen.add(k)
                out.append(a)
    return out


def agency_lookup(agency_map: dict):
    """``text → entry`` of an import's agency map for an agency as a row writes it: the same text, else the spelling
    that stands for it (:func:`agencies` keeps one spelling per folded key, so "Các Sở, ban, ngành" is looked up as
    "các sở, ban, ngành" named first)."""
    folded: dict[str, dict] = {}
    for text, entry in agency_map.items():
        folded.setdefault(fold_key(text), entry)
    return lambda text: agency_map.get(text) or folded.get(fold_key(text))


def _split_list(text: str) -> list[str]:
    return [nfc(clean_spaces(x)) for x in (text or "").replace("\r", "").split("\n") if clean_spaces(x)]


def edit_cell(rows: list[dict], index: int, field: str, value: str) -> list[dict]:
    """Set one cell; list fields take one item per line."""
    _check_index(rows, index)
    if field not in (*TEXT_FIELDS, *LIST_FIELDS, "section_title"):
        raise DraftError("bad_field", f"Không có cột “{field}”.")
    out = copy.deepcopy(rows)
    out[index][field] = _split_list(value) if field in LIST_FIELDS else nfc(clean_spaces(value or ""))
    return out


def split_row(rows: list[dict], index: int, at: int | None = None) -> list[dict]:
    """Split a row in two: activities ``[:at]`` stay, ``[at:]`` go to a new row with the same task."""
    _check_index(rows, index)
    row = rows[index]
    acts = row.get("activities") or []
    if at is None:
        at = max(1, len(acts) // 2)
    if not 0 < at < max(len(acts), 2) or len(acts) < 2:
        raise DraftError("cannot_split", f"Dòng {index + 1} cần ít nhất hai hoạt động để tách.")
    first, second = copy.deepcopy(row), copy.deepcopy(row)
    first["activities"], second["activities"] = acts[:at], acts[at:]
    return [*copy.deepcopy(rows[:index]), first, second, *copy.deepcopy(rows[index + 1:])]


def merge_rows(rows: list[dict], index: int) -> list[dict]:
    """Merge row ``index + 1`` into row ``index`` (lists concatenated without duplicates, texts joined)."""
    _check_index(rows, index)
    if index + 1 >= len(rows):
        raise DraftError("cannot_merge", f"Dòng {index + 1} là dòng cuối, không có dòng sau để gộp.")
    a, b = copy.deepcopy(rows[index]), rows[index + 1]
    for f in LIST_FIELDS:
        keys = {fold_key(x) for x in a[f]}
        a[f] = a[f] + [x for x in b[f] if fold_key(x) not in keys]
    for f in ("title", "deadline", "budget", "note"):
        if b.get(f) and fold_key(b[f]) != fold_key(a.get(f) or ""):
            a[f] = clean_spaces(f"{a.get(f) or ''} {b[f]}")
    return [*copy.deepcopy(rows[:index]), a, *copy.deepcopy(rows[index + 2:])]


def delete_row(rows: list[dict], index: int) -> list[dict]:
    _check_index(rows, index)
    return [*copy.deepcopy(rows[:index]), *copy.deepcopy(rows[index + 1:])]


def _check_index(rows, index):
    if not 0 <= index < len(rows):
        raise DraftError("bad_row", f"Không có dòng {index + 1}.")


def task_key(row: dict) -> str:
    """Identity of a task across revisions: table, section, number and the first words of the title."""
    title = fold_key(row.get("title") or "")
    words = " ".join(title.split()[:12])
    return f"{row.get('table', 0)}|{fold_key(str(row.get('section') or ''))}|{row.get('number') or ''}|{words}"


def row_keys(rows: list[dict]) -> list[str]:
    """task_key per row; repeated keys (activity rows of one task) get a running suffix ``#2``, ``#3``."""
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        k = task_key(r)
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return out


COMPARED = ("title", "deadline", "budget", "note", "activities", "products", "lead", "partners")


def diff_tasks(old: dict[str, dict], rows: list[dict]) -> dict:
    """Compare confirmed tasks ``old`` (key -> row dict) with draft ``rows``.

    Returns {"added": [key], "removed": [key], "changed": [{"key", "fields": {field: [old, new]}}],
    "unchanged": n}.
    """
    new = dict(zip(row_keys(rows), rows, strict=True))
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed, unchanged = [], 0
    for k, row in new.items():
        if k not in old:
            continue
        fields = {}
        for f in COMPARED:
            a, b = old[k].get(f), row.get(f)
            if f in LIST_FIELDS:
                a, b = list(a or []), list(b or [])
            else:
                a, b = a or "", b or ""
            if a != b:
                fields[f] = [a, b]
        if fields:
            changed.append({"key": k, "fields": fields})
        else:
            unchanged += 1
    return {"added": added, "removed": removed, "changed": changed, "unchanged": unchanged}


# Words that put a section/task title in a CCHC area (folded text); codes and labels: cchc.core.areas.
AREA_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("direction", ("chi dao", "dieu hanh", "tuyen truyen", "kiem tra")),
    ("institutions", ("the che", "van ban quy pham", "vbqppl", "phap luat")),
    ("procedures", ("thu tuc hanh chinh", "tthc", "mot cua")),
    ("organisation", ("to chuc bo may", "bo may", "sap xep")),
    ("civil_service", ("cong vu", "can bo", "cong chuc", "vien chuc", "cbcc", "nang luc", "dao tao", "boi duong")),
    ("public_finance", ("tai chinh", "ngan sach", "tu chu")),
    ("digital", ("chinh quyen dien tu", "chinh quyen so", "chinh phu dien tu", "chinh phu so", "chuyen doi so",
                 "cong nghe thong tin", "dien tu", "truc tuyen", "so hoa")),
)
OTHER_AREA = areas.GENERAL

def area_of(*texts: str) -> str:
    """The CCHC area a section/task title belongs to (keyword match on folded text), else "general"."""
    for text in texts:
        k = fold_key(text or "")
        if not k:
            continue
        for code, words in AREA_WORDS[1:] + AREA_WORDS[:1]:
            if any(w in k for w in words):
                return code
    return OTHER_AREA
