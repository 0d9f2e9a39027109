"""Task tables ("Phụ lục") → task entries (pure Python).

Works on rows of cell strings (from txt, html, docx or pdf alike). Handles: header rows repeated after
page breaks, continuation rows (a cell's text continued on the next row with an empty number cell),
group (section) rows, multi-level tables (objective 1.x | task 2.x | activities 3.x | …), activity
rows under one task with their own lead/deadline, vertically merged (empty) agency cells, and rows
whose task cell holds several numbered tasks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from cchc.core.intake import clean_cell
from cchc.core.vntext import clean_spaces, fold_key

from .cells import (
    LETTER_RE,
    LOWER,
    is_roman,
    leading_number,
    number_of,
    split_agencies,
    split_items,
    split_numbered_tasks,
)

# activity rows repeating the task's lead/partners/deadline: one entry per printed row (gold convention)
MERGE_SAME_ACTIVITY_ROWS = False

ROLES = ("number", "objective", "task", "activities", "products", "lead", "partners", "deadline", "budget", "note")


@functools.lru_cache(maxsize=4096)
def _header_key(header: str) -> str:
    h = re.sub(r"\[\d+\]|[*_#]", "", clean_cell(header))
    return fold_key(re.sub(r"^\d+\s*[-.)]\s*", "", h)).strip()


@functools.lru_cache(maxsize=4096)
def column_role(header: str) -> str | None:
    """The role of a column from its header text, any case, markup and footnote marks removed: number,
    task (title/content), objective (group or indicator), activities, products (result), lead, partners,
    deadline (time), budget, note (note/monitoring), or None."""
    k = _header_key(header)
    if re.fullmatch(r"(?:so\s*)?s?tt\.?|thu tu|so thu tu", k):
        return "number"
    if k.startswith(("nguoi dung dau", "lanh dao phu trach", "nguoi chiu trach nhiem")) or k == "tinh trang":
        return None  # a person answerable, the state of a project: not an agency column
    if "chu tri" in k or re.search(r"^(?:co quan|don vi|co quan, don vi)(?: chinh)? thuc hien$|^trach nhiem(?: thuc hien)?$"
                                   r"|^(?:co quan|don vi) (?:chiu )?trach nhiem|^don vi phu trach", k):
        return "lead"
    if "phoi hop" in k:
        return "partners"
    if "kinh phi" in k or "du toan" in k or k.startswith(("nguon luc", "nguon von")):
        return "budget"
    if "ghi chu" in k or k.startswith(("theo doi", "giam sat", "kiem tra, giam sat", "don vi theo doi")):
        return "note"
    if k.startswith(("thoi gian", "thoi han", "tien do", "thoi diem", "han hoan thanh", "lo trinh", "moc thoi gian",
                     "nam hoan thanh", "nam thuc hien")) or "thoi gian" in k or "thoi han" in k:
        return "deadline"
    if k.startswith("hoat dong"):
        return "activities"
    if k.startswith(("thuoc nhom", "nhom nhiem vu", "linh vuc")):
        return "objective"
    if k.startswith(("ket qua", "san pham", "du kien san pham", "du kien ket qua", "hinh thuc san pham", "chi tieu dat",
                     "yeu cau")):
        return "products"
    if k.startswith(("muc tieu", "chi tieu")):
        return "objective"
    if k.startswith(("nhiem vu", "noi dung", "ten nhiem vu", "cong viec", "giai phap", "ten de an", "ten du an",
                     "ten chuong trinh", "de an", "danh muc", "ten nhiem vu", "cac nhiem vu")):
        return "task"
    return None


_PROCEDURE_COL = re.compile(r"^(?:ma (?:so )?(?:tthc|thu tuc)|ten (?:tthc|thu tuc hanh chinh|thu tuc)|thoi han giai quyet"
                            r"|phi, le phi|le phi|cach thuc thuc hien|dia diem thuc hien|can cu phap ly)")


def is_procedure_header(row: list[str]) -> bool:
    """"TT | Mã TTHC | Tên thủ tục hành chính | Thời hạn giải quyết | …": a list of administrative procedures."""
    keys = [_header_key(c) for c in row]
    hits = sum(1 for k in keys if _PROCEDURE_COL.match(k))
    if hits >= 2 or any(k.startswith(("ma tthc", "ma thu tuc", "ma so tthc", "so ho so tthc")) for k in keys):
        return True
    # "STT | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện": a catalogue; with a "chủ trì" or a deadline
    # column ("… | Cơ quan chủ trì rà soát | Thời gian hoàn thành") it is a plan to review those procedures
    named = any(k.startswith(("ten thu tuc hanh chinh", "ten tthc")) for k in keys)
    planned = any(column_role(c) in ("deadline", "partners") or "chu tri" in k for c, k in zip(row, keys, strict=False))
    return named and not planned


def is_target_header(roles: list[str | None]) -> bool:
    """"TT | Chỉ tiêu | Chủ trì": a table assigning targets to lead units (no task column)."""
    return "objective" in roles and "task" not in roles and "activities" not in roles and "lead" in roles


def header_roles(row: list[str]) -> list[str | None] | None:
    """Roles of a header row, or None if ``row`` is not the header of a task (or target-assignment) table."""
    cells = [clean_cell(c) for c in row]
    if len([c for c in cells if c]) < 3 or any(len(c) > 90 for c in cells):
        return None
    if is_procedure_header(cells):
        return None
    roles = [column_role(c) for c in cells]
    if "lead" not in roles and "partners" in roles:
        for i, c in enumerate(cells):
            if roles[i] is None and _LEAD_ALT.search(_header_key(c)):
                roles[i] = "lead"
                break
    if roles.count("deadline") > 1:
        # "… | Thời hạn | Kết quả thực hiện | Tiến độ": beside a deadline column, "Tiến độ" is the progress status
        keys = [_header_key(c) for c in cells]
        if any(r == "deadline" and k.startswith(("thoi han", "thoi gian", "han hoan thanh")) for r, k in zip(roles, keys, strict=False)):
            roles = ["note" if r == "deadline" and k.startswith(("tien do", "tinh trang")) else r
                     for r, k in zip(roles, keys, strict=False)]
    if not any(r in roles for r in ("lead", "deadline", "partners")):
        return None  # e.g. a scoring rubric or a statistics table: not a task table
    if "task" not in roles:
        if "activities" in roles:
            roles = ["task" if r == "activities" else r for r in roles]
        elif is_target_header(roles):
            return roles
        elif "objective" in roles and roles.count("objective") == 1 and "deadline" in roles:
            roles = ["task" if r == "objective" else r for r in roles]  # "Mục tiêu, nhiệm vụ | … | Thời gian"
        else:
            # the task column is the first text column without a role ("Tên …", "Danh mục …")
            free = [i for i, (r, c) in enumerate(zip(roles, cells, strict=False)) if r is None and c]
            if not free or "number" not in roles or free[0] > roles.index("number") + 1 or "lead" not in roles:
                return None  # "Thứ tự | Họ tên | Thời gian" (a list of office holders) is not a task table
            roles[free[0]] = "task"
    if "lead" not in roles and "deadline" not in roles:
        return None
    if "lead" not in roles and "partners" not in roles and "number" not in roles:
        return None  # "Đại hội lần thứ | Thời gian | Địa điểm | … | Nội dung": a chronicle, not a task table
    return roles


_LEAD_ALT = re.compile(r"^(?:co quan|don vi|co quan, don vi|trach nhiem)(?: chinh)? thuc hien|^(?:co quan|don vi) thuc hien")


@dataclass
class RowRecord:
    cells: dict[str, str]
    section: str | None
    subsection: str | None
    objective: tuple[str | None, str] | None
    kind: str  # "task" | "activity"
    after_break: bool = False


@dataclass
class TaskTable:
    caption: str = ""
    columns: list[str] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)


def _first_text(cells: dict[str, str], roles: list[str | None]) -> str:
    for r in roles:
        if r and r != "number" and cells.get(r):
            return cells[r]
    return ""


def _starts_lower(text: str) -> bool:
    t = text.lstrip(" \"“(")
    return bool(t) and bool(re.match(rf"[{LOWER}]", t[0]))


def _column_numbers(cells: list[str]) -> bool:
    """The row under a header that numbers the columns: "(1) | (2) | (3) …" or "1 | 2 | 3 …" (or "A | B | C")."""
    vals = [re.sub(r"^\((.+)\)$", r"\1", c.strip()) for c in cells if c.strip()]
    if len(vals) < 3:
        return False
    if all(re.fullmatch(r"\d{1,2}", v) for v in vals):
        nums = [int(v) for v in vals]
        return all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))
    if all(re.fullmatch(r"[A-Z]", v) for v in vals):
        return all(ord(b) == ord(a) + 1 for a, b in zip(vals, vals[1:], strict=False))
    return False


_START_RE = re.compile(r"^(?:bat dau|khoi cong|tu(?: ngay| nam| thang)?)$")
_END_RE = re.compile(r"^(?:hoan thanh|ket thuc|den(?: ngay| nam| thang)?)$")


def _sub_header(cells: list[str], roles: list[str | None]) -> bool:
    """Second header row under merged header cells: "Thời gian thực hiện" → "Bắt đầu | Hoàn thành"."""
    vals = [c for c in cells if c]
    if not vals or any(len(c) > 40 or re.search(r"\d", c) for c in vals):
        return False
    return all(column_role(c) is not None or _START_RE.match(fold_key(c)) or _END_RE.match(fold_key(c))
               for c in vals)


def _apply_sub_header(cells: list[str], roles: list[str | None]) -> list[str | None]:
    out = list(roles)
    owner = None
    for i, c in enumerate(cells):
        if roles[i] is not None:
            owner = roles[i]
        k = fold_key(c)
        if not c:
            continue
        if owner == "deadline" and _START_RE.match(k):
            out[i] = "start"
        elif owner == "deadline" and _END_RE.match(k):
            out[i] = "deadline"
        elif roles[i] is None and column_role(c):
            out[i] = column_role(c)
        elif roles[i] is None and owner:
            out[i] = owner
    if "deadline" not in out and "start" in out:
        out[out.index("start")] = "deadline"
    return out


def parse_task_table(rows: list[list[str]], roles: list[str | None], caption: str = "") -> TaskTable:
    table = TaskTable(caption=caption)
    header_key = None
    records: list[RowRecord] = []
    section = subsection = None
    objective: tuple[str | None, str] | None = None
    page_break = False
    has_objective = "objective" in roles
    ncols = len(roles)
    for row in rows:
        if row and row[0] == "\x00PIPE":
            continue
        if header_key is None:
            header_key = [fold_key(clean_cell(c)) for c in row]
            table.columns = [clean_spaces(clean_cell(c)) for c in row]
            continue
        raw = list(row) + [""] * (ncols - len(row))
        cells_list = [clean_cell(c) for c in raw[:ncols]]
        if not any(cells_list) or all(re.fullmatch(r"[-=:\s|]*", c) for c in cells_list):
            page_break = True
            continue
        if _column_numbers(cells_list):
            continue
        if not records and _sub_header(cells_list, roles):
            roles = _apply_sub_header(cells_list, roles)
            table.columns = [f"{a} {b}".strip() if b and b != a else a
                             for a, b in zip(table.columns, cells_list, strict=False)]
            continue
        key = [fold_key(c) for c in cells_list]
        if key[: len(header_key)] == header_key[:ncols] or (
            sum(1 for a, b in zip(key, header_key, strict=False) if a and a == b) >= 2 and header_roles(raw[:ncols]) is not None
        ):
            page_break = True
            continue
        cells: dict[str, str] = {}
        for r, c in zip(roles, cells_list, strict=False):
            if r and c:
                cells[r] = (cells[r] + "\n" + c) if r in cells else c
        num = number_of(cells.get("number", ""))
        others = [r for r in cells if r != "number"]
        text_cells = [cells[r] for r in ("objective", "task", "activities") if r in cells]
        # group (section) row: a number and one title, nothing else (the title may sit under any column when
        # the number column is followed by an agency column: "A. | BỘ NÔNG NGHIỆP …")
        filled = [i for i, c in enumerate(cells_list) if c]
        two_cell_group = (len(filled) == 2 and filled[0] == 0 and filled[1] == 1 and roles[0] == "number"
                          and roles[1] not in ("task", "objective", "activities")
                          and re.fullmatch(r"(?:[IVXLC]+|[A-ZĐ])[.)]?", cells_list[0].strip()))
        if two_cell_group or (len(others) <= 1 and not any(cells.get(r) for r in ("lead", "partners", "deadline", "products"))):
            title = cells[others[0]] if others else ""
            n = num
            if not others and num and re.match(r"^([IVXLC]+|[A-ZĐ]|\d+)\s*[.)/-]\s+\S", num):
                n, title = None, num  # "I. CÔNG TÁC …" written in the number column
            if not n:
                m = re.match(r"^([IVXLC]+|[A-ZĐ])\s*[.)/-]\s+(.*)$", title, re.S)
                if m:
                    n, title = m.group(1), m.group(2)
            if n and re.fullmatch(r"[IVXLC]+(?:\.\d+)+", n) and title:
                # "III.1 | Cải cách thủ tục hành chính": a group nested in "III"
                section, subsection = n, None
                table.sections.append({"number": n, "title": clean_spaces(title), "parent": n.split(".")[0]})
                objective = None
                page_break = False
                continue
            if n and (is_roman(n) or LETTER_RE.match(n) or (re.fullmatch(r"\d+", n) and title)):
                title = clean_spaces(title)
                if LETTER_RE.match(n) and not is_roman(n) and section and is_roman(section):
                    subsection = n
                    table.sections.append({"number": n, "title": title, "parent": section})
                else:
                    section, subsection = n, None
                    table.sections.append({"number": n, "title": title})
                objective = None
                page_break = False
                continue
        first = _first_text(cells, roles)
        task_cell = cells.get("task", "")
        task_numbered = bool(leading_number(task_cell)[0]) if task_cell else False
        if records and not num and not task_numbered and (
            _starts_lower(first)
            or (page_break and not any(cells.get(r) for r in ("lead", "partners", "deadline")))
        ):
            prev = records[-1]
            for r, c in cells.items():
                prev.cells[r] = (prev.cells[r].rstrip() + " " + c) if prev.cells.get(r) else c
            page_break = False
            continue
        if not num and list(cells) == ["task"] and "number" in roles and not task_numbered and len(task_cell) <= 200 \
                and any(r in roles for r in ("lead", "partners")) and not _starts_lower(task_cell):
            # "Nhiệm vụ giao Bộ trưởng Bộ Y tế" alone on its row, above numbered tasks: an unnumbered group heading
            section, subsection, objective = None, None, None
            table.sections.append({"number": None, "title": clean_spaces(task_cell)})
            page_break = False
            continue
        if has_objective and cells.get("objective"):
            onum, otext = leading_number(cells["objective"])
            objective = (onum, otext)
        if task_cell or num:
            kind = "task"
        elif text_cells or any(cells.get(r) for r in ("lead", "partners", "deadline", "products")):
            kind = "activity" if records else "task"
        else:
            kind = "task"
        records.append(RowRecord(cells, section, subsection, objective, kind, page_break))
        page_break = False
    table.tasks = _build_entries(records, has_objective)
    return table


def _task_numbers(rec: RowRecord, has_objective: bool) -> list[tuple[str | None, str]]:
    num = number_of(rec.cells.get("number", ""))
    task_cell = rec.cells.get("task", "")
    multi = split_numbered_tasks(task_cell.replace("\n", " ")) if task_cell else []
    if multi and (has_objective or not num):
        return multi
    return [(num, clean_spaces(task_cell))]


def _section_for(number: str | None, section: str | None) -> str | None:
    if section and re.fullmatch(r"\d+", section) and number:
        if "." not in number:
            return None  # a sibling of the numbered group, not its child
        if not number.startswith(section + "."):
            return None
    return section


def _build_entries(records: list[RowRecord], has_objective: bool) -> list[dict]:
    entries: list[dict] = []
    task_groups: list[list[dict]] = []
    last_task: list[tuple[str | None, str]] | None = None
    last_rec: RowRecord | None = None
    for rec in records:
        c = rec.cells
        lead = split_agencies(c.get("lead"))
        partners = split_agencies(c.get("partners"))
        deadline = repair_deadline(clean_spaces(c.get("deadline", "")))
        start = clean_spaces(c.get("start", ""))
        if start and start != deadline:
            deadline = f"{start} - {deadline}" if deadline else start
        inherited: list[str] = []
        if not lead and not partners and last_rec is not None and entries and last_rec.section == rec.section \
                and last_rec.objective == rec.objective:
            prev = entries[-1]
            lead, partners = list(prev["lead"]), list(prev["partners"])
            inherited = ["lead", "partners"]
            if not deadline and prev["deadline"]:
                deadline = prev["deadline"]
                inherited.append("deadline")
            if not lead and not partners:
                inherited = [x for x in inherited if x == "deadline"]
        base = {
            "activities": split_items(c.get("activities")),
            "products": split_items(c.get("products")),
            "lead": lead,
            "partners": partners,
            "deadline": deadline or None,
            "budget": clean_spaces(c.get("budget", "")) or None,
            "note": clean_spaces(c.get("note", "")) or None,
        }
        if rec.kind == "activity" and last_task is not None:
            prev = entries[-1]
            same = prev["lead"] == base["lead"] and prev["partners"] == base["partners"] and \
                prev["deadline"] == base["deadline"]
            if same and len(last_task) == 1 and MERGE_SAME_ACTIVITY_ROWS:
                prev["activities"].extend(base["activities"])
                prev["products"].extend(base["products"])
                if not prev.get("budget"):
                    prev["budget"] = base["budget"]
                last_rec = rec
                continue
            group = task_groups[-1]
            for num, title in last_task:
                e = dict(base, number=num, section=_section_for(num, rec.section), title=title)
                _decorate(e, rec, inherited)
                entries.append(e)
                group.append(e)
            for e in group:
                e["activity_row"] = True
            last_rec = rec
            continue
        tasks = _task_numbers(rec, has_objective)
        group = []
        for num, title in tasks:
            e = dict(base, number=num, section=_section_for(num, rec.section), title=title)
            e["activities"] = list(base["activities"])
            e["products"] = list(base["products"])
            if len(tasks) > 1:
                e["shared_row"] = [n for n, _ in tasks if n != num]
            _decorate(e, rec, inherited)
            entries.append(e)
            group.append(e)
        task_groups.append(group)
        last_task = tasks
        last_rec = rec
    return entries


def _decorate(e: dict, rec: RowRecord, inherited: list[str]) -> None:
    if rec.subsection:
        e["subsection"] = rec.subsection
    if rec.objective:
        e["objective_number"] = rec.objective[0]
        e["objective"] = clean_spaces(rec.objective[1])
    if inherited:
        e["inherited_fields"] = list(inherited)


_DEADLINE_WORDS = ("Thường", "xuyên", "thường", "hằng", "hàng", "năm", "Năm", "Quý", "Tháng", "tháng", "Trước", "trước")


def repair_deadline(text: str) -> str:
    """Re-join a word broken by a narrow column ("Thườn g xuyên" → "Thường xuyên")."""
    toks = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(toks):
        if i + 1 < len(toks) and toks[i] not in _DEADLINE_WORDS and (toks[i] + toks[i + 1]) in _DEADLINE_WORDS:
            out.append(toks[i] + toks[i + 1])
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return " ".join(out)
