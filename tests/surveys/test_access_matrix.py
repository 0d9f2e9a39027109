"""Role × endpoint on one unit's round (Sở Tư pháp): the office and the unit's editors act, readers read, other
units get 404 (the round's existence does not leak)."""

import pytest

from cchc.surveys import services
from tests.helpers import client_for as _client
from tests.surveys.conftest import full_answers, getter

EXPECTED = {  # role: (detail, paper, import, codes POST, results shows the unit)
    "admin": (200, 200, 200, 200, True),
    "par_office": (200, 200, 200, 200, True),
    "unit_leader": (200, 200, 200, 200, True),
    "focal_point": (200, 200, 200, 200, True),
    "viewer": (200, 403, 403, 403, True),
    "appraiser": (200, 403, 403, 403, True),
    "focal_b": (404, 404, 404, 404, False),
    "commune_focal": (404, 404, 404, 404, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_endpoint(role, users, make_round):
    rnd = make_round("T42.stp")
    _b, codes = services.codes_create(users["par_office"], rnd, 1)
    services.response_submit_with_code(codes[0], getter(full_answers(rnd.version)))
    c = _client(users[role])
    detail, paper, imp, codes_post, sees = EXPECTED[role]
    assert c.get(f"/surveys/rounds/{rnd.pk}/").status_code == detail
    assert c.get(f"/surveys/rounds/{rnd.pk}/paper/").status_code == paper
    assert c.get(f"/surveys/rounds/{rnd.pk}/import/").status_code == imp
    assert c.post(f"/surveys/rounds/{rnd.pk}/codes/", {"count": 2, "valid_days": 3}).status_code == codes_post
    for path in ("/surveys/", f"/surveys/results/?year={rnd.year}", f"/surveys/results/texts/?year={rnd.year}",
                 "/surveys/questionnaires/"):
        assert c.get(path).status_code == 200, path
    page = c.get(f"/surveys/results/?year={rnd.year}").content.decode()
    assert ("Sở Tư pháp tỉnh Hà Tĩnh" in page) is sees
    export = c.get(f"/surveys/results/?year={rnd.year}&format=xlsx").content
    assert (b"T\xc6\xb0 ph\xc3\xa1p" in _xlsx_text(export)) is sees


def _xlsx_text(data):
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v).encode()


def test_anonymous_visitor_is_sent_to_login_for_staff_pages(make_round):
    from django.test import Client

    rnd = make_round()
    for path in ("/surveys/", f"/surveys/rounds/{rnd.pk}/", "/surveys/results/"):
        r = Client().get(path)
        assert r.status_code == 302 and "/login/" in r.url


def test_free_text_search_ignores_diacritics(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["par_office"], rnd, 2)
    for code, text in zip(codes, ["Cán bộ nhiệt tình, chu đáo", "Thủ tục còn rườm rà"], strict=True):
        services.response_submit_with_code(code, getter(full_answers(rnd.version, md2=text)))
    page = _client(users["focal_point"]).get(f"/surveys/results/texts/?year={rnd.year}&q=nhiet+tinh")
    body = page.content.decode()
    assert "Cán bộ nhiệt tình" in body and "rườm rà" not in body.split('id="texts"')[1]
    assert "nhiệt tình (1)" in body
