"""Rename service/selector functions and every reference to them (one-off tool for issue 9).

Usage: python scripts/rename_services.py MAPPING.tsv [--apply]
MAPPING.tsv: old<TAB>new<TAB>module (the module that defines the function, e.g. cchc.exams.services or
cchc.plans.services.imports). References are found through the import graph of each file (``from M import old``,
``M.old`` where M is bound to the module, dotted strings ``"cchc.app.services.old"``), never by bare text, so a
local variable or another module's function of the same name is left alone. Conflicts are reported, not edited.
"""

import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY_DIRS = ["cchc", "tests", "bench", "scripts"]


def module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def resolve(path, level, mod):
    if not level:
        return mod or ""
    base = module_name(path).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([mod] if mod else []))


def load_mapping(p):
    rows = []
    for line in pathlib.Path(p).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        old, new, mod = line.split("\t")[:3]
        rows.append((old, new, mod))
    return rows


def main():
    rows = load_mapping(sys.argv[1])
    apply = "--apply" in sys.argv
    # (module, old) -> new; a function defined in a package's submodule is also reachable from the package
    targets = {}
    for old, new, mod in rows:
        targets[(mod, old)] = new
        parent = mod.rsplit(".", 1)[0]
        if (ROOT / parent.replace(".", "/") / "__init__.py").exists() and mod.rsplit(".", 1)[1] not in (
                "services", "selectors"):
            targets[(parent, old)] = new
    files = [f for d in PY_DIRS for f in (ROOT / d).rglob("*.py") if "migrations" not in f.parts and not f.name.startswith("rename_")]
    # modules that import a renamed function (no alias) re-export it: ``imports.resolve_agency`` in tests
    for _ in range(2):
        for f in files:
            tree = ast.parse(f.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    src_mod = resolve(f, node.level, node.module)
                    for a in node.names:
                        if (src_mod, a.name) in targets and not a.asname:
                            targets[(module_name(f), a.name)] = targets[(src_mod, a.name)]
    mods = {m for m, _ in targets}
    problems = []
    total = 0
    for f in sorted(files):
        src = f.read_text()
        try:
            tree = ast.parse(src)
        except SyntaxError as exc:
            problems.append(f"{f}: syntax {exc}")
            continue
        me = module_name(f)
        func_bind = {}   # local name -> new   (bare Name references to rename)
        mod_alias = {}   # local name -> module
        edits = []       # (lineno, col, oldlen, new)
        handled = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                src_mod = resolve(f, node.level, node.module)
                for a in node.names:
                    full = f"{src_mod}.{a.name}"
                    if full in mods:
                        mod_alias[a.asname or a.name] = full
                    if (src_mod, a.name) in targets:
                        new = targets[(src_mod, a.name)]
                        # alias position: the name is at the alias start
                        edits.append((a.lineno, a.col_offset, len(a.name), new))
                        if not a.asname:
                            func_bind[a.name] = new
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in mods and a.asname:
                        mod_alias[a.asname] = a.name
        # defining module: its own defs
        for (mod, old), new in targets.items():
            if mod == me:
                for node in tree.body:
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == old:
                        line = src.splitlines()[node.lineno - 1]
                        col = line.index("def " + old) + 4
                        edits.append((node.lineno, col, len(old), new))
                        func_bind[old] = new
        # conflicts: the same name bound locally in another way
        if func_bind:
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                    names.append(node.id)
                elif isinstance(node, ast.arg):
                    names.append(node.arg)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not (
                        node in tree.body and (me, node.name) in targets):
                    names.append(node.name)
                for n in names:
                    if n in func_bind:
                        problems.append(f"{f}:{node.lineno}: local binding of {n} (renamed in this file)")
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in func_bind and isinstance(node.ctx, ast.Load):
                edits.append((node.lineno, node.col_offset, len(node.id), func_bind[node.id]))
            elif isinstance(node, ast.Attribute):
                v = node.value
                m = None
                if isinstance(v, ast.Name) and v.id in mod_alias:
                    m = mod_alias[v.id]
                else:
                    try:
                        dotted = ast.unparse(v)
                    except Exception:
                        dotted = ""
                    if dotted in mods:
                        m = dotted
                if m and (m, node.attr) in targets:
                    edits.append((node.end_lineno, node.end_col_offset - len(node.attr), len(node.attr),
                                  targets[(m, node.attr)]))
            if isinstance(node, ast.Call):
                for a0, a1 in zip(node.args, node.args[1:], strict=False):
                    m0 = mod_alias.get(a0.id) if isinstance(a0, ast.Name) else None
                    if m0 is None and isinstance(a0, (ast.Name, ast.Attribute)) and ast.unparse(a0) in mods:
                        m0 = ast.unparse(a0)
                    if m0 and isinstance(a1, ast.Constant) and (m0, a1.value) in targets:
                        edits.append((a1.lineno, a1.col_offset + 1, len(a1.value), targets[(m0, a1.value)]))
                        handled.add((a1.lineno, a1.value))
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for _m, old in targets:
                    if node.value == old and (node.lineno, old) not in handled:
                        problems.append(f"{f}:{node.lineno}: string '{old}' (check: __all__/getattr?)")
        # __all__ of a package that re-exports
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                for elt in getattr(node.value, "elts", []):
                    if isinstance(elt, ast.Constant) and elt.value in func_bind:
                        edits.append((elt.lineno, elt.col_offset + 1, len(elt.value), func_bind[elt.value]))
                        problems[:] = [p for p in problems if not p.startswith(f"{f}:{elt.lineno}: string '{elt.value}'")]
        lines = src.splitlines(keepends=True)
        seen = set()
        for ln, col, n, new in sorted(set(edits), key=lambda e: (e[0], -e[1])):
            if (ln, col) in seen:
                continue
            seen.add((ln, col))
            line = lines[ln - 1]
            # ast col offsets are in utf-8 bytes
            b = line.encode()
            oldname = b[col:col + n].decode()
            if not re.fullmatch(r"\w+", oldname):
                problems.append(f"{f}:{ln}: bad edit at {col} ({oldname!r})")
                continue
            lines[ln - 1] = (b[:col] + new.encode() + b[col + n:]).decode()
            total += 1
        new_src = "".join(lines)
        # dotted strings, e.g. mock.patch("cchc.exams.services.close_overdue")
        for (m, old), new in targets.items():
            new_src, k = re.subn(rf"\b{re.escape(m)}\.{old}\b", f"{m}.{new}", new_src)
            total += k
        if new_src != src:
            print(f"edit {f.relative_to(ROOT)}")
            if apply:
                f.write_text(new_src)
    for p in dict.fromkeys(problems):
        print("PROBLEM", p)
    print("edits", total)


if __name__ == "__main__":
    main()
