"""What the procedure catalogue contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks


@hooks.register("demo", order=45)  # after org (agencies resolve against the demo province's units)
def load_demo():
    call_command("procedures", "load_demo")
