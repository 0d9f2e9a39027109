"""What the initiatives app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks


@hooks.register("demo", order=60)
def load_demo():
    call_command("initiatives", "load_demo")
