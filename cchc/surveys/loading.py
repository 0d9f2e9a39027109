"""Install the shipped questionnaire templates (cchc/surveys/catalog.py); used by migration 0002 with historical
models and by ``cchc surveys templates`` with the real ones. Idempotent per questionnaire code."""

from __future__ import annotations

from cchc.surveys.catalog import TEMPLATES


def install_templates(Questionnaire, Version, Section, Item, *, now=None, specs=None) -> list[str]:  # noqa: N803
    """Create each template whose code does not exist yet as a published version 1. Returns the codes created."""
    created = []
    for spec in specs or TEMPLATES:
        if Questionnaire.objects.filter(code=spec["code"]).exists():
            continue
        q = Questionnaire.objects.create(code=spec["code"], title=spec["title"], kind=spec["kind"],
                                         description=spec.get("description", ""))
        v = Version.objects.create(questionnaire=q, number=1, status="draft", intro=spec.get("intro", ""),
                                   scale_labels=list(spec.get("scale", [])), method_note=spec.get("method_note", ""))
        by_code = {}
        for s_order, s in enumerate(spec["sections"], start=1):
            sec = Section.objects.create(version=v, order=s_order, code=s["code"], title=s["title"],
                                         weight=s.get("weight", 0), description=s.get("description", ""))
            for i_order, it in enumerate(s["items"], start=1):
                cond = it.get("condition")
                item = Item.objects.create(
                    section=sec, order=i_order, code=it["code"], text=it["text"], kind=it.get("kind", "likert5"),
                    measure=it.get("measure", "satisfaction"), choices=list(it.get("choices", [])),
                    required=bool(it.get("required", False)),
                    condition_item=by_code[cond[0]] if cond else None,
                    condition_values=list(cond[1]) if cond else [])
                by_code[it["code"]] = item
        v.status = "published"
        v.published_at = now
        v.save()
        created.append(q.code)
    return created
