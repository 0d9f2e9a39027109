"""Documents stored before the splitter read tables through core.intake (a portal .txt stored converted): the data
migration re-reads the text from the original file where it is kept; without it the splitter reads the old form."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from cchc.core.intake import read_document
from cchc.knowledge.models import Document
from cchc.knowledge.services import text_fingerprint, upload_text_read
from cchc.knowledge.splitting import split_passages
from tests.knowledge.test_real_library import PORTAL, _old_stored_form

migration = importlib.import_module("cchc.knowledge.migrations.0006_stored_text_as_written")


@pytest.mark.django_db
def test_the_migration_restores_the_text_as_written_from_the_kept_file(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    old = _old_stored_form(read_document(PORTAL.encode(), "kh.txt").blocks)
    with_file = Document.objects.create(title="KH có tệp", original_name="kh.txt", text=old, text_hash="x")
    with_file.file.save("kh.txt", ContentFile(PORTAL.encode()), save=True)
    without_file = Document.objects.create(title="KH không tệp", original_name="kh2.txt", text=old)
    prose = Document.objects.create(title="Văn bản", original_name="vb.txt", text="Điều 1.\n|\nNội dung")
    prose.file.save("vb.txt", ContentFile("khác".encode()), save=True)

    migration.forwards(apps, None)

    with_file.refresh_from_db()
    assert with_file.text == upload_text_read(PORTAL.encode(), "kh.txt") != old
    assert with_file.text_hash == text_fingerprint(with_file.text)
    without_file.refresh_from_db()
    assert without_file.text == old  # nothing to re-read: the splitter reads the old form
    assert [(p.kind, p.text) for p in split_passages(without_file.text)] == \
        [(p.kind, p.text) for p in split_passages(with_file.text)]
    prose.refresh_from_db()
    assert prose.text == "Điều 1.\n|\nNội dung"  # not the old form (no tab rows): left alone
