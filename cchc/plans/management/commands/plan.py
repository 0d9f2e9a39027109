"""`cchc plan parse FILE --format json|text`: run the plan importer on a file and print the draft.

Agencies are resolved through ``cchc.org.selectors.agency_resolve`` when the org tree is loaded;
unresolved ones are kept in ``unresolved`` (never dropped). Nothing is written to the database.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cchc.core.intake import IntakeError, read_source
from cchc.plans.importing import PlanImportError
from cchc.plans.services.imports import plan_read


def resolve_draft_agencies(draft: dict) -> None:
    """Fill lead_units / partner_units / unresolved on every task (in place), through the import pipeline's one
    resolution (:func:`cchc.plans.services.agencies_resolve`: each text once, on the plan's issue date). Never
    raises: without an org tree or a database everything stays unresolved."""
    texts = list(dict.fromkeys(n for table in draft.get("tables", []) for task in table.get("tasks", [])
                               for f in ("lead", "partners") for n in task.get(f) or []))
    try:
        from cchc.org.loading import ensure_catalogue  # noqa: PLC0415
        from cchc.plans.services import agencies_resolve  # noqa: PLC0415

        resolved = agencies_resolve(texts, draft) if ensure_catalogue() else {}
    except Exception:  # noqa: BLE001 - no org app or no database: everything stays unresolved
        resolved = {}
    for table in draft.get("tables", []):
        for task in table.get("tasks", []):
            task["lead_units"], task["partner_units"], task["unresolved"] = [], [], []
            for field, out in (("lead", "lead_units"), ("partners", "partner_units")):
                for name in task.get(field) or []:
                    r = resolved.get(name) or {"status": "unresolved"}
                    if r.get("status") == "unresolved":
                        task["unresolved"].append(name)
                    else:
                        task[out].append({"input": name, "status": r.get("status"), "units": r.get("units", []),
                                          "group": r.get("group"), "confidence": r.get("confidence")})


class Command(BaseCommand):
    help = _("Kế hoạch: phân tích tệp văn bản kế hoạch (plan parse FILE --format json)")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action")
        p = sub.add_parser("parse", help=_("Phân tích một tệp kế hoạch (.docx, .pdf, .txt, .html)"))
        p.add_argument("file")
        p.add_argument("--format", choices=["json", "text"], default="json")
        p.add_argument("--no-resolve", action="store_true", help=_("Không đối chiếu cơ quan với cây tổ chức"))

    def handle(self, *args, **opts):
        if opts.get("action") != "parse":
            raise CommandError(_("Dùng: cchc plan parse FILE --format json"))
        try:
            data, name = read_source(opts["file"], error=PlanImportError)
            draft, _text = plan_read(data, name)  # the upload's pipeline: read once, parse once
        except IntakeError as exc:
            raise CommandError(f"[{exc.code}] {exc.message}") from exc
        if not opts.get("no_resolve"):
            resolve_draft_agencies(draft)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(draft, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{draft.get('kind') or ''}: {draft.get('title') or ''}")
        self.stdout.write(f"Cơ quan ban hành: {draft.get('issuer') or '—'}; tỉnh: {draft.get('province') or '—'}; "
                          f"giai đoạn: {draft.get('period') or '—'}")
        for table in draft["tables"]:
            self.stdout.write(f"\n{table['caption']}")
            for t in table["tasks"]:
                self.stdout.write(f"  {t.get('section') or ''} {t.get('number') or ''}. {t['title'][:90]} | "
                                  f"{'; '.join(t['lead'])} | {t.get('deadline') or ''}")
        self.stdout.write(f"\nChỉ tiêu: {len(draft['targets'])}")
