"""Portal web copies (.txt) used to be stored converted (text blocks each followed by a lone "|" line, tables as
tab-separated rows with merged cells filled); the splitter now reads a .txt as written through core.intake. Where
the original file is still in storage, the stored text is re-read from it, so that a re-index splits it as a new
upload would. Without the file, the splitter reads the old form (cchc/knowledge/splitting.py, _OLD_PORTAL_FORM).
The passages are not touched here: they change at the next re-index (``cchc kb`` rebuild or a document's job)."""

import re

from django.db import migrations

OLD_FORM = re.compile(r"\n\|(?=\n|$)")
TAB_ROW = re.compile(r"(?m)^[^\t\n]*\t[^\n]*\t")


def forwards(apps, schema_editor):
    from cchc.core.intake import IntakeError
    from cchc.knowledge.services import text_fingerprint, upload_text_read

    Document = apps.get_model("knowledge", "Document")
    for doc in Document.objects.exclude(file="").only("pk", "text", "file", "original_name", "text_hash").iterator():
        name = doc.original_name or doc.file.name
        if not name.lower().endswith(".txt") or not (OLD_FORM.search(doc.text) and TAB_ROW.search(doc.text)):
            continue
        try:
            with doc.file.open("rb") as fh:
                data = fh.read()
            text = upload_text_read(data, name)
        except (OSError, IntakeError):
            continue  # the file is gone or unreadable: the splitter reads the old form
        if text != doc.text:
            Document.objects.filter(pk=doc.pk).update(
                text=text, text_hash=text_fingerprint(text) if doc.text_hash else "")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_one_area_vocabulary"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
