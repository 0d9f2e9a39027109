"""Ship the SIPAS service questionnaire and the staff survey as published version 1 (editable by a new version)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from cchc.surveys.loading import install_templates

    install_templates(apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "QuestionnaireVersion"),
                      apps.get_model("surveys", "Section"), apps.get_model("surveys", "Item"), now=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
