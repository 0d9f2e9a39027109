"""Audit trail: one place to register models and to set the actor outside requests.

Backed by django-auditlog (LogEntry rows: who, when, action, field-level changes).
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.registry import auditlog

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


def _text(value) -> str:
    """A stored value as Vietnamese text: JSON lists/dicts decoded (no \\u escapes), empty as ""."""
    import json

    if isinstance(value, str) and value[:1] in "[{\"" and value not in _EMPTY:
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if _text(v))
    if value is True:
        return "có"
    if value is False:
        return "không"
    if value is None or (isinstance(value, str) and value in _EMPTY):
        return ""
    return str(value)


# Vietnamese names for fields declared without a verbose_name (Django would show the English field name)
FIELD_LABELS = {
    "order": "thứ tự", "plan": "kế hoạch", "task": "nhiệm vụ", "unit": "đơn vị", "user": "người dùng",
    "note": "ghi chú", "version": "phiên bản", "status": "trạng thái", "title": "tiêu đề", "name": "tên",
    "code": "mã", "path": "vị trí trong cây", "course": "lớp", "staff": "cán bộ", "session": "buổi học",
    "campaign": "kỳ kiểm tra", "question": "câu hỏi", "document": "tài liệu", "report": "báo cáo",
    "occurrence": "kỳ báo cáo", "role": "vai trò", "kind": "loại", "text": "nội dung", "start_date": "từ ngày",
    "end_date": "đến ngày", "is_active": "đang dùng", "comment": "ý kiến", "percent": "tỷ lệ (%)",
    "helpful": "hữu ích", "not_helpful": "không hữu ích", "query": "câu tìm kiếm", "present": "có mặt",
    "passage": "đoạn văn bản", "survey": "đợt khảo sát", "topic": "chủ đề", "parent": "cấp trên",
    "province": "tỉnh", "group": "nhóm đơn vị", "schedule": "lịch báo cáo", "period": "kỳ", "due_date": "hạn",
    "value": "giá trị", "target": "chỉ tiêu", "seed": "mã sinh đề", "deadline": "hạn nộp",
    "topic_scores": "điểm theo chủ đề", "graded_at": "chấm lúc", "options": "phương án", "number": "số",
    "file": "tệp", "filename": "tên tệp", "key": "khóa", "alias": "tên gọi khác", "label": "nhãn",
}


def _label(field, name: str) -> str:
    label = str(getattr(field, "verbose_name", "") or name)
    if field is not None and label == field.name.replace("_", " "):
        label = FIELD_LABELS.get(field.name, label)
    return label[:1].upper() + label[1:]


def _value(field, raw, fk_names: dict) -> str:
    """Format one changed value for ``field`` (choices → label, dates dd/mm/yyyy, times in local time)."""
    from datetime import date, datetime

    from django.utils import timezone

    from cchc.core.templatetags.vi import vi_number

    text = _text(raw)
    if not text or field is None:
        return text
    if getattr(field, "choices", None):
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(text, text)
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return {"True": "có", "False": "không"}.get(text, text)
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
        if timezone.is_aware(dt):
            dt = timezone.localtime(dt)
        return dt.strftime("%H:%M %d/%m/%Y")
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
    from django.utils import timezone
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
        when = timezone.localtime(e.timestamp) if timezone.is_aware(e.timestamp) else e.timestamp
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
