"""The audit browser reads like the rest of the site: Vietnamese labels for fields declared without a verbose_name,
every time in local time (a naive stored value is UTC, as django-auditlog writes it) and JSON values as readable
lines instead of raw JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _entry(model, changes, *, action=1, timestamp=None):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    entry = LogEntry.objects.create(content_type=ContentType.objects.get_for_model(model), object_pk="1",
                                    object_repr="Báo cáo thử", action=action, changes=changes)
    if timestamp is not None:
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=timestamp)
        entry.refresh_from_db()
    return entry


def _changes(entry):
    from cchc.core import audit

    (row,) = audit.describe([entry])
    return {label: (old, new) for label, old, new in row["changes"]}, row


def test_fields_without_verbose_name_get_a_vietnamese_label(users):
    from cchc.reports.models import Report

    field = Report._meta.get_field("created_by")
    changes, _ = _changes(_entry(Report, {"created_by": ["None", str(users["admin"].pk)]}, action=0))
    assert "Created by" not in changes
    if str(field.verbose_name) == "created by":  # the model still has no verbose_name: the audit's own label
        assert "Người tạo" in changes
    else:
        assert field.verbose_name[:1].upper() + field.verbose_name[1:] in changes


def test_labels_table_covers_the_who_and_when_fields():
    from cchc.core.audit import key_label

    assert key_label("created_by") == "Người tạo"
    assert key_label("created_at") == "Thời điểm tạo"
    assert key_label("updated_by") == "Người sửa" and key_label("updated_at") == "Thời điểm sửa"
    assert key_label("status") == "Trạng thái"
    assert key_label("5:2.2") == "5:2.2"  # an unknown key stays as it is


def test_a_naive_stored_datetime_is_utc_and_shown_in_local_time(users):
    """auditlog keeps a DateTimeField as its naive UTC form: 06:31 UTC is 13:31 in Hà Nội, like the entry's time."""
    from cchc.reports.models import Report

    stamp = datetime(2026, 12, 3, 6, 31, tzinfo=UTC)
    entry = _entry(Report, {"generated_at": ["None", "2026-12-03 06:31:00"]}, timestamp=stamp)
    changes, row = _changes(entry)
    assert row["when"] == "13:31 03/12/2026"
    assert changes["Lấy số liệu lúc"][1] == "13:31 03/12/2026"
    # an aware value says its own offset: converted the same way
    changes, _ = _changes(_entry(Report, {"generated_at": ["None", "2026-12-03T06:31:00+00:00"]}))
    assert changes["Lấy số liệu lúc"][1] == "13:31 03/12/2026"


def test_json_values_are_lines_of_key_and_value_not_raw_json(users):
    from cchc.initiatives.models import InitiativeScore

    value = '{"5:2.2": {"note": "Đủ tài liệu", "value": 2}, "5:2.3": {"note": "", "value": 1}}'
    changes, _ = _changes(_entry(InitiativeScore, {"scores": ["{}", value]}))
    new = changes["Điểm theo tiêu chí"][1]
    assert new.splitlines() == ["5:2.2: Ghi chú: Đủ tài liệu, Giá trị: 2", "5:2.3: Giá trị: 1"]
    assert "{" not in new and '"' not in new


def test_audit_page_shows_one_key_a_line(users):
    from cchc.initiatives.models import InitiativeScore

    _entry(InitiativeScore, {"scores": ["{}", '{"5:2.2": {"note": "Đủ", "value": 2}, "5:2.3": {"value": 1}}']})
    c = Client()
    c.force_login(users["par_office"])
    html = c.get("/core/audit/?model=initiatives.initiativescore").content.decode()
    assert "5:2.2: Ghi chú: Đủ, Giá trị: 2<br>5:2.3: Giá trị: 1" in html
