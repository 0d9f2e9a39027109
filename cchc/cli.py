"""The `cchc` console script: runs Django management commands with the project's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings.local")
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] not in (["runserver"], ["jobs"]):
        # A command (kb add, plans load_demo, ...) runs its background jobs in-process, in order, unless the
        # environment chose a backend explicitly (e.g. CCHC_JOBS=celery in production).
        os.environ.setdefault("CCHC_JOBS", "inline")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cchc", *args])


if __name__ == "__main__":
    main()
