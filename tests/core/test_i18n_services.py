"""Vietnamese messages of the service modules go through gettext (issue 9).

A user-facing message built with an f-string bypasses gettext: the English UI shows it in Vietnamese and
``makemessages`` never sees it. The scan below fails when a Vietnamese f-string appears in one of the checked
modules outside :data:`ALLOWED`, where each remaining one is listed with the reason it stays Vietnamese — so the
list can only get shorter (an allowed string that disappears must be removed from the list too). A second scan
does the same for plain Vietnamese string constants raised without ``_()`` (exception messages, ValidationError
dict values), with its own list :data:`ALLOWED_PLAIN`. Three more cover Vietnamese constants passed as call
arguments or parameter defaults (:data:`ALLOWED_ARG`), module-level tables (:data:`ALLOWED_TABLES`) and values a
function returns, yields or assigns (:data:`ALLOWED_VALUE`). ``core.review`` stays Django-free and translates through
its own ``_()`` (Django's gettext when configured), as ``plans.importing`` does.

The behavioural tests call real services: under ``vi`` the text is exactly the Vietnamese one users know, and
with an English entry put into the ``en`` catalogue for the test the same call answers in English — the message
really passes through gettext, with its named placeholders filled."""

from __future__ import annotations

import ast
import re
import symtable
from pathlib import Path

import pytest
from django.utils import translation

from tests.helpers import xlsx as _xlsx

ROOT = Path(__file__).resolve().parents[2]
# every service and selector module (a new app is checked automatically), plus a few core modules
_GLOBS = ("cchc/*/services.py", "cchc/*/services/*.py", "cchc/*/selectors.py")
_EXTRA = ["cchc/core/review.py", "cchc/core/errors.py", "cchc/core/jobs.py", "cchc/core/params.py", "cchc/org/access.py"]
CHECKED = sorted({p.relative_to(ROOT).as_posix() for pattern in _GLOBS for p in ROOT.glob(pattern)}) + _EXTRA
_VI = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)

# (module, the f-string's literal text with "{}" for each replacement field) → why it stays a Vietnamese f-string
STORED = "stored data (written to the database, shown to every later reader as recorded)"
ALLOWED: dict[tuple[str, str], str] = {
    # assessment: titles and notes written into plans / the framework, and the audit trail
    ("cchc/assessment/services.py", "Bộ tiêu chí {} năm {}"): STORED + ": default title of a new framework",
    ("cchc/assessment/services.py", "{} (năm {})"): STORED + ": title of a framework copied to another year",
    ("cchc/assessment/services.py", "Bộ tiêu chí {}"):
        "sheet name of the framework .xlsx export, whose headers are the import contract (the file stays Vietnamese)",
    ("cchc/assessment/services.py", "{} dòng, {} đơn vị"): "audit trail value (audit.record), " + STORED,
    ("cchc/assessment/services.py", "{} dòng"): "audit trail values (audit.record, two places), " + STORED,
    ("cchc/assessment/services.py", "Sau kiến nghị: {}"): STORED + ": appended to the score's appraisal note",
    ("cchc/assessment/services.py", "Khắc phục tồn tại tiêu chí {} “{}” (Chỉ số CCHC năm {})"):
        STORED + ": title of a plan task (plans are official Vietnamese documents)",
    ("cchc/assessment/services.py", "Năm {} mất {} điểm ở {} đơn vị"): STORED + ": note of that plan task",
    ("cchc/assessment/services.py", "Khắc phục tiêu chí bị mất điểm Chỉ số CCHC năm {}"):
        STORED + ": section title of the plan (official Vietnamese document)",
    # capacity
    ("cchc/capacity/services.py", "Sắp xếp đơn vị: {} vào {}"): STORED + ": reason of a staff assignment",
    # surveys
    ("cchc/surveys/services.py", "nếu {} ∈ {}"):
        "cell of the Vietnamese import template's guide sheet (its headers and the answer sheet stay Vietnamese)",
    ("cchc/surveys/services.py", "Từ khảo sát sự hài lòng: {} phiếu, sai số ±{} điểm %"):
        STORED + ": note of a plan target measurement",
    ("cchc/surveys/services.py", "Từ khảo sát sự hài lòng: {} phiếu"): STORED + ": note of a plan target measurement",
    # inspections: the plan and its follow-up tasks are official Vietnamese documents
    ("cchc/inspections/services.py", "Kế hoạch kiểm tra công tác cải cách hành chính năm {}"):
        STORED + ": default title of the inspection plan (official document)",
    ("cchc/inspections/services.py", "Khắc phục tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính năm {}"):
        STORED + ": title of the follow-up plan (official document)",
    ("cchc/inspections/services.py", "Khắc phục: {}"): STORED + ": title of a follow-up task",
    ("cchc/inspections/services.py", "Kiểm tra tại {}"): STORED + ": section title of follow-up tasks",
    # org
    ("cchc/org/services.py", "{} (Mã đơn vị cấp trên)"):
        "names the column by its header, which the unit import reads back (fixed import contract)",
    # notifications
    ("cchc/notifications/services.py", "Loại thông báo chưa đăng ký: {}"):
        "programming error (ValueError for a caller passing an unregistered kind), never shown to a user",
    # knowledge: the text of a library document (stored, searched, and read back by the passage splitter)
    ("cchc/knowledge/services.py", "PHỤ LỤC {}"):
        STORED + ": heading of a spreadsheet's sheet in the document text; the splitter reads “PHỤ LỤC” as a part title",
    ("cchc/knowledge/services.py", "HỎI ĐÁP\n\nCâu hỏi: {}\n\nTrả lời: {}\n"):
        STORED + ": text of the FAQ document a published answer becomes (indexed and searched)",
    # plans: the measurement template's first row is part of its import contract
    ("cchc/plans/services/measurements.py", "Mã đơn vị: {}"):
        "cell B1 of the measurement template (.xlsx), read back by the import (“Mã đơn vị:” is the fixed contract)",
    ("cchc/plans/services/measurements.py", "Đơn vị: {}"):
        "cell A1 of the measurement template (.xlsx), beside the contract cell B1 (the file stays Vietnamese)",
    ("cchc/plans/services/measurements.py", "Kế hoạch: {}"):
        "cell C1 of the measurement template (.xlsx), beside the contract cell B1 (the file stays Vietnamese)",
    # reports: the province report is an official Vietnamese document
    ("cchc/reports/services.py", "Tổng hợp từ báo cáo của {} đơn vị"):
        STORED + ": note of a consolidated annex figure of the province report (official document)",
    # core.jobs
    ("cchc/core/jobs.py", "Tác vụ không tồn tại: {}"):
        "enqueue(): KeyError for a developer calling an unregistered task (the run_job message is translated)",
    ("cchc/core/jobs.py", "Bước {}/{}"): "progress text of the developer self-test job core.selftest",
}


def _literal(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def vietnamese_fstrings(path: str) -> list[tuple[int, str]]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = _literal(node)
            if _VI.search(text):
                out.append((node.lineno, text))
    return out


def scanned(scan) -> dict[tuple[str, str], int]:
    """``scan(source)`` over every checked file: {(path, text): line} of what it reports."""
    return {(path, text): line for path in CHECKED for line, text in scan((ROOT / path).read_text(encoding="utf-8"))}


def assert_allow_list(found: dict, allowed: dict, name: str, advice: str, shown: str = "{text!r}") -> None:
    """Every hit of a scan (``found``: (path, text) → line) is in ``allowed`` (with its reason), and every allowed
    entry is still found: the list can only get shorter."""
    new = sorted(f"{path}:{line}: " + shown.format(text=text) for (path, text), line in found.items()
                 if (path, text) not in allowed)
    assert not new, f"{advice}, or add a reason to {name}:\n" + "\n".join(new)
    stale = sorted(f"{path}: " + shown.format(text=text) for path, text in allowed if (path, text) not in found)
    assert not stale, f"no longer in the code — remove from {name}:\n" + "\n".join(stale)


def test_no_new_vietnamese_fstrings_in_services():
    found = {(path, text): line for path in CHECKED for line, text in vietnamese_fstrings(path)}
    assert_allow_list(found, ALLOWED, "ALLOWED", "Vietnamese f-strings bypass gettext; write _(\"… %(name)s …\") % "
                      "{\"name\": value} (if the text is stored data / an official document)", shown='f"{text}"')


def test_the_scan_sees_a_vietnamese_fstring(tmp_path):
    """The scan is not vacuous: it reports a Vietnamese f-string and ignores an English or gettext one."""
    sample = 'x = 3\na = f"Dòng {x}: lỗi"\nb = f"row {x}"\nc = _("Dòng %(row)s") % {"row": x}\n'
    tree = ast.parse(sample)
    hits = [_literal(n) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) and _VI.search(_literal(n))]
    assert hits == ["Dòng {}: lỗi"]


# (module, a plain Vietnamese string constant in a ``raise`` expression) → why it is not wrapped in ``_()``
ALLOWED_PLAIN: dict[tuple[str, str], str] = {}


def _is_gettext(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "gettext")


def raised_vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """Plain Vietnamese string constants anywhere in the exception of a ``raise`` (call arguments, dict values of
    a ValidationError, parts of a concatenation) that are not inside ``_()``/``gettext()``. F-strings are left to
    :func:`vietnamese_fstrings`."""
    out = []

    def visit(node: ast.AST) -> None:
        if _is_gettext(node) or isinstance(node, ast.JoinedStr):
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _VI.search(node.value):
            out.append((node.lineno, node.value))
        for child in ast.iter_child_nodes(node):
            visit(child)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and node.exc is not None:
            visit(node.exc)
    return out


def test_the_scan_sees_a_plain_vietnamese_raise():
    """The scan is not vacuous: raised plain Vietnamese (argument, dict value, concatenation part) is reported;
    a gettext-wrapped one, an English one, an f-string and a non-raised constant are not."""
    sample = (
        'def f(x):\n'
        '    note = "Ghi chú lưu vào CSDL"\n'
        '    if x == 1:\n'
        '        raise E("closed", "Đợt đã đóng.")\n'
        '    if x == 2:\n'
        '        raise ValidationError({"quarter": "Quý phải từ 1 đến 4."})\n'
        '    if x == 3:\n'
        '        raise E("bad", "Không có tiêu chí: " + ", ".join(x) + ".")\n'
        '    if x == 4:\n'
        '        raise E("ok", _("Đã dịch."))\n'
        '    if x == 5:\n'
        '        raise E("ok", gettext("Đã dịch %(n)s.") % {"n": x})\n'
        '    if x == 6:\n'
        '        raise KeyError("unknown task")\n'
        '    raise E("f", f"Dòng {x}: lỗi")\n'
    )
    assert [text for _line, text in raised_vietnamese_literals(sample)] == [
        "Đợt đã đóng.", "Quý phải từ 1 đến 4.", "Không có tiêu chí: "]


# Calls whose string arguments are not messages shown through the UI: patterns and audit values are matched / stored
_NOT_MESSAGE_CALLS: dict[str, str] = {
    **{f"re.{fn}": "regular expression matching Vietnamese input text"
       for fn in ("compile", "sub", "subn", "search", "match", "fullmatch", "split", "findall", "finditer")},
    "audit.record": "audit trail value, " + STORED,
}
_LOGGERS = ("logger", "log", "logging")  # logger.info("…") and the like: server logs, not the UI

CONTRACT = "the Vietnamese .xlsx file (headers, sheet names, cell values) is the import contract"
# (module, a Vietnamese string constant passed as a call argument or used as a parameter default) → why it stays
ALLOWED_ARG: dict[tuple[str, str], str] = {
    ("cchc/plans/services/measurements.py", "Mã đơn vị:"):
        "the import looks for the measurement template's “Mã đơn vị: …” cell in row 1 (its fixed contract)",
    # assessment: words recognised in the imported framework file (matched after fold_key), and defaults
    **{("cchc/assessment/services.py", w): "word read from the imported framework file (input vocabulary)"
       for w in ("thời hạn", "đúng hạn", "khung tỷ lệ", "tỷ lệ %", "đạt/không đạt", "đạt", "tỷ lệ", "theo chỉ tiêu",
                 "số lượng", "điều tra", "ĐTXHH", "chấm", "thủ công")},
    # capacity
    ("cchc/capacity/services.py", "Theo bảng nhập"): STORED + ": reason of a staff assignment ended by the import",
    ("cchc/capacity/services.py", "Cán bộ CCHC"): "sheet name of the staff export; " + CONTRACT,
    ("cchc/org/services.py", "Đơn vị"): "sheet name of the unit export (read back by the import); " + CONTRACT,
    ("cchc/surveys/services.py", "Phiếu khảo sát"): "sheet name of the answers template (read back); " + CONTRACT,
    ("cchc/surveys/services.py", "Hướng dẫn"): "sheet name of the answers template's guide; " + CONTRACT,
    # org: unit names are data; the prefix is stripped to shorten a stored name
    ("cchc/org/selectors.py", "Ủy ban nhân dân "): "prefix of stored unit names (data, not a message)",
    ("cchc/plans/services/imports.py", "Ủy ban nhân dân "): "prefix of stored unit names (data, not a message)",
    # procedures: the catalogue export is read back by the import
    ("cchc/procedures/services.py", "Danh mục TTHC"): "sheet name of the catalogue export/import; " + CONTRACT,
    ("cchc/procedures/services.py", "Có"): "cell value of the catalogue export, read back by the import; " + CONTRACT,
    ("cchc/procedures/services.py", "Không"): "cell value of the catalogue export, read back by the import; "
                                              + CONTRACT,
    # surveys: the guide sheet of the Vietnamese import template
    **{("cchc/surveys/services.py", h): "header of the import template's guide sheet; " + CONTRACT
       for h in ("Mã câu", "Phần", "Câu hỏi", "Loại", "Giá trị hợp lệ", "Chỉ hỏi khi")},
}

# (module, name assigned at module level) → why that table's Vietnamese strings are not wrapped in gettext_lazy
ALLOWED_TABLES: dict[tuple[str, str], str] = {
    ("cchc/assessment/services.py", "XLSX_COLUMNS"): "headers accepted by the framework import; " + CONTRACT,
    ("cchc/assessment/services.py", "EXPORT_HEADERS"): "headers of the framework export (read back); " + CONTRACT,
    ("cchc/assessment/services.py", "SURVEY_COLUMNS"): "headers accepted by the survey points import; " + CONTRACT,
    ("cchc/assessment/services.py", "_KIND_WORDS"): "words read from the imported framework file (input vocabulary)",
    ("cchc/assessment/services.py", "_YES"): "words read from the imported framework file (input vocabulary)",
    ("cchc/capacity/selectors.py", "DEFAULT_TARGETS"):
        "quotes the targets of the official Vietnamese plan (Đề án 905), like the confirmed plan's stored targets",
    ("cchc/capacity/services.py", "STAFF_COLUMNS"): "headers accepted by the staff import; " + CONTRACT,
    ("cchc/capacity/services.py", "STAFF_HEADERS"): "headers of the staff export (read back); " + CONTRACT,
    ("cchc/org/services.py", "UNIT_COLUMNS"): "headers of the unit import/export; " + CONTRACT,
    ("cchc/plans/selectors.py", "LEVEL_KINDS"): STORED + ": keys are the values of Target.level",
    ("cchc/plans/services/imports.py", "_LEVELS"): STORED + ": the values written to Target.level",
    ("cchc/plans/services/measurements.py", "TEMPLATE_HEADERS"): "headers of the measurement template; " + CONTRACT,
    ("cchc/plans/services/reporting.py", "REPORT_SHEET"): "sheet name of the progress-report template; " + CONTRACT,
    ("cchc/plans/services/reporting.py", "REPORT_HEADERS"): "headers of the progress-report template; " + CONTRACT,
    ("cchc/plans/services/reporting.py", "REPORT_COLUMNS"):
        "headers accepted by the progress-report import; " + CONTRACT,
    ("cchc/procedures/services.py", "COLUMNS"): "headers of the catalogue export/import; " + CONTRACT,
    ("cchc/procedures/services.py", "_ALIASES"): "other headers accepted by the catalogue import; " + CONTRACT,
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _translation_names(tree: ast.Module) -> set[str]:
    """``_`` plus every name the module imports from ``django.utils.translation`` (``gettext_lazy as _l`` …)."""
    names = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {a.asname or a.name for a in node.names}
    return names


def _not_scanned(tree: ast.Module) -> set[int]:
    """Ids of nodes the argument/table scans skip: inside gettext calls, f-strings (the first scan), raised
    exceptions (the second scan), and calls whose strings are patterns, audit values or log lines."""
    gettext = _translation_names(tree)
    skip: set[int] = set()
    for node in ast.walk(tree):
        inside = None
        if isinstance(node, ast.Raise) and node.exc is not None:
            inside = node.exc
        elif isinstance(node, ast.JoinedStr):
            inside = node
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if (name in gettext or name in _NOT_MESSAGE_CALLS
                    or (isinstance(node.func, ast.Attribute) and _dotted(node.func.value) in _LOGGERS)):
                inside = node
        if inside is not None:
            skip |= {id(n) for n in ast.walk(inside)}
    return skip


def _vietnamese_constants(node: ast.AST, skip: set[int], seen: set[int]) -> list[tuple[int, str]]:
    out = []
    for n in ast.walk(node):
        if id(n) in skip or id(n) in seen:
            continue
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and _VI.search(n.value):
            seen.add(id(n))
            out.append((n.lineno, n.value))
    return out


def vietnamese_arguments(source: str) -> list[tuple[int, str]]:
    """Plain Vietnamese string constants in the arguments of a call (``require_office(user, "…")``,
    ``errors.append("…")``, also inside a concatenation or a dict built in the argument) and in parameter defaults
    (``def f(message="…")``) — not inside ``_()``/``gettext_lazy()``, not raised (left to the second scan)."""
    tree = ast.parse(source)
    skip, seen, out = _not_scanned(tree), set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in skip:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                out += _vietnamese_constants(arg, skip, seen)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
                out += _vietnamese_constants(default, skip, seen)
    return sorted(out)


def vietnamese_tables(source: str) -> list[tuple[int, str, str]]:
    """(line, assigned name, text) for each plain Vietnamese string constant in the value of a module-level
    assignment (a table of messages or labels) that is not wrapped in ``gettext_lazy``; the arguments of calls in
    the value are left to :func:`vietnamese_arguments`."""
    tree = ast.parse(source)
    skip = _not_scanned(tree) | {id(n) for c in ast.walk(tree) if isinstance(c, ast.Call)
                                 for arg in [*c.args, *(k.value for k in c.keywords)] for n in ast.walk(arg)}
    out = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = ", ".join(_dotted(t) for t in targets)
            out += [(line, name, text) for line, text in _vietnamese_constants(node.value, skip, set())]
    return out


def test_no_module_level_vietnamese_tables_without_gettext_lazy():
    found: dict[tuple[str, str], list[str]] = {}
    for path in CHECKED:
        for line, name, text in vietnamese_tables((ROOT / path).read_text(encoding="utf-8")):
            found.setdefault((path, name), []).append(f"{path}:{line}: {name} … {text!r}")
    new = sorted(hit for key, hits in found.items() if key not in ALLOWED_TABLES for hit in hits)
    assert not new, ("a module-level table of Vietnamese messages bypasses gettext; wrap each text in "
                     "gettext_lazy(\"…\") (str() it where it leaves the module), or add a reason to ALLOWED_TABLES:\n"
                     + "\n".join(new))
    stale = sorted(f"{path}: {name}" for path, name in ALLOWED_TABLES if (path, name) not in found)
    assert not stale, "no longer Vietnamese — remove from ALLOWED_TABLES:\n" + "\n".join(stale)


def test_the_scans_see_vietnamese_arguments_and_tables():
    """The scans are not vacuous: a bare Vietnamese argument, one inside a concatenation, a keyword argument and a
    parameter default are reported, and so is a module-level table; gettext-wrapped, English, raised, f-string,
    regular-expression and logged ones are not."""
    sample = (
        'from django.utils.translation import gettext_lazy as _l\n'
        'MESSAGES = {"closed": "Đợt đã đóng.", "ok": _l("Đã lưu."), "en": "saved"}\n'
        'WORD = re.compile(r"\\bxã\\b")\n'
        'KINDS = {fold_key(w): k for k, w in {"bonus": "điểm thưởng"}.items()}\n'
        'def f(user, x, message="Chỉ Phòng CCHC mới được làm."):\n'
        '    access.require_office(user, "Chỉ Phòng CCHC (Sở Nội vụ) mới được nhập dữ liệu hồ sơ TTHC.")\n'
        '    notes.append("Kèm theo " + x)\n'
        '    search(x, message="Hãy nhập câu hỏi.")\n'
        '    access.require_office(user, _("Đã dịch."))\n'
        '    logger.info("Đã nhập %s dòng", x)\n'
        '    errors.append(f"Dòng {x}: lỗi")\n'
        '    if x:\n'
        '        raise E("Lỗi đã nêu ở lượt quét thứ hai.")\n'
        '    return str(x).replace("file", "tệp")\n'
    )
    assert [text for _line, text in vietnamese_arguments(sample)] == [
        "Chỉ Phòng CCHC mới được làm.", "Chỉ Phòng CCHC (Sở Nội vụ) mới được nhập dữ liệu hồ sơ TTHC.",
        "Kèm theo ", "Hãy nhập câu hỏi.", "tệp"]
    assert [(name, text) for _line, name, text in vietnamese_tables(sample)] == [
        ("MESSAGES", "Đợt đã đóng."), ("KINDS", "điểm thưởng")]


# (module, a Vietnamese string constant returned, yielded or assigned inside a function or class) → why it is not
# wrapped in gettext. Module-level assignments are the tables scan's, call arguments the arguments scan's.
ALLOWED_VALUE: dict[tuple[str, str], str] = {
    ("cchc/assessment/services.py", "Chưa có số liệu"):
        STORED + ": formula of Score.prefill (JSON), like the Vietnamese formulas the measures store beside it",
    ("cchc/capacity/services.py", "Cán bộ CCHC"): "sheet named in the staff import's cell errors; " + CONTRACT,
    **{("cchc/capacity/services.py", h): "header naming the column in the staff import's cell errors; " + CONTRACT
       for h in ("Mã đơn vị", "Đơn vị", "Vai trò CCHC", "Từ ngày", "Đến ngày", "Tài khoản", "Họ và tên", "Chức vụ",
                 "Điện thoại")},
    ("cchc/plans/services/measurements.py", "Số liệu"): "sheet name of the measurement template; " + CONTRACT,
    ("cchc/dossiers/services.py", "tệp"): STORED + ": stand-in for a nameless upload, kept as DossierImport.filename",
    ("cchc/knowledge/services.py", "Phòng CCHC - Sở Nội vụ"): STORED + ": issuer of the FAQ document (Document)",
}


def vietnamese_values(source: str) -> list[tuple[int, str]]:
    """Plain Vietnamese string constants a function hands back as a value: ``return``/``yield`` expressions and
    assignments inside a function or class body (``label = "…"``, ``ws.title = "…"``, ``d["k"] = "…"``), through
    conditional expressions, ``or``/``and``, concatenations, comprehensions and dict/list/tuple/set displays
    (dict keys too). Not inside a call (the arguments scan), a comparison, a subscript, an f-string (the first
    scan) or gettext; module-level assignments are left to :func:`vietnamese_tables`."""
    tree = ast.parse(source)
    skip = _not_scanned(tree)
    module_level = {id(n) for n in tree.body}
    out: list[tuple[int, str]] = []

    def visit(n: ast.AST | None) -> None:
        if n is None or id(n) in skip:
            return
        if isinstance(n, ast.Constant):
            if isinstance(n.value, str) and _VI.search(n.value):
                out.append((n.lineno, n.value))
        elif isinstance(n, ast.IfExp):  # the test is a comparison, not a value
            visit(n.body), visit(n.orelse)
        elif isinstance(n, ast.BoolOp):
            for v in n.values:
                visit(v)
        elif isinstance(n, ast.BinOp):
            visit(n.left), visit(n.right)
        elif isinstance(n, ast.Dict):
            for k, v in zip(n.keys, n.values, strict=True):
                visit(k), visit(v)
        elif isinstance(n, (ast.List, ast.Tuple, ast.Set)):
            for v in n.elts:
                visit(v)
        elif isinstance(n, ast.Starred):
            visit(n.value)
        elif isinstance(n, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            visit(n.elt)
        elif isinstance(n, ast.DictComp):
            visit(n.key), visit(n.value)

    for node in ast.walk(tree):
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
            visit(node.value)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and id(node) not in module_level:
            visit(node.value)
    return sorted(out, key=lambda hit: hit[0])  # by line, in source order within a line


def test_the_scan_sees_returned_vietnamese_values():
    """The scan is not vacuous: a returned literal, a dict value and key, both branches of a conditional, a list /
    tuple element, an ``or`` fallback, a concatenation part, a yielded one and an assigned one are reported;
    gettext-wrapped, English, compared, call-argument, f-string and module-level ones are not."""
    sample = (
        'from django.utils.translation import pgettext\n'
        'LABELS = {"draft": "Nháp"}\n'
        'def f(x):\n'
        '    if x == 1:\n'
        '        return "Chưa nộp"\n'
        '    if x == 2:\n'
        '        return {"status": "Đã duyệt", "Ghi chú": x}\n'
        '    if x == 3:\n'
        '        return "Đạt" if x == "đạt" else "Không đạt"\n'
        '    if x == 4:\n'
        '        return ["Quý I", ("Quý II", x)]\n'
        '    if x == 5:\n'
        '        return x or "Chưa có"\n'
        '    if x == 6:\n'
        '        return _("Đã dịch") + " — " + "chưa dịch"\n'
        '    if x == 7:\n'
        '        return {"a": gettext_lazy("Đã dịch"), "b": ngettext("%(n)s dòng", "%(n)s dòng", x), '
        '"c": pgettext("review", "Trả lại"), "d": "saved"}\n'
        '    if x == 8:\n'
        '        return x == "Đạt"\n'
        '    if x == 9:\n'
        '        return ", ".join(["Tệp", x])\n'
        '    if x == 10:\n'
        '        return f"Dòng {x}"\n'
        '    ws.title = "Đơn vị"\n'
        '    return LABELS[x]\n'
        'def g(rows):\n'
        '    yield "Bảng 1"\n'
    )
    assert [text for _line, text in vietnamese_values(sample)] == [
        "Chưa nộp", "Đã duyệt", "Ghi chú", "Đạt", "Không đạt", "Quý I", "Quý II", "Chưa có", "chưa dịch",
        "Đơn vị", "Bảng 1"]


@pytest.mark.parametrize(("scan", "allowed", "name", "advice"), [
    pytest.param(raised_vietnamese_literals, ALLOWED_PLAIN, "ALLOWED_PLAIN", "a raised Vietnamese message bypasses "
                 "gettext; wrap it in _(\"…\") (placeholders as %(name)s)", id="raised-messages"),
    pytest.param(vietnamese_arguments, ALLOWED_ARG, "ALLOWED_ARG", "a Vietnamese message passed as an argument (or a "
                 "default) bypasses gettext; wrap it in _(\"…\") (a default: None, then _(\"…\") in the body)",
                 id="arguments"),
    pytest.param(vietnamese_values, ALLOWED_VALUE, "ALLOWED_VALUE", "a Vietnamese text returned (or assigned) as a "
                 "value bypasses gettext; wrap it in _(\"…\") (the exact Vietnamese as msgid) (stored data, file "
                 "contract)", id="returned-or-assigned-values"),
])
def test_no_plain_vietnamese_without_gettext(scan, allowed, name, advice):
    """Each scan over the checked files (raised messages, call arguments and defaults, returned or assigned values)
    finds only what its allow list names, with a reason."""
    assert_allow_list(scanned(scan), allowed, name, advice)


def _gettext_calls(path: str):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield node.lineno, arg.value


def test_gettext_messages_use_named_placeholders_only():
    """Translators may reorder words: every placeholder is %(name)s-style; a bare % would break formatting."""
    bad = []
    for path in CHECKED:
        for line, msgid in _gettext_calls(path):
            if re.search(r"%(?!\(\w+\)[sdfg])", msgid.replace("%%", "")):  # "%%" is a literal percent sign
                bad.append(f"{path}:{line}: {msgid!r}")
    assert not bad, "\n".join(bad)


def test_gettext_underscore_is_never_shadowed():
    """``x, _ = …`` in a function that also calls ``_("…")`` makes ``_`` local: UnboundLocalError at run time."""
    bad = []

    def walk(table, path):
        for child in table.get_children():
            if child.get_type() == "function":
                try:
                    sym = child.lookup("_")
                except KeyError:
                    sym = None
                if sym is not None and sym.is_local() and sym.is_referenced():
                    bad.append(f"{path}: {child.get_name()} (line {child.get_lineno()})")
            walk(child, path)

    for path in CHECKED:
        source = (ROOT / path).read_text(encoding="utf-8")
        walk(symtable.symtable(source, path, "exec"), path)
        module_level = [n for n in ast.parse(source).body if isinstance(n, (ast.Assign, ast.For)) and any(
            isinstance(t, ast.Name) and t.id == "_" for t in ast.walk(n.target if isinstance(n, ast.For) else n)
            if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store))]
        bad += [f"{path}:{n.lineno}: module-level assignment to _" for n in module_level]
    assert not bad, "\n".join(bad)


# ------------------------------------------------------------------------------------------------ behaviour

@pytest.fixture
def english_entries():
    """Put English translations of some msgids into the loaded ``en`` catalogue for one test, then take them out
    (the real catalogue is regenerated by the lead with ``make messages``; this proves the path, not the wording)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog
    saved: dict[str, str | None] = {}

    def add(msgid: str, msgstr: str) -> None:
        saved.setdefault(msgid, catalog.get(msgid))  # the real translation, put back afterwards
        catalog[msgid] = msgstr

    yield add
    for msgid, old in saved.items():
        if old is None:
            catalog._catalogs[0].pop(msgid, None)
        else:
            catalog[msgid] = old


def test_parameter_error_is_vietnamese_under_vi_and_translated_under_en(english_entries):
    from cchc.core.params import BadParameter, int_param, period_param

    with translation.override("vi"), pytest.raises(BadParameter) as exc:
        int_param("abc", name="page")
    assert exc.value.message == "Tham số “page” phải là số nguyên (nhận được “abc”)."
    with translation.override("vi"), pytest.raises(BadParameter) as exc:
        period_param("2024X9")
    assert exc.value.message == "Kỳ báo cáo “2024X9” không hợp lệ (ví dụ: 2024, 2024S1, 2024Q3, 202405)."

    english_entries("Tham số “%(label)s” phải là số nguyên (nhận được “%(value)s”).",
                    "Parameter “%(label)s” must be an integer (got “%(value)s”).")
    with translation.override("en"), pytest.raises(BadParameter) as exc:
        int_param("abc", name="page")
    assert exc.value.message == "Parameter “page” must be an integer (got “abc”)."


def test_material_file_errors_keep_their_exact_vietnamese_text(english_entries, settings):
    from cchc.capacity.services import CapacityError, material_file_check

    settings.CCHC_MAX_UPLOAD_MB = 1
    with translation.override("vi"):
        with pytest.raises(CapacityError) as exc:
            material_file_check(b"", "bai-giang.pdf")
        assert str(exc.value) == "Tệp «bai-giang.pdf» rỗng."
        with pytest.raises(CapacityError) as exc:
            material_file_check(b"x" * (3 * 1048576 // 2), "lon.pdf")
        assert str(exc.value) == "Tệp «lon.pdf» quá lớn (1.5 MB); tối đa 1 MB."

    english_entries("Tệp «%(name)s» rỗng.", "File «%(name)s» is empty.")
    with translation.override("en"), pytest.raises(CapacityError) as exc:
        material_file_check(b"", "bai-giang.pdf")
    assert str(exc.value) == "File «bai-giang.pdf» is empty."


@pytest.mark.django_db
def test_unit_import_row_errors_exact_text_and_english(english_entries, users):
    from cchc.org import services

    header = [label for _key, label in services.UNIT_COLUMNS]
    data = _xlsx([header, ["X2", "Ngày sai", "", "division", "", "32/13/2024", None, ""],
                  ["X2", "Trùng mã", "", "division", "", None, None, ""]])
    with translation.override("vi"):
        messages = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx").messages()
    assert "Dòng 2, cột F (Hiệu lực từ): ngày không hợp lệ “32/13/2024” (dùng dd/mm/yyyy)" in messages
    assert "Dòng 3, cột A (Mã đơn vị): mã “X2” trùng với dòng 2" in messages

    english_entries("Dòng %(row)s, cột %(column)s: %(message)s", "Row %(row)s, column %(column)s: %(message)s")
    english_entries("mã “%(code)s” trùng với dòng %(row)s", "code “%(code)s” repeats row %(row)s")
    with translation.override("en"):
        messages = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx").messages()
    assert "Row 3, column A (Mã đơn vị): code “X2” repeats row 2" in messages


@pytest.mark.django_db
def test_inspection_plan_refusal_exact_vietnamese(users):
    from cchc.inspections import services

    with translation.override("vi"), pytest.raises(services.InspectionError) as exc:
        services.plan_create(user=users["par_office"], year=1990)
    assert exc.value.message == "Năm không hợp lệ: 1990."


@pytest.mark.django_db
def test_plain_messages_now_translated_keep_exact_vietnamese(users, english_entries):
    """A formerly plain literal keeps its exact text under ``vi`` (the escaped "%%" prints one "%") and follows
    the ``en`` catalogue once an entry exists."""
    from cchc.inspections import services

    with translation.override("vi"), pytest.raises(services.InspectionError) as exc:
        services.plan_create(user=users["par_office"], year=2025, target_share=0)
    assert exc.value.message == "Tỷ lệ đơn vị được kiểm tra phải lớn hơn 0 và không quá 100%."

    english_entries("Tỷ lệ đơn vị được kiểm tra phải lớn hơn 0 và không quá %(max)s%%.",
                    "The share of units inspected must be above 0 and at most %(max)s%%.")
    with translation.override("en"), pytest.raises(services.InspectionError) as exc:
        services.plan_create(user=users["par_office"], year=2025, target_share=0)
    assert exc.value.message == "The share of units inspected must be above 0 and at most 100%."


@pytest.mark.django_db
def test_office_only_refusal_vietnamese_under_vi_and_translated_under_en(users, english_entries):
    """``require_office``'s own message (formerly a Vietnamese default argument) and a caller's message (formerly
    a bare Vietnamese argument) keep their exact text under ``vi`` and follow the ``en`` catalogue."""
    from django.core.exceptions import PermissionDenied

    from cchc.exchange import services as exchange
    from cchc.org import access

    general = "Chỉ Phòng CCHC (Sở Nội vụ) mới được thực hiện thao tác này."
    clients = "Chỉ Phòng CCHC (Sở Nội vụ) mới quản lý các hệ thống kết nối."
    access.require_office(users["par_office"])  # the office passes
    with translation.override("vi"):
        with pytest.raises(PermissionDenied) as exc:
            access.require_office(users["focal_point"])
        assert str(exc.value) == general
        with pytest.raises(PermissionDenied) as exc:
            exchange.client_save(user=users["focal_point"], code="x", name="X", scopes=[])
        assert str(exc.value) == clients

    english_entries(general, "Only the CCHC office (Department of Home Affairs) may do this.")
    english_entries(clients, "Only the CCHC office (Department of Home Affairs) manages connected systems.")
    with translation.override("en"):
        with pytest.raises(PermissionDenied) as exc:
            access.require_office(users["focal_point"])
        assert str(exc.value) == "Only the CCHC office (Department of Home Affairs) may do this."
        with pytest.raises(PermissionDenied) as exc:
            exchange.client_save(user=users["focal_point"], code="x", name="X", scopes=[])
        assert str(exc.value) == "Only the CCHC office (Department of Home Affairs) manages connected systems."


def test_review_messages_and_labels_vietnamese_under_vi_and_translated_under_en(english_entries):
    """core.review stays Django-free but its refusals and state labels pass through gettext (the local ``_()``):
    exact Vietnamese under ``vi``, the ``en`` catalogue's text under ``en``, labels included."""
    from cchc.core import review

    def refusal(call, *args, **kwargs) -> str:
        with pytest.raises(review.TransitionError) as exc:
            call(*args, **kwargs)
        return exc.value.message

    with translation.override("vi"):
        assert refusal(review.next_state, review.DRAFT, review.RETURN) == (
            "Không thể thực hiện “Trả lại” khi báo cáo đang ở trạng thái “Nháp”.")
        assert refusal(review.next_state, review.SUBMITTED, review.ACCEPT, can_review=False) == (
            "Chỉ Phòng CCHC mới được chấp nhận hoặc trả lại báo cáo.")
        assert refusal(review.next_state, review.SUBMITTED, review.RETURN) == "Khi trả lại báo cáo phải ghi rõ lý do."
        assert refusal(review.next_state, "x", review.SUBMIT) == "Trạng thái không hợp lệ: x"
        assert refusal(review.check_editable, review.SUBMITTED) == "Báo cáo ở trạng thái “Đã gửi” không sửa được."
        assert refusal(review.check_version, 3, 4) == (
            "Báo cáo đã được người khác thay đổi (phiên bản 4, bạn đang sửa phiên bản 3). "
            "Hãy tải lại trang để xem nội dung mới trước khi lưu.")
        assert [review.state_label(s) for s in (review.RETURNED, "unknown", None)] == ["Bị trả lại", "unknown", None]

    english_entries("Không thể thực hiện “%(action)s” khi báo cáo đang ở trạng thái “%(state)s”.",
                    "Cannot “%(action)s” a report in the state “%(state)s”.")
    english_entries("Chỉ Phòng CCHC mới được chấp nhận hoặc trả lại báo cáo.",
                    "Only the CCHC office may accept or return a report.")
    with translation.override("en"):
        assert refusal(review.next_state, review.DRAFT, review.RETURN) == (
            "Cannot “Return” a report in the state “Draft”.")  # the labels from the existing catalogue entries
        assert refusal(review.next_state, review.SUBMITTED, review.ACCEPT, can_review=False) == (
            "Only the CCHC office may accept or return a report.")
        assert review.state_label(review.RETURNED) == "Returned"


def test_review_stays_django_free():
    """core.review imports nothing from Django and answers in Vietnamese where Django is not configured."""
    import subprocess
    import sys

    code = ("import sys; from cchc.core import review\n"
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'\n"
            "try:\n    review.next_state('submitted', 'return')\n"
            "except review.TransitionError as exc:\n    print(exc.message)\n")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Khi trả lại báo cáo phải ghi rõ lý do."


def test_an_error_codes_default_message_follows_the_ui_language(english_entries):
    from cchc.core.errors import MESSAGES, CodedError

    with translation.override("vi"):
        assert CodedError("forbidden").message == "Bạn không có quyền thực hiện thao tác này."
        assert CodedError("some_code").message == "some_code"  # no default: the code itself
    english_entries(MESSAGES["not_found"], "Not found.")
    with translation.override("en"):
        assert CodedError("not_found").message == "Not found."
        assert CodedError("not_found", "Đơn vị không tồn tại.").message == "Đơn vị không tồn tại."  # given: kept


def test_the_allow_list_check_fails_on_a_new_hit_and_on_a_stale_entry():
    with pytest.raises(AssertionError, match="add a reason to X"):
        assert_allow_list({("a.py", "Mới"): 3}, {}, "X", "advice")
    with pytest.raises(AssertionError, match="remove from X"):
        assert_allow_list({}, {("a.py", "Cũ"): "reason"}, "X", "advice")
    assert_allow_list({("a.py", "Có lý do"): 3}, {("a.py", "Có lý do"): "reason"}, "X", "advice")
