"""Helpers the tests of several apps share (plain functions; the fixtures are in tests/conftest.py)."""

from __future__ import annotations

import io
import threading

PASSWORD = "Matkhau@2024!"


def client_for(user, password=PASSWORD):
    """A test client signed in as ``user`` through the login backend (the password of the ``users`` fixture)."""
    from django.test import Client

    c = Client()
    assert c.login(username=user.username, password=password)
    return c


def xlsx(rows, title: str | None = None, extra_sheets=()) -> bytes:
    """An .xlsx file of one sheet holding ``rows`` (lists of cell values), as uploaded to an import form;
    ``extra_sheets``: more sheets after it, as (title, rows)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if title is not None:
        ws.title = title
    for r in rows:
        ws.append(r)
    for name, more in extra_sheets:
        other = wb.create_sheet(name)
        for r in more:
            other.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF that opens and has ``text`` in its text layer (files are checked by parsing, not by their
    first bytes)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def line_of(text: str, marker: str) -> int:
    """1-based number of the first line of ``text`` containing ``marker`` (computed from the file, not typed in)."""
    for no, line in enumerate(text.split("\n"), start=1):
        if marker in line:
            return no
    raise AssertionError(marker)


def run_in_threads(n: int, fn, *, together: bool = False) -> list[Exception]:
    """Call ``fn(i)`` for i in 0..n-1, each in its own thread with its own database connection (closed after);
    ``together``: the threads wait for each other and call ``fn`` at the same moment. Returns the exceptions raised."""
    from django.db import connection

    errors = []
    barrier = threading.Barrier(n) if together else None

    def wrap(i):
        try:
            if barrier is not None:
                barrier.wait()
            fn(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def admin_models(app_label: str) -> list:
    """The models of an app registered in the Django admin."""
    from django.apps import apps
    from django.contrib import admin

    return [m for m in apps.get_app_config(app_label).get_models() if m in admin.site._registry]


def superuser_client(client, django_user_model):
    """``client`` signed in as a new superuser (username "quantri")."""
    boss = django_user_model.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    client.force_login(boss)
    return client


def assert_admin_pages_render(client, app_label: str) -> None:
    """The list, search (a Vietnamese name) and first object's change page of every registered model answer 200."""
    from django.urls import reverse

    for model in admin_models(app_label):
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        assert client.get(url + "?q=Nguy%E1%BB%85n").status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change


def windows_1258(text: str) -> bytes:
    """``text`` as Excel's "CSV" / Notepad's "ANSI" save it on a Vietnamese Windows: Windows-1258, where a letter
    with a tone is its base letter (ô, ơ, ă, …) followed by a combining tone byte ("ồ" = "ô" + 0xCC)."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out += (base + "".join(c for c in nfd if c in tones)).encode("cp1258")
    return bytes(out)


def controls_without_a_name(html: str) -> list[str]:
    """The form controls of a page that a screen reader would announce without a name: not inside a <label>, no
    <label for> pointing at them, no aria-label / aria-labelledby / title (hidden inputs and buttons excluded)."""
    from html.parser import HTMLParser

    class Controls(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.depth, self.label_for, self.controls = 0, set(), []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "label":
                self.depth += 1
                if a.get("for"):
                    self.label_for.add(a["for"])
            elif tag in ("input", "select", "textarea"):
                if tag == "input" and (a.get("type") or "text") in ("hidden", "submit", "button", "reset", "image"):
                    return
                named = self.depth or a.get("aria-label") or a.get("aria-labelledby") or a.get("title")
                self.controls.append((a.get("id"), bool(named), self.get_starttag_text()[:120]))

        def handle_endtag(self, tag):
            if tag == "label" and self.depth:
                self.depth -= 1

    p = Controls()
    p.feed(html)
    return [text for cid, named, text in p.controls if not named and not (cid and cid in p.label_for)]


# ------------------------------------------------------------- bad input: the importers' answers and the database

VIETNAMESE = set(  # a message holding none of these letters is not Vietnamese
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def docx_bytes(paragraphs=("Một đoạn văn bản.",)) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def db_counts() -> dict[str, int]:
    """Rows of every project table and of the audit log, in one query."""
    from auditlog.models import LogEntry
    from django.apps import apps
    from django.db import connection

    models = [m for m in apps.get_models() if m.__module__.startswith("cchc.") and not m._meta.proxy] + [LogEntry]
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(m._meta.db_table)})" for m in models)
    with connection.cursor() as cur:
        cur.execute(sql)
        values = cur.fetchone()
    return {m._meta.label: n for m, n in zip(models, values, strict=True)}


def changed(before: dict, after: dict) -> dict:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


def messages_of(answer) -> list[str]:
    """The Vietnamese lines an importer answered with (a report, a dict, a list, a tuple or a CodedError)."""
    from cchc.core.errors import CodedError

    if isinstance(answer, CodedError):
        lines = [answer.message, *[str(e) for e in getattr(answer, "errors", None) or []]]
        return [line for line in lines if line]
    if isinstance(answer, dict):
        return [str(e) for e in answer.get("errors") or []]
    if isinstance(answer, tuple):  # (counts, errors)
        return [str(e) for e in answer[1]]
    if isinstance(answer, list):
        return [str(e) for e in answer]
    errors = getattr(answer, "errors", None)
    return [str(e) for e in errors or []]


def run(importer, *args, **kwargs):
    """The importer's answer, or the CodedError it raised."""
    from cchc.core.errors import CodedError

    try:
        return importer(*args, **kwargs)
    except CodedError as exc:
        return exc


def sideways(page) -> dict:
    """What makes a page read sideways at its viewport's width: ``page`` is how far the page itself scrolls past the
    screen, ``outside`` the visible elements whose right edge passes the screen outside a box meant to scroll
    sideways, ``boxes`` the boxes that do scroll sideways (overflow-x auto/scroll, content wider than the box), each
    as tag#id.class (the nearest id above it in brackets)."""
    return page.evaluate("""() => {
        const vw = window.innerWidth, scrolls = e => /auto|scroll/.test(getComputedStyle(e).overflowX);
        const name = e => { const p = e.closest('[id]');
            return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '')
                + (p && p !== e ? ' [' + p.id + ']' : ''); };
        const all = [...document.body.querySelectorAll('*')];
        const outside = all.filter(e => { const r = e.getBoundingClientRect();
            if (!r.width || r.right <= vw + 1 || getComputedStyle(e).visibility === 'hidden') return false;
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return false;
            return true; }).map(name);
        const boxes = all.filter(e => scrolls(e) && e.scrollWidth > e.clientWidth + 1).map(name);
        return {page: document.documentElement.scrollWidth - vw, outside, boxes};
    }""")
