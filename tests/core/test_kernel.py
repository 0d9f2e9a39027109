"""core is the kernel: none of its modules imports a domain app (or names one's module in a string), so the
apps build on it one way. The apps reach the shared pages through cchc.core.hooks (cchc.site)."""

import ast
import re
from pathlib import Path

import cchc

CCHC = Path(cchc.__file__).resolve().parent
CORE = CCHC / "core"
# every package of cchc except the kernel itself and the project's plumbing is a domain app (or the site layer)
NOT_DOMAIN = {"core", "settings", "locale", "static", "templates", "__pycache__"}
DOMAIN = sorted(p.name for p in CCHC.iterdir() if p.is_dir() and p.name not in NOT_DOMAIN)


def violations(source: str, label: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " not in node.value:
            names = [node.value]  # importlib.import_module("cchc.plans.attention") and the like
        for name in names:
            parts = name.split(".")
            if parts[0] == "cchc" and len(parts) > 1 and parts[1] in DOMAIN:
                out.append(f"{label}:{node.lineno}: {name}")
    return out


def test_domain_apps_are_found():
    assert {"org", "plans", "knowledge", "exams", "capacity", "notifications", "site"} <= set(DOMAIN)


def test_core_imports_no_domain_app():
    files = [p for p in CORE.rglob("*.py") if "migrations" not in p.parts]
    assert len(files) > 20
    bad = [v for p in files for v in violations(p.read_text(encoding="utf-8"), str(p.relative_to(CCHC)))]
    assert bad == []


def test_the_check_sees_imports_and_module_strings():
    source = ("from cchc.org import access\nimport cchc.plans.models\nX = 'cchc.knowledge.attention'\n"
              "from cchc.core import review\nY = 'cchc.core.audit'\nfrom . import hooks\n")
    assert [v.split(": ")[1] for v in violations(source, "probe")] == [
        "cchc.org", "cchc.plans.models", "cchc.knowledge.attention"]


def test_the_area_vocabulary_is_the_glossary_table():
    """GLOSSARY.md at the repository root is the reference; cchc.core.areas follows it, and every model field that
    files something under an area offers exactly these codes."""
    from django.apps import apps

    from cchc.core import areas

    text = (CCHC.parent / "GLOSSARY.md").read_text(encoding="utf-8")
    table = text.split("## Lĩnh vực CCHC (Area)", 1)[1]
    rows = re.findall(r"^\| ([a-z_]+) \| ([^|]+?) \|$", table, re.M)
    assert rows[1:] == list(areas.AREAS)  # after the header row
    fields = [(m._meta.label, f.name) for m in apps.get_models() for f in m._meta.get_fields()
              if getattr(f, "choices", None) and {c for c, _ in f.choices} & {"institutions", "civil_service"}]
    assert len(fields) >= 7, fields  # plans ×2, knowledge ×2, inspections ×2, initiatives
    for label, name in fields:
        field = apps.get_model(label)._meta.get_field(name)
        assert [c for c, _ in field.choices] == list(areas.CODES), (label, name)
