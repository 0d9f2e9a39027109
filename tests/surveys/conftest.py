import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def sipas(db):
    from cchc.surveys import models as m
    from cchc.surveys.loading import install_templates

    install_templates(m.Questionnaire, m.QuestionnaireVersion, m.Section, m.Item, now=timezone.now())
    return m.QuestionnaireVersion.objects.get(questionnaire__code="sipas-dich-vu", number=1)


@pytest.fixture
def make_round(sipas, org_tree):
    from cchc.surveys.models import Round

    def _make(code="T42.stp", quarter=1, year=None, population=None, version=None):
        now = timezone.now()
        return Round.objects.create(version=version or sipas, unit=org_tree[code], year=year or now.year,
                                    quarter=quarter, population=population,
                                    opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30))

    return _make


def full_answers(version, level=5, **override):
    """A complete, valid POST dict for ``version``: every Likert item at ``level``, the first option of every
    choice item (conditional items are answered too; hidden ones are ignored), overrides by item code."""
    from cchc.surveys.models import Item

    data = {}
    for it in Item.objects.filter(section__version=version).select_related("section"):
        if it.kind == "likert5":
            data[str(it.pk)] = str(level)
        elif it.kind in ("single", "multiple"):
            data[str(it.pk)] = it.choices[0]
    for code, value in override.items():
        it = Item.objects.get(section__version=version, code=code)
        data[str(it.pk)] = value
    return data


def getter(data):
    def _get(key):
        v = data.get(key)
        if v is None:
            return []
        return v if isinstance(v, list) else [v]

    return _get


@pytest.fixture(autouse=True)
def _fresh_guess_counters():
    """The code-guessing counters live in the cache (cchc.surveys.guard): each test starts without misses."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
