"""Codes, anonymous answers, kiosk rate limit, paper double entry, versions locking (database)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cchc.surveys import services
from cchc.surveys.models import Item, PaperEntry, QuestionnaireVersion, Response, ResponseCode, Section
from tests.surveys.conftest import full_answers, getter


def test_codes_are_stored_hashed_and_used_once(users, make_round):
    rnd = make_round()
    batch, codes = services.codes_create(users["focal_point"], rnd, 5)
    assert len(set(codes)) == 5 and ResponseCode.objects.filter(batch=batch).count() == 5
    stored = set(ResponseCode.objects.values_list("code_hash", flat=True))
    assert not any(c in h for c in codes for h in stored)
    data = full_answers(rnd.version)
    resp = services.response_submit_with_code(codes[0].lower(), getter(data))
    assert resp.round == rnd and resp.answers.count() == len(data) - 1  # the apology question stays hidden
    with pytest.raises(services.SurveyError) as exc:
        services.response_submit_with_code(codes[0], getter(data))
    assert exc.value.code == "used" and Response.objects.count() == 1


def test_expired_and_unknown_codes_are_refused(users, make_round):
    rnd = make_round()
    _batch, codes = services.codes_create(users["focal_point"], rnd, 2)
    ResponseCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.SurveyError) as exc:
        services.response_submit_with_code(codes[0], getter(full_answers(rnd.version)))
    assert exc.value.code == "expired"
    assert services.code_find("ABCD-2345")[1] == "unknown"
    assert services.code_find("xyz")[1] == "malformed"
    assert Response.objects.count() == 0


def test_missing_required_answer_keeps_the_code_unused(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    data = full_answers(rnd.version)
    data.pop(str(Item.objects.get(section__version=rnd.version, code="tc1").pk))
    with pytest.raises(ValidationError):
        services.response_submit_with_code(codes[0], getter(data))
    assert ResponseCode.objects.get().used_at is None


def test_conditional_item_counts_only_when_its_condition_holds(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 2)
    apology = Item.objects.get(section__version=rnd.version, code="kq_xin_loi")
    data = full_answers(rnd.version, kq_dung_hen="Có")
    data[str(apology.pk)] = "Không"
    r1 = services.response_submit_with_code(codes[0], getter(data))
    assert not r1.answers.filter(item=apology).exists()
    data = full_answers(rnd.version, kq_dung_hen="Không")
    data[str(apology.pk)] = "Có"
    r2 = services.response_submit_with_code(codes[1], getter(data))
    assert r2.answers.get(item=apology).choices == ["Có"]


def test_unit_user_cannot_make_codes_for_another_unit(users, make_round):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.codes_create(users["focal_b"], make_round("T42.stp"), 3)


def test_kiosk_starts_only_while_the_round_is_open(users, make_round):
    from cchc.surveys.models import KioskSession

    rnd = make_round()
    rnd.closes_at = timezone.now() - dt.timedelta(minutes=1)
    rnd.save(update_fields=["closes_at"])
    with pytest.raises(services.SurveyError) as e:
        services.kiosk_start(users["focal_point"], rnd)
    assert e.value.code == "not_open" and not KioskSession.objects.filter(round=rnd).exists()


def test_kiosk_rate_limit(users, make_round):
    rnd = make_round()
    ks, token = services.kiosk_start(users["focal_point"], rnd, label="Quầy 1", min_interval_seconds=30)
    found = services.kiosk_find(token)
    assert found == ks
    data = full_answers(rnd.version)
    services.kiosk_submit(found, getter(data))
    with pytest.raises(services.SurveyError):
        services.kiosk_submit(found, getter(data))
    ks.refresh_from_db()
    ks.last_submit_at -= dt.timedelta(seconds=31)
    ks.save()
    services.kiosk_submit(found, getter(data))
    assert Response.objects.filter(channel="kiosk").count() == 2
    services.kiosk_stop(users["focal_point"], ks)
    assert services.kiosk_find(token) is None


def test_paper_double_entry_counts_only_matching_entries_of_two_people(users, make_round):
    rnd = make_round()
    a, b = users["focal_point"], users["unit_leader"]
    data = full_answers(rnd.version)
    e1 = services.paper_enter(a, rnd, "15", getter(data))
    assert e1.status == "pending" and Response.objects.count() == 0
    with pytest.raises(services.SurveyError):
        services.paper_enter(a, rnd, "15", getter(data))  # the same person twice
    other = dict(data)
    other[str(Item.objects.get(section__version=rnd.version, code="tc1").pk)] = "1"
    e2 = services.paper_enter(b, rnd, "15", getter(other))
    assert e2.status == "mismatch" and Response.objects.count() == 0
    assert services.paper_differences(e2, services.items_of(rnd.version))
    e3 = services.paper_enter(b, rnd, "15", getter(data))
    assert e3.status == "matched" and Response.objects.filter(channel="paper").count() == 1
    assert PaperEntry.objects.get(pk=e1.pk).status == "matched"
    with pytest.raises(services.SurveyError):
        services.paper_enter(users["par_office"], rnd, "15", getter(data))


def test_published_version_is_locked_and_a_new_version_copies_it(users, sipas):
    item = Item.objects.filter(section__version=sipas).first()
    item.text = "đổi"
    with pytest.raises(ValidationError):
        item.save()
    sipas.min_count = 10
    with pytest.raises(ValidationError):
        sipas.save()
    v2 = services.version_new(users["par_office"], QuestionnaireVersion.objects.get(pk=sipas.pk))
    assert v2.number == 2 and not v2.is_locked
    assert Item.objects.filter(section__version=v2).count() == Item.objects.filter(section__version=sipas).count()
    cond = Item.objects.get(section__version=v2, code="kq_xin_loi").condition_item
    assert cond.section.version_id == v2.pk and cond.code == "kq_dung_hen"
    sec = Section.objects.filter(version=v2).first()
    services.item_save(users["par_office"], v2, section=sec, text="Câu mới", kind="likert5", code="moi", order=99)
    services.version_publish(users["par_office"], v2)
    assert QuestionnaireVersion.objects.get(pk=v2.pk).is_locked
