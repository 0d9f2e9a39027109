"""The one shape of a project command with sub-commands (`cchc exams import FILE`, `cchc org load`, ...).

Each sub-command is a ``do_<name>(self, opts)`` method, listed by `--help` in the order of the class with its
docstring as help; ``args_<name>(self, parser)``, when defined, adds that sub-command's arguments. ``handle`` runs
the ``do_`` method of the sub-command asked for."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class ActionCommand(BaseCommand):
    def actions(self) -> dict[str, str]:
        """Sub-command -> its help (the ``do_`` method's docstring on one line), in the order of the class."""
        out = {}
        for klass in reversed(type(self).__mro__):
            for attr, value in vars(klass).items():
                if attr.startswith("do_") and callable(value):
                    out[attr[3:]] = " ".join((value.__doc__ or "").split())
        return out

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for action, text in self.actions().items():
            sub_parser = sub.add_parser(action, help=text)
            add = getattr(self, f"args_{action}", None)
            if add is not None:
                add(sub_parser)

    def handle(self, *args, **opts):
        return getattr(self, f"do_{opts['action']}")(opts)
