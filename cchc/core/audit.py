"""Audit trail: one place to register models and to set the actor outside requests.

Backed by django-auditlog (LogEntry rows: who, when, action, field-level changes).
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.registry import auditlog
from django.utils.translation import gettext_noop

# Models deliberately not audited, with the reason (tests/foundation/test_audit_coverage.py checks that every other
# model of the project is registered). See docs/decisions.md, "Audit coverage".
NOT_AUDITED = {
    "plans.Schedule": "derived from the task's deadline text (Task is audited); rebuilt whenever the task changes",
    "knowledge.Passage": "derived from the document's text by the splitter (Document is audited); rebuilt on reindex",
    "knowledge.Posting": "search index rows (derived)",
    "knowledge.TermStat": "search index statistics (derived)",
    "knowledge.IndexStat": "search index totals (derived)",
    "knowledge.QueryLog": "is itself an append-only log of questions asked; rows are never edited",
    "notifications.Notification": ("a message the system writes about an audited event (the report, plan or "
                                   "campaign change is the audited write); the user's only change is marking it read"),
    "exams.AttemptItem": ("answers: created in bulk at start and saved by guarded UPDATEs (thousands per minute at "
                          "8:00); the submit is audited instead — Attempt status/score plus one entry holding the "
                          "final answers (exams.services.attempt_finalize → audit.record)"),
    "surveys.ResponseCode": ("one-time codes created in bulk per audited CodeBatch; a citizen's use is a guarded "
                             "UPDATE that must not be audited (an audit row keeps the client address)"),
    "surveys.Response": ("anonymous citizens' or staff's forms: never linked to a person or address (an audit "
                         "row would keep both); staff channels are audited as PaperEntry / ImportBatch"),
    "surveys.Answer": "the answers of an anonymous Response (see surveys.Response)",
    "exchange.IdempotencyKey": ("the stored answer of an API push, kept a few days to answer a repeat; the "
                                "measurement the push wrote is audited with the client system's account as actor"),
    "exchange.Deletion": ("a tombstone written by a post_delete signal of an audited deletion (task row, target, "
                          "measurement) so that API clients can drop it; never edited"),
}


def register(model, **options):
    """Audit every create/update/delete of ``model`` (idempotent)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    return model


def record(obj, changes: dict) -> None:
    """Write one audit entry for ``obj`` with ``changes`` ({field: [old, new]}) — for changes made by bulk
    updates that the model signals do not see (e.g. the answers of a submitted exam attempt)."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(obj, action=LogEntry.Action.UPDATE, changes=changes)


@contextmanager
def actor(user):
    """Attribute audit rows written inside the block to ``user`` (for commands, jobs, services)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def entries_for_object(obj):
    from auditlog.models import LogEntry

    return LogEntry.objects.get_for_object(obj).select_related("actor")


def entries_for_user(user):
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(actor=user).select_related("content_type")


# ---------------------------------------------------------------------------- audit entries as sentences

_EMPTY = {None, "", "None", "null", "[]", "{}"}


def _decoded(value):
    """A stored value with JSON lists/dicts decoded (auditlog keeps JSON fields and recorded changes as text)."""
    import json

    if isinstance(value, str) and value[:1] in "[{\"" and value not in _EMPTY:
        try:
            return json.loads(value)
        except ValueError:
            pass
    return value


def _scalar(value) -> str:
    from django.utils.translation import gettext as _

    if value is True:
        return _("có")
    if value is False:
        return _("không")
    if value is None or (isinstance(value, str) and value in _EMPTY):
        return ""
    return str(value)


def _inline(value) -> str:
    """A value on one line: a dict as "Ghi chú: …, Giá trị: 2" (known keys named in Vietnamese), a list joined by
    "; " — never JSON text, no \\u escapes, empty parts left out."""
    value = _decoded(value)
    if isinstance(value, dict):
        return ", ".join(f"{key_label(k)}: {t}" for k, t in ((k, _inline(v)) for k, v in value.items()) if t)
    if isinstance(value, list):
        return "; ".join(t for t in (_inline(v) for v in value) if t)
    return _scalar(value)


def _text(value) -> str:
    """A stored value as Vietnamese text for a reader. A dict is written one key a line ("5:2.2: Ghi chú: …, Giá
    trị: 2"), a list of dicts one item a line, a list of plain values on one line joined by "; "; empty as ""."""
    value = _decoded(value)
    if isinstance(value, dict):
        return "\n".join(f"{key_label(k)}: {t}" for k, t in ((k, _inline(v)) for k, v in value.items()) if t)
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "\n".join(t for t in (_inline(v) for v in value) if t)
    return _inline(value)


# Vietnamese names for fields declared without a verbose_name (Django would show the English field name, e.g.
# "Created by") and for the keys of JSON values; msgids, translated where shown (key_label, _label).
FIELD_LABELS = {
    "order": gettext_noop("thứ tự"), "plan": gettext_noop("kế hoạch"), "task": gettext_noop("nhiệm vụ"),
    "unit": gettext_noop("đơn vị"), "user": gettext_noop("người dùng"), "note": gettext_noop("ghi chú"),
    "version": gettext_noop("phiên bản"), "status": gettext_noop("trạng thái"), "title": gettext_noop("tiêu đề"),
    "name": gettext_noop("tên"), "code": gettext_noop("mã"), "path": gettext_noop("vị trí trong cây"),
    "course": gettext_noop("lớp"), "staff": gettext_noop("cán bộ"), "session": gettext_noop("buổi học"),
    "campaign": gettext_noop("kỳ kiểm tra"), "question": gettext_noop("câu hỏi"),
    "document": gettext_noop("tài liệu"), "report": gettext_noop("báo cáo"), "occurrence": gettext_noop("kỳ báo cáo"),
    "role": gettext_noop("vai trò"), "kind": gettext_noop("loại"), "text": gettext_noop("nội dung"),
    "start_date": gettext_noop("từ ngày"), "end_date": gettext_noop("đến ngày"), "is_active": gettext_noop("đang dùng"),
    "comment": gettext_noop("ý kiến"), "percent": gettext_noop("tỷ lệ (%)"), "helpful": gettext_noop("hữu ích"),
    "not_helpful": gettext_noop("không hữu ích"), "query": gettext_noop("câu tìm kiếm"),
    "present": gettext_noop("có mặt"), "passage": gettext_noop("đoạn văn bản"), "survey": gettext_noop("đợt khảo sát"),
    "topic": gettext_noop("chủ đề"), "parent": gettext_noop("cấp trên"), "province": gettext_noop("tỉnh"),
    "group": gettext_noop("nhóm đơn vị"), "schedule": gettext_noop("lịch báo cáo"), "period": gettext_noop("kỳ"),
    "due_date": gettext_noop("hạn"), "value": gettext_noop("giá trị"), "target": gettext_noop("chỉ tiêu"),
    "seed": gettext_noop("mã sinh đề"), "deadline": gettext_noop("hạn nộp"),
    "topic_scores": gettext_noop("điểm theo chủ đề"), "graded_at": gettext_noop("chấm lúc"),
    "options": gettext_noop("phương án"), "number": gettext_noop("số"), "file": gettext_noop("tệp"),
    "filename": gettext_noop("tên tệp"), "key": gettext_noop("khóa"), "alias": gettext_noop("tên gọi khác"),
    "label": gettext_noop("nhãn"),
    # who and when: the project's models often declare these without a verbose_name
    "created_by": gettext_noop("người tạo"), "created_at": gettext_noop("thời điểm tạo"),
    "updated_by": gettext_noop("người sửa"), "updated_at": gettext_noop("thời điểm sửa"),
    "modified_by": gettext_noop("người sửa"), "modified_at": gettext_noop("thời điểm sửa"),
    "deleted_at": gettext_noop("thời điểm xóa"), "description": gettext_noop("mô tả"),
    # keys inside JSON values (figures, prefills, scores)
    "score": gettext_noop("điểm"), "points": gettext_noop("điểm"), "formula": gettext_noop("công thức"),
    "rows": gettext_noop("dòng"), "measure": gettext_noop("số đo"), "reason": gettext_noop("lý do"),
    "unit_name": gettext_noop("tên đơn vị"), "evidence": gettext_noop("tài liệu kiểm chứng"),
    "level": gettext_noop("mức độ"), "count": gettext_noop("số lượng"), "max": gettext_noop("tối đa"),
    "answers": gettext_noop("câu trả lời"),
}


def key_label(key) -> str:
    """A field name or JSON key in Vietnamese when known ("created_by" → "Người tạo"); any other key as it is."""
    from django.utils.translation import gettext as _

    known = FIELD_LABELS.get(str(key))
    return _upper_first(_(known)) if known else str(key)


def _label(field, name: str) -> str:
    from django.utils.translation import gettext as _

    label = str(getattr(field, "verbose_name", "") or name)
    if field is None or label == field.name.replace("_", " "):  # no verbose_name: Django's English default
        known = FIELD_LABELS.get(field.name if field is not None else name)
        label = _(known) if known else label
    return _upper_first(label)


def local_datetime(value):
    """A datetime for display in local time (settings.TIME_ZONE). A naive value is UTC: django-auditlog writes
    datetime fields in their UTC naive form, so reading it as local time would put it 7 hours early."""
    from datetime import UTC

    from django.conf import settings
    from django.utils import timezone

    if not settings.USE_TZ:
        return value  # times are kept in local time already
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return timezone.localtime(value)


def _value(field, raw, fk_names: dict) -> str:
    """Format one changed value for ``field`` (choices → label, dates dd/mm/yyyy, times in local time)."""
    from datetime import date, datetime

    from django.utils.translation import gettext as _

    from cchc.core.templatetags.vi import vi_number

    text = _text(raw)
    if not text or field is None:
        return text
    if getattr(field, "choices", None):
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(text, text)
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return {"True": _("có"), "False": _("không")}.get(text, text)
    if field.is_relation and field.many_to_one:
        return fk_names.get((field.related_model, text), f"#{text}")
    if internal == "DateField":
        try:
            return date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return text
    if internal == "DateTimeField":
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return text
        return local_datetime(dt).strftime("%H:%M %d/%m/%Y")
    if internal in ("DecimalField", "FloatField"):
        try:
            return vi_number(float(text))
        except ValueError:
            return text
    return text


def _verbs():
    from django.utils.translation import gettext as _

    return {0: _("tạo"), 1: _("sửa"), 2: _("xóa"), 3: _("xem")}


def describe(entries) -> list[dict]:
    """Audit entries as Vietnamese sentences for the audit browser.

    Each item: ``entry``, ``when`` (local time "14:05 15/12/2024"), ``actor`` ("Hệ thống" when none), ``sentence``
    ("Nguyễn Văn A đã sửa Báo cáo tiến độ “…”"), ``changes`` as ("Trạng thái", "đã gửi", "bị trả lại") with field
    labels and choice labels, never "None" (an empty value is shown as "(trống)"). Foreign keys are looked up in one
    query per related model.
    """
    from django.utils.translation import gettext as _

    entries = list(entries)
    wanted: dict = {}
    metas = {}
    for e in entries:
        model = e.content_type.model_class() if e.content_type_id else None
        metas[e.pk] = model
        for name, pair in (e.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.is_relation and field.many_to_one:
                for v in pair:
                    if _text(v):
                        wanted.setdefault(field.related_model, set()).add(_text(v))
    fk_names = {}
    for model, pks in wanted.items():
        ids = [p for p in pks if p.lstrip("-").isdigit()] if model._meta.pk.get_internal_type() in (
            "AutoField", "BigAutoField", "IntegerField") else list(pks)
        for obj in model._default_manager.filter(pk__in=ids):
            fk_names[(model, str(obj.pk))] = str(obj)
    out = []
    for e in entries:
        model = metas[e.pk]
        kind = str(model._meta.verbose_name) if model else (e.content_type.model if e.content_type_id else "")
        actor = (e.actor.get_full_name() or e.actor.get_username()) if e.actor_id and e.actor else _("Hệ thống")
        verb = _verbs().get(e.action) or _("thay đổi")
        obj = e.object_repr or f"#{e.object_pk}"
        changes = []
        for name, pair in (e.changes_dict or {}).items():
            field = _field(model, name)
            if model is not None and (field is None or not getattr(field, "concrete", False)
                                      or not field.editable or field.primary_key):
                continue  # reverse relations, ids and automatic time stamps say nothing to a reader
            label = _label(field, name)
            old, new = (list(pair) + [None, None])[:2]
            if e.action == 0 and not _text(new):
                continue  # a new object: only the values it was given
            changes.append((label, _value(field, old, fk_names) or _("(trống)"),
                            _value(field, new, fk_names) or _("(trống)")))
        when = local_datetime(e.timestamp)
        out.append({"entry": e, "when": when.strftime("%H:%M %d/%m/%Y"), "actor": actor,
                    "sentence": _("%(actor)s đã %(verb)s %(kind)s “%(obj)s”") % {
                        "actor": actor, "verb": verb, "kind": kind, "obj": obj},
                    "kind": kind, "changes": changes})
    return out


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the entry was written
        return None


def model_choices() -> list[tuple[str, str]]:
    """("app.model", "Vietnamese name") of every audited model, for the audit browser's filter."""
    from cchc.core.vntext import sort_vi

    return sort_vi([(f"{m._meta.app_label}.{m._meta.model_name}", _upper_first(str(m._meta.verbose_name)))
                    for m in auditlog.get_models()], key=lambda kv: kv[1])


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]  # not str.capitalize(): it would lower "CCHC"
