"""Plan document importer (pure Python, no Django).

``parse_file(path_or_bytes, filename=None)`` and ``parse_text(text)`` return a :class:`PlanDraft`:
metadata (title, document number, issuer, province, issue date, period), the task tables of the
appendices (sections, tasks with activities/products/lead/partners/deadline/budget/note and a parsed
``schedule``) and the quantified targets of the body text. ``PlanDraft.to_dict()`` gives the JSON shape
of the gold files. Bad input raises :class:`PlanImportError` (an ``IntakeError``) with a machine code
and a Vietnamese message; nothing else escapes.

Pages: real pages for pdf; for txt/docx/html an estimate of characters / 3000.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field, fields

from cchc.core.docmeta import DocMeta, PlanHead, is_plan_head, read_docmeta
from cchc.core.intake import Document, IntakeError, clean_cell, read_document, read_source
from cchc.core.translation import gettext as _
from cchc.core.vntext import clean_spaces, fold_key, nfc

from .prose import assignment_tasks, duty_tasks, lead_group_tasks, prose_tasks
from .schedule import parse_deadline
from .tables import TaskTable, header_roles, is_procedure_header, is_target_header, parse_task_table
from .targets import extract_targets, table_targets

__all__ = ["PlanDraft", "PlanImportError", "parse_file", "parse_text", "parse_document", "parse_deadline"]


class PlanImportError(IntakeError):
    """The document was read but holds no plan that can be imported."""


@dataclass
class PlanDraft(PlanHead):
    """The metadata fields (kind, title, document_number, issuer, province, issue_date, period) are core's plan
    reading (:class:`cchc.core.docmeta.PlanHead`), then what the importer reads itself."""
    tables: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    pages: float = 1.0
    source_kind: str = "txt"
    warnings: list[str] = field(default_factory=list)
    procedure_tables: int = 0
    procedure_first: bool = False

    @property
    def tasks(self) -> list[dict]:
        return [t for tab in self.tables for t in tab["tasks"]]

    def to_dict(self) -> dict:
        return asdict(self)


def parse_file(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None) -> PlanDraft:
    data, name = read_source(path_or_bytes, filename, PlanImportError)
    doc = read_document(data, name, fill_merged=True)  # a merged agency cell leads every row it covers
    return parse_document(doc)


def parse_text(text: str) -> PlanDraft:
    return parse_file(nfc(text).encode("utf-8"), "van-ban.txt")


def parse_document(doc: Document, *, require_tasks: bool = True) -> PlanDraft:
    try:
        draft = _parse(doc)
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsers never raise unhandled exceptions
        raise PlanImportError(
            "parse_failed", f"Không phân tích được tệp {doc.filename or ''}: cấu trúc văn bản bất thường ({type(exc).__name__})."
        ) from exc
    draft.warnings = [*doc.warnings, *draft.warnings]
    if require_tasks and draft.procedure_tables and (not draft.tasks or draft.procedure_first or _procedure_title(doc)):
        raise PlanImportError(
            "procedure_list",
            f"Tệp {doc.filename or ''} là văn bản công bố danh mục thủ tục hành chính (bảng Mã TTHC | Tên thủ tục "
            "hành chính | Thời hạn giải quyết …), không phải kế hoạch: hãy nhập tệp này ở chức năng Danh mục thủ tục "
            "hành chính (trang /procedures/import/ hoặc lệnh `cchc procedures import TỆP`).",
        )
    if require_tasks and not draft.tasks and draft.targets and any(t.get("lead") for t in draft.targets):
        return draft  # a target-assignment table only ("TT | Chỉ tiêu | Chủ trì"): targets with their lead units
    if require_tasks and not draft.tasks and not _has_prose_tasks(draft):
        raise PlanImportError(
            "no_task_table",
            f"Không tìm thấy bảng nhiệm vụ trong tệp {doc.filename or ''}: cần bảng có các cột Nhiệm vụ, "
            "Cơ quan chủ trì, Thời gian thực hiện (thường ở Phụ lục).",
        )
    return draft


_PROCEDURE_TITLE = re.compile(r"công bố\s+(?:danh mục\s+)?(?:các\s+)?thủ tục hành chính|phê duyệt quy trình nội bộ", re.I)


def _procedure_title(doc: Document) -> bool:
    """The decision publishes administrative procedures ("Về việc công bố thủ tục hành chính …")."""
    head = " ".join(b for b in doc.blocks[:60] if isinstance(b, str))[:6000].replace("*", "")
    return bool(_PROCEDURE_TITLE.search(re.sub(r"\s+", " ", head)))


def _has_prose_tasks(draft: PlanDraft) -> bool:
    return any(t.get("from_prose") for t in draft.tasks)


def _parse(doc: Document) -> PlanDraft:
    draft = PlanDraft(pages=doc.pages, source_kind=doc.kind)
    paras: list[str] = []
    body_end = None
    blocks = doc.blocks
    table_targets_: list[dict] = []
    no_time: list[str] = []
    for idx, block in enumerate(blocks):
        if isinstance(block, str):
            paras.append(block)
            continue
        roles = _find_header(block)
        if roles is None:
            if any(is_procedure_header(r) for r in block[:4] if r and r[0] != "\x00PIPE"):
                draft.procedure_tables += 1
                draft.procedure_first = draft.procedure_first or not draft.tables
                if body_end is None:
                    body_end = len(paras)
                continue
            # a layout table (letterhead, signature, recipients) or a non-task table: keep its text
            for row in block:
                line = " ".join(clean_spaces(clean_cell(c)) for c in row if c and c != "\x00PIPE")
                if line.strip():
                    paras.append(line)
            continue
        start, roles_ = roles
        caption = _caption(blocks[:idx])
        if body_end is None:
            body_end = len(paras)
        if is_target_header(roles_):
            table_targets_.extend(table_targets(block[start:], roles_))
            continue
        table = parse_task_table(block[start:], roles_, caption)
        if table.tasks:
            draft.tables.append(_table_dict(table))
            if "deadline" not in roles_:
                no_time.append(table.caption or ", ".join(table.columns))
                for t in table.tasks:
                    t["needs_deadline"] = True
                    t.setdefault("warnings", []).append(
                        _("Bảng không có cột thời gian: người duyệt cần nhập thời hạn cho nhiệm vụ này."))
    body = paras if body_end is None else paras[:body_end]
    meta = _metadata(draft, paras)
    plan_start = _plan_start(body)
    # targets in running text ("phấn đấu … đạt 100 %") are read from a plan, a programme or a project; a report's or a
    # notice's "… đạt 82,6 %" states a result, not a target (BC 228/BC-SNV gave 17 such, its draft 157). The kind is the
    # document's own (its first type line, else its number "…/BC-…", "…/TB-…"): a web page's footer "THÔNG BÁO về Lưu
    # trữ …" or a base "Căn cứ Báo cáo số …/BC-…" does not make a decision a report
    prose_targets = [] if meta.kind in ("report", "notice") else extract_targets(body[plan_start:])
    draft.targets = prose_targets + table_targets_
    default_year = int(draft.period[:4]) if draft.period and draft.period[:4].isdigit() else None
    for t in draft.tasks:
        t["schedule"] = parse_deadline(t.get("deadline") or "", default_year=default_year)
        t.setdefault("lead_units", [])
        t.setdefault("partner_units", [])
        t.setdefault("unresolved", [])
    for cap in no_time:
        draft.warnings.append(_("Bảng nhiệm vụ “{caption}” không có cột thời gian: thời hạn của từng nhiệm vụ để người "
                                "duyệt nhập.").format(caption=cap[:120]))
    if not draft.tables and not draft.procedure_tables:
        prose = prose_tasks(body[plan_start:])
        grouped = [] if prose else lead_group_tasks(body[plan_start:])
        # a plan without a table ("Giao Sở X chủ trì, phối hợp … thực hiện …"), or any document whose lead lines
        # already gave tasks (a report's "Nhiệm vụ, giải pháp": "đ) Giao Sở Tư pháp chủ trì, phối hợp … rà soát …")
        if not prose:
            if draft.kind or grouped:
                prose = assignment_tasks(body[plan_start:])
                if grouped:  # a sentence ending in ":" is the lead of a lettered list, read by lead_group_tasks
                    prose = [t for t in prose if not t["title"].endswith(":")]
            # "VII. TỔ CHỨC THỰC HIỆN … 4. Báo và Đài tỉnh tăng cường tuyên truyền …" (no "giao", no "chủ trì"), and
            # in any document an explicit request ("Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.")
            prose += duty_tasks(body[plan_start:])
        if grouped:  # "Giao Sở X chủ trì, phối hợp …:" then a), b), c) — a plan or a conclusion notice
            prose = grouped + prose
        # every task read from prose without a time phrase is left to the reviewer, flagged
        flagged = [t for t in prose if t.get("needs_deadline") or not t.get("deadline")]
        for t in flagged:
            t["needs_deadline"] = True
            t.setdefault("warnings", []).append(_("Văn bản không ghi thời hạn cho nhiệm vụ này: người duyệt "
                                                  "cần nhập thời hạn."))
        if flagged:
            draft.warnings.append(_("{n} nhiệm vụ đọc từ lời văn không ghi thời hạn: người duyệt cần nhập thời hạn "
                                    "cho từng nhiệm vụ.").format(n=len(flagged)))
        if prose:
            draft.tables.append({"caption": "", "columns": [], "sections": [], "tasks": prose})
            for t in prose:
                t["schedule"] = parse_deadline(t.get("deadline") or "", default_year=default_year)
            draft.warnings.append(_("Văn bản không có bảng nhiệm vụ: các nhiệm vụ được đọc từ lời văn (“giao … chủ trì "
                                    "…”), hãy kiểm tra kỹ từng nhiệm vụ."))
    return draft


def _find_header(rows: list[list[str]]) -> tuple[int, list] | None:
    for i, row in enumerate(rows[:6]):
        if row and row[0] == "\x00PIPE":
            continue
        roles = header_roles(row)
        if roles is not None:
            return i, roles
    return None


def _table_dict(t: TaskTable) -> dict:
    return {"caption": t.caption, "columns": t.columns, "sections": t.sections, "tasks": t.tasks}


def _caption(before: list) -> str:
    texts = [b for b in before[-4:] if isinstance(b, str)]
    lines = "\n".join(texts).split("\n")
    idx = None
    for i, ln in enumerate(lines):
        if re.match(r"^\W*(?:PHỤ LỤC|Phụ lục|PHU LUC)\b", clean_spaces(ln.replace("*", ""))):
            idx = i
    if idx is None:
        cand = [ln for ln in lines[-3:] if ln.strip()]
        cap = [clean_spaces(c.replace("*", "")) for c in cand if not c.strip().lstrip("*").startswith("(")]
        return clean_spaces(" ".join(cap)) if cap and all(len(c) < 200 for c in cap) else ""
    first = re.sub(r"^\W*(?:PHỤ LỤC|Phụ lục)\s*[IVX\d]*[.:]?\s*", "", clean_spaces(lines[idx].replace("*", "")))
    out = [first] if first else []
    for ln in lines[idx + 1:]:
        s = clean_spaces(ln.replace("*", ""))
        if not s:
            continue
        if s.startswith("(") or fold_key(s).startswith(("kem theo", "ban hanh kem")):
            break
        out.append(s)
    return clean_spaces(" ".join(out))


def _plan_start(paras: list[str]) -> int:
    for i, p in enumerate(paras):
        first = clean_spaces(p.split("\n")[0].replace("*", "").replace("#", ""))
        if is_plan_head(first):
            return i
        lines = p.split("\n")
        for ln in lines:
            if is_plan_head(clean_spaces(ln.replace("*", "").replace("#", ""))):
                return i
    return 0


def _metadata(draft: PlanDraft, paras: list[str]) -> DocMeta:
    """The plan reading of :func:`cchc.core.docmeta.read_docmeta` (over the paragraphs of the whole document) into
    ``draft``; the whole reading is returned (its ``kind``: "report", "notice", "plan" …)."""
    meta = read_docmeta(paragraphs=paras)
    for f in fields(PlanHead):
        setattr(draft, f.name, getattr(meta.plan, f.name))
    # a document that is not a provincial plan (a decision approving a scheme, "PHÊ DUYỆT ĐỀ ÁN …" of the Prime
    # Minister) has no plan heading: the reviewer sees the letterhead's title and issuer rather than "—"
    draft.title = draft.title or (meta.title if meta.title_read else None)
    draft.issuer = draft.issuer or meta.issuer or None
    if not draft.issue_date and meta.issued_on:
        draft.issue_date = meta.issued_on.isoformat()
    return meta
