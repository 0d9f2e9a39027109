"""Issue 8 item 15: `cchc <command> --help` works for every project command and sub-command."""

import argparse

import pytest
from django.core.management import get_commands, load_command_class


def _project_commands():
    return sorted((name, app) for name, app in get_commands().items() if str(app).startswith("cchc."))


@pytest.mark.parametrize(("name", "app"), _project_commands())
def test_help_renders(name, app):
    parser = load_command_class(app, name).create_parser("cchc", name)
    text = parser.format_help()
    assert name in text
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                assert sub.format_help()


def test_plan_help_in_a_subprocess():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "cchc", "plan", "--help"], capture_output=True, text=True,
                         env={"DJANGO_SETTINGS_MODULE": "cchc.settings.test", "PATH": "/usr/bin:/bin",
                              "PYTHONPATH": __import__("os").environ.get("PYTHONPATH", "")}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "parse" in out.stdout
