"""Every model of the project has a Vietnamese name: the audit browser lists models by it (session 21 walkthrough:
"Attendance", "Feedback", "Procedure decision" among Vietnamese names in its filter)."""

from django.apps import apps
from django.utils import translation


def test_every_project_model_has_a_vietnamese_verbose_name():
    with translation.override("vi"):
        english = sorted(m._meta.label for m in apps.get_models()
                         if m.__module__.startswith("cchc.") and str(m._meta.verbose_name).isascii())
    assert english == [], "give these models a Vietnamese verbose_name (Meta, through gettext_lazy): " + ", ".join(english)
