"""What the reports app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks


@hooks.register("demo", order=90)  # last: the figures are read from every other app's demo data
def load_demo():
    call_command("reports", "load_demo")
