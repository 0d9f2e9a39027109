"""Services and selectors are named ``<entity>_<action>`` (issue 9; docs/architecture.md, "Naming").

Every public top-level function of an app's ``services.py`` / ``services/*.py`` / ``selectors.py`` /
``selectors/*.py`` must have at least two words and must not start with a verb, a predicate or a qualifier
(``save_question`` → ``question_save``, ``is_overdue`` → ``attempt_is_overdue``, ``visible_courses`` →
``courses_visible``, ``publish`` → ``round_publish``). Read with ast: nothing is imported.
"""

import ast
import pathlib
import re

import pytest

CCHC = pathlib.Path(__file__).resolve().parents[2] / "cchc"

# Not renamed yet (drop an app from here once it follows the rule). Every app follows it now.
NOT_YET: set[str] = set()

# First words that make a name verb-first (or predicate/qualifier-first) rather than entity-first.
LEADING = {
    "add",
    "apply",
    "assign",
    "attach",
    "best",
    "build",
    "calculate",
    "can",
    "change",
    "check",
    "close",
    "compute",
    "consolidate",
    "copy",
    "creatable",
    "create",
    "current",
    "deactivate",
    "delete",
    "do",
    "edit",
    "end",
    "enrol",
    "ensure",
    "enter",
    "export",
    "fetch",
    "fill",
    "finalize",
    "find",
    "finished",
    "follow",
    "form",
    "get",
    "grade",
    "has",
    "import",
    "is",
    "last",
    "late",
    "listed",
    "load",
    "lock",
    "make",
    "may",
    "merge",
    "my",
    "new",
    "notify",
    "open",
    "parse",
    "prefill",
    "preview",
    "previous",
    "public",
    "publish",
    "published",
    "rank",
    "read",
    "rebuild",
    "record",
    "refresh",
    "regenerate",
    "regrade",
    "remember",
    "remove",
    "render",
    "resolve",
    "run",
    "save",
    "saved",
    "send",
    "set",
    "show",
    "sniff",
    "start",
    "stop",
    "submit",
    "sync",
    "unlock",
    "unpublish",
    "unread",
    "update",
    "validate",
    "visible",
    "with",
}
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def name_problem(name: str) -> str:
    """Why ``name`` breaks the rule ("" when it follows it)."""
    if not NAME_RE.match(name):
        return "one word (or not snake_case): name the entity first, e.g. round_publish"
    if name.split("_", 1)[0] in LEADING:
        return f"starts with {name.split('_', 1)[0]!r}: put the entity first, e.g. question_save"
    return ""


def source_problems(source: str) -> list[tuple[str, str]]:
    return [
        (n.name, p)
        for n in ast.parse(source).body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        and not n.name.startswith("_")
        and (p := name_problem(n.name))
    ]


def layer_files(app: pathlib.Path) -> list[pathlib.Path]:
    out = []
    for layer in ("services", "selectors"):
        out += [app / f"{layer}.py"] if (app / f"{layer}.py").exists() else []
        out += (
            sorted(p for p in (app / layer).glob("*.py") if p.name != "__init__.py")
            if (app / layer).is_dir()
            else []
        )
    return out


APPS = sorted(p for p in CCHC.iterdir() if p.is_dir() and layer_files(p))


def test_the_rule_itself():
    bad = "def save_question(): pass\ndef publish(): pass\ndef is_overdue(): pass\ndef visible_courses(): pass\n"
    good = (
        "def plan_import_parse(): pass\ndef task_list(): pass\ndef _helper(): pass\ndef unit_scores(): pass\n"
    )
    assert [n for n, _ in source_problems(bad)] == [
        "save_question",
        "publish",
        "is_overdue",
        "visible_courses",
    ]
    assert source_problems(good) == []


def test_not_yet_lists_only_existing_apps():
    assert NOT_YET <= {p.name for p in APPS}


@pytest.mark.parametrize("app", [p for p in APPS if p.name not in NOT_YET], ids=lambda p: p.name)
def test_services_and_selectors_are_entity_first(app):
    problems = [
        f"{f.relative_to(CCHC.parent)}: {name}: {why}"
        for f in layer_files(app)
        for name, why in source_problems(f.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)
