"""Issue 9: one shape for a command with sub-commands (cchc.core.management.base.ActionCommand) and one lookup of
the account demo content is written as (cchc.org.management.accounts)."""

import argparse
import io

import pytest
from django.core.management import CommandError, call_command

from cchc.core.management.base import ActionCommand


class Toy(ActionCommand):
    help = "đồ chơi"

    def args_count(self, parser):
        parser.add_argument("n", type=int)
        parser.add_argument("--loud", action="store_true")

    def do_count(self, opts):
        """Đếm đến n
        (trên hai dòng)"""
        self.stdout.write(" ".join(str(i) for i in range(1, opts["n"] + 1)) + ("!" if opts["loud"] else ""))

    def do_hello(self, opts):
        """Chào"""
        self.stdout.write("xin chào")


class LouderToy(Toy):
    def do_shout(self, opts):
        """Hét"""
        self.stdout.write("A")


def _sub_commands(command):
    parser = command.create_parser("cchc", "toy")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {c.dest: c.help for c in sub._choices_actions}


def test_sub_commands_are_the_do_methods_in_class_order_with_their_docstring_as_help():
    assert _sub_commands(Toy()) == {"count": "Đếm đến n (trên hai dòng)", "hello": "Chào"}
    assert list(_sub_commands(LouderToy())) == ["count", "hello", "shout"]


def test_handle_runs_the_sub_command_with_its_arguments():
    out = io.StringIO()
    call_command(Toy(), "count", "3", "--loud", stdout=out)
    assert out.getvalue().strip() == "1 2 3!"
    out = io.StringIO()
    call_command(LouderToy(), "hello", stdout=out)
    assert out.getvalue().strip() == "xin chào"


def test_a_sub_command_is_required():
    with pytest.raises(CommandError):
        call_command(Toy())


@pytest.mark.django_db
@pytest.mark.parametrize("app", ["initiatives", "inspections", "reports"])
def test_demo_content_needs_the_office_account(app):
    with pytest.raises(CommandError, match="Chưa có tài khoản Phòng CCHC; chạy `cchc load_demo` trước."):
        call_command(app, "load_demo", stdout=io.StringIO())


def test_demo_accounts(users):
    from cchc.org import access
    from cchc.org.management.accounts import demo_office, first_holder

    assert demo_office() == users["par_office"]
    assert first_holder(access.APPRAISER) == users["appraiser"]


def test_command_accounts_keep_each_commands_rule(users):
    """`cchc index` imports are logged as an office account only; `cchc dossiers --user` takes a named account even
    when it is inactive; every other `--user` an active one, else the office account, else an administrator."""
    from cchc.org.management.accounts import account_named, acting_user, logging_office, office_account

    office, admin = users["par_office"], users["admin"]
    assert logging_office() == office == office_account() == acting_user(None)
    office.is_active = False
    office.save(update_fields=["is_active"])
    assert office_account() == admin == acting_user(None) and office_account(or_admin=False) is None
    with pytest.raises(CommandError, match="Cần một tài khoản Phòng CCHC để ghi nhật ký."):
        logging_office()
    assert account_named(office.username, active=False) == office
    with pytest.raises(CommandError, match=f"Không có tài khoản đang hoạt động “{office.username}”."):
        acting_user(office.username)
    with pytest.raises(CommandError, match="Không có tài khoản ai-do."):
        call_command("dossiers", "measurements", "--period", "2025Q1", "--user", "ai-do", stdout=io.StringIO())


@pytest.mark.parametrize(("app", "again"), [("initiatives", "Sáng kiến mẫu đã có."),
                                            ("inspections", "Kế hoạch kiểm tra mẫu đã có.")])
def test_demo_content_is_written_once(users, app, again):
    out = io.StringIO()
    call_command(app, "load_demo", stdout=out)
    assert out.getvalue().startswith("Đã nạp")
    out = io.StringIO()
    call_command(app, "load_demo", stdout=out)
    assert out.getvalue().strip() == again
