"""`cchc backup` / `cchc restore` (cchc/site/backup.py; docs/deploy.md, "Sao lưu và khôi phục").

Real installations in temporary directories, each command in its own process (`python -m cchc`) as an operator runs
it. The installation is migrated and filled once per module (a unit, a user, an uploaded file with a Vietnamese name,
a 766 dossiers file) and backed up once; each test works on a copy. The round trip runs on the engine of this test
run: a SQLite file in the SQLite pass, a PostgreSQL database of its own in the PostgreSQL pass (scripts/run-tests.sh).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MEDIA_NAME = "kb/2026/12/Kế hoạch CCHC năm 2026.pdf"
MEDIA_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40
MAPPING = {"motcua-tinh": {"Mã hồ sơ": "dossier_id"}}
POPULATE = f"""
import json
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from cchc.org.models import Membership, OrgUnit, Role, UnitKind
unit = OrgUnit.objects.create(code="T99", name="Tỉnh Sao Lưu", kind=UnitKind.PROVINCE)
user = get_user_model().objects.create_user("saoluu", first_name="Người Sao Lưu")
Membership.objects.create(user=user, unit=unit, role=Role.FOCAL_POINT)
assert default_storage.save({MEDIA_NAME!r}, ContentFile({MEDIA_BYTES!r})) == {MEDIA_NAME!r}
store = Path(settings.CCHC_DOSSIERS_DIR)
store.mkdir(parents=True, exist_ok=True)
(store / "mappings.json").write_text(json.dumps({MAPPING!r}, ensure_ascii=False), encoding="utf-8")
(store / ".lock").touch()
"""
FORGET = ["DELETE FROM org_membership", "DELETE FROM auth_user WHERE username = 'saoluu'",
          "DELETE FROM org_orgunit WHERE code = 'T99'"]


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


class Site:
    """One installation: its CCHC_VAR_DIR and, on PostgreSQL, its database URL."""

    def __init__(self, var: Path, db_url: str | None = None):
        self.var, self.db_url = var, db_url
        self.media, self.dossiers, self.backups = var / "media", var / "dossiers", var / "backups"

    def run(self, *args, ok=True, timeout=180) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in {
            "DATABASE_URL", "MEDIA_ROOT", "CCHC_DOSSIERS_DIR", "CCHC_BACKUP_DIR", "DJANGO_SETTINGS_MODULE"}}
        env.update(DJANGO_SETTINGS_MODULE="cchc.settings.local", CCHC_VAR_DIR=str(self.var), CCHC_JOBS="inline",
                   PYTHONPATH=str(ROOT), CCHC_PROVINCE="Hà Tĩnh")
        if self.db_url:
            env["DATABASE_URL"] = self.db_url
        out = subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True, env=env,
                             cwd=ROOT, timeout=timeout)
        if ok:
            assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
        return out

    def sql(self, *statements):
        """Runs the statements outside Django; returns the rows of the last one."""
        if self.db_url:
            import psycopg

            with psycopg.connect(self.db_url, autocommit=True) as con:
                for statement in statements:
                    cur = con.execute(statement)
                return cur.fetchall() if cur.description else []
        with sqlite3.connect(self.var / "cchc.sqlite3") as con:
            for statement in statements:
                cur = con.execute(statement)
            rows = cur.fetchall()
        con.close()
        return rows

    def users(self) -> list[str]:
        return [r[0] for r in self.sql("SELECT username FROM auth_user ORDER BY username")]


def _archive(site: Site, label: str = "") -> Path:
    found = sorted(p for p in site.backups.glob(f"cchc-backup-ha-tinh-*{label}.tar.gz"))
    assert len(found) == 1, found
    return found[0]


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def _repack(path: Path, out: Path, change) -> Path:
    """A copy of the archive whose members (name → bytes, manifest as a dict) ``change`` has edited."""
    members = _members(path)
    manifest = json.loads(members.pop("manifest.json"))
    change(members, manifest)
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [*members.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _fingerprint(site: Site) -> dict:
    """What a refused restore must leave as it was: the database file and every file of the data directories."""
    files = {str(p.relative_to(site.var)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in site.var.rglob("*") if p.is_file() and "backups" not in p.parts}
    return {**files, "users": site.users()}


# ---------------------------------------------------------------- SQLite


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    if _vendor() != "sqlite":
        pytest.skip("SQLite round trip: runs in the SQLite pass (this run tests PostgreSQL)")
    site = Site(tmp_path_factory.mktemp("template") / "var")
    site.run("migrate", "--noinput", "-v0")
    site.run("shell", "-c", POPULATE)
    out = site.run("backup")
    assert str(_archive(site)) in out.stdout and "1 tài khoản, 1 đơn vị" in out.stdout
    return site


@pytest.fixture
def site(sqlite_template, tmp_path):
    """A copy of the filled installation (no backups of its own) and its archive beside it."""
    var = tmp_path / "var"
    shutil.copytree(sqlite_template.var, var, ignore=shutil.ignore_patterns("backups"))
    copy = Site(var)
    copy.archive = shutil.copy(_archive(sqlite_template), tmp_path / _archive(sqlite_template).name)
    return copy


def test_archive_holds_database_files_and_manifest(sqlite_template):
    path = _archive(sqlite_template)
    members = _members(path)
    manifest = json.loads(members["manifest.json"])
    assert set(members) == {"manifest.json", "database/cchc.sqlite3", f"files/media/{MEDIA_NAME}",
                            "files/dossiers/mappings.json"}  # not the store's .lock, not the backups
    assert members[f"files/media/{MEDIA_NAME}"] == MEDIA_BYTES
    assert manifest["engine"] == "sqlite" and manifest["province"] == "Hà Tĩnh"
    assert manifest["counts"]["auth.User"] == 1 and manifest["counts"]["org.OrgUnit"] == 1
    assert manifest["migrations"]["org"] and manifest["migrations"]["auth"].startswith("00")
    for name, data in members.items():
        if name != "manifest.json":
            assert manifest["members"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert not list(sqlite_template.backups.glob(".*"))  # no .part or temporary directory left behind


def test_round_trip_brings_back_database_and_files(site):
    site.sql(*FORGET)
    (site.media / MEDIA_NAME).unlink()
    (site.dossiers / "mappings.json").unlink()
    (site.media / "la.txt").write_text("tệp tải lên sau bản sao lưu")
    assert site.users() == []

    out = site.run("restore", site.archive, "--yes")

    assert site.users() == ["saoluu"]
    assert site.sql("SELECT name FROM org_orgunit WHERE code = 'T99'") == [("Tỉnh Sao Lưu",)]
    assert site.sql("SELECT COUNT(*) FROM org_membership") == [(1,)]
    assert (site.media / MEDIA_NAME).read_bytes() == MEDIA_BYTES
    assert json.loads((site.dossiers / "mappings.json").read_text(encoding="utf-8")) == MAPPING
    assert not (site.media / "la.txt").exists()  # the directory is the archive's, not a merge
    safety = _archive(site, "-truoc-khoi-phuc")
    assert str(safety) in out.stdout and "Đã khôi phục bản sao lưu" in out.stdout
    before = _members(safety)  # the state the restore replaced, user deleted and stray file included
    assert json.loads(before["manifest.json"])["counts"]["auth.User"] == 0 and "files/media/la.txt" in before
    assert not [p for p in site.var.rglob(".cchc-restore-*")]


def test_restore_into_a_new_installation(sqlite_template, tmp_path):
    """The restore drill of docs/deploy.md: an empty CCHC_VAR_DIR, no --yes needed, nothing to keep aside."""
    site = Site(tmp_path / "new")
    out = site.run("restore", _archive(sqlite_template))
    assert site.users() == ["saoluu"] and (site.media / MEDIA_NAME).read_bytes() == MEDIA_BYTES
    assert "an toàn" not in out.stdout and not site.backups.exists()


@pytest.mark.parametrize("damage", ["gzip", "member"])
def test_damaged_archive_is_refused_and_nothing_changes(site, tmp_path, damage):
    if damage == "gzip":  # one byte of the compressed stream
        bad = tmp_path / "hong.tar.gz"
        data = bytearray(Path(site.archive).read_bytes())
        data[len(data) // 2] ^= 0x01
        bad.write_bytes(bytes(data))
    else:  # a valid archive whose uploaded file is one byte off its checksum

        def flip(members, manifest):
            body = bytearray(members[f"files/media/{MEDIA_NAME}"])
            body[100] ^= 0x01
            members[f"files/media/{MEDIA_NAME}"] = bytes(body)

        bad = _repack(Path(site.archive), tmp_path / "hong.tar.gz", flip)
    site.sql(*FORGET)
    before = _fingerprint(site)

    out = site.run("restore", bad, "--yes", ok=False)

    assert out.returncode != 0 and "bị hỏng" in out.stderr and "Không có gì bị thay đổi" in out.stderr
    if damage == "member":
        assert f"files/media/{MEDIA_NAME} sai mã kiểm tra sha256" in out.stderr
    assert _fingerprint(site) == before
    assert not site.backups.exists() or not list(site.backups.iterdir())  # not even a safety backup


def test_restore_over_data_needs_yes(site):
    before = _fingerprint(site)
    out = site.run("restore", site.archive, ok=False)
    assert out.returncode != 0 and "--yes" in out.stderr and "đang có dữ liệu (1 tài khoản, 1 đơn vị" in out.stderr
    assert _fingerprint(site) == before


@pytest.mark.parametrize("case", ["newer-schema", "other-engine"])
def test_archive_the_code_cannot_take_is_refused(site, tmp_path, case):
    def edit(members, manifest):
        if case == "newer-schema":
            manifest["migrations"]["plans"] = "9999_from_a_later_version"
        else:
            members["database/cchc.pgdump"] = members.pop("database/cchc.sqlite3")
            manifest["members"]["database/cchc.pgdump"] = manifest["members"].pop("database/cchc.sqlite3")
            manifest["engine"] = "postgresql"

    bad = _repack(Path(site.archive), tmp_path / f"{case}.tar.gz", edit)
    before = _fingerprint(site)
    out = site.run("restore", bad, "--yes", ok=False)
    expected = {"newer-schema": "plans.9999_from_a_later_version",
                "other-engine": "là CSDL postgresql, bản cài đặt này dùng sqlite"}[case]
    assert out.returncode != 0 and expected in out.stderr and "Không có gì bị thay đổi" in out.stderr
    assert _fingerprint(site) == before


def test_older_schema_is_migrated_after_restore(site, tmp_path):
    latest = sorted((ROOT / "cchc" / "exchange" / "migrations").glob("0*.py"))[-1].stem
    assert latest != "0001_initial"
    site.run("migrate", "exchange", "0001", "--noinput", "-v0")  # the installation of an earlier version
    site.run("backup", "--out", str(tmp_path / "old"))
    (old,) = (tmp_path / "old").glob("*.tar.gz")
    assert json.loads(_members(old)["manifest.json"])["migrations"]["exchange"] == "0001_initial"

    out = site.run("restore", old, "--yes")

    assert "lược đồ CSDL cũ hơn mã nguồn" in out.stdout and "Đã cập nhật lược đồ CSDL" in out.stdout
    assert ("exchange", latest) in site.sql("SELECT app, name FROM django_migrations")
    assert site.users() == ["saoluu"]


def test_backup_while_another_connection_writes_is_consistent(site, tmp_path):
    """Each write adds one row to two tables in one transaction, and the writer never checkpoints: the committed rows
    are in the -wal file only, which a copy of the database file would miss. The archived database has them, as many
    in each table."""
    db = site.var / "cchc.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE probe_a (n INTEGER)")
        con.execute("CREATE TABLE probe_b (n INTEGER)")
    con.close()
    stop, started = threading.Event(), threading.Event()
    written = [0]

    def write():
        con = sqlite3.connect(db, timeout=30, isolation_level=None)
        con.execute("PRAGMA wal_autocheckpoint=0")
        while not stop.is_set():
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO probe_a VALUES (?)", (written[0],))
            con.execute("INSERT INTO probe_b VALUES (?)", (written[0],))
            con.execute("COMMIT")
            written[0] += 1
            if written[0] == 50:
                started.set()
        con.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(30)
        site.run("backup", "--out", str(tmp_path / "out"))
    finally:
        stop.set()
        writer.join()
    (archive,) = (tmp_path / "out").glob("*.tar.gz")
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(_members(archive)["database/cchc.sqlite3"])
    with sqlite3.connect(copy) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        a, b = con.execute("SELECT (SELECT COUNT(*) FROM probe_a), (SELECT COUNT(*) FROM probe_b)").fetchone()
    con.close()
    assert a == b and 50 <= a <= written[0]


def test_every_directory_setting_is_data_or_says_why():
    import re

    from django.conf import settings

    from cchc.site import backup

    names = {n for n in dir(settings) if n.isupper() and re.search(r"_(DIR|DIRS|ROOT|PATHS)$", n)}
    assert {"MEDIA_ROOT", "CCHC_DOSSIERS_DIR", "STATIC_ROOT", "VAR_DIR"} <= names
    assert names - ({setting for _name, setting in backup.DATA_DIRS} | set(backup.NOT_DATA)) == set()


def test_postgresql_tools_missing_or_too_old_are_named(tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    from cchc.site.backup import pg_tool

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match=r"Không tìm thấy lệnh pg_dump.*postgresql-client-16"):
        pg_tool("pg_dump", 16)
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.16'\n")
    fake.chmod(0o755)
    with pytest.raises(CommandError, match=r"pg_dump phiên bản 13 cũ hơn phiên bản cần \(16"):
        pg_tool("pg_dump", 16)
    assert pg_tool("pg_dump", 13)[1] == 13


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def pg_site(tmp_path):
    if _vendor() != "postgresql":
        pytest.skip("PostgreSQL round trip: runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
    if missing:
        if IN_CI:
            pytest.fail(f"CI=true: {', '.join(missing)} không có — cần postgresql-client cho kiểm thử sao lưu")
        pytest.skip(f"{', '.join(missing)} không có (cài postgresql-client để chạy)")
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    name = f"cchc_backup_test_{os.getpid()}"
    auth = quote(db.get("USER") or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    server = f"postgres://{auth}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    yield Site(tmp_path / "var", f"{server}/{name}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_round_trip_on_postgresql(pg_site):
    site = pg_site
    site.run("migrate", "--noinput", "-v0")
    site.run("shell", "-c", POPULATE)
    site.run("backup")
    archive = _archive(site)
    manifest = json.loads(_members(archive)["manifest.json"])
    assert manifest["engine"] == "postgresql" and "database/cchc.pgdump" in manifest["members"]
    assert manifest["database"]["dump_tool"].startswith("pg_dump")
    site.sql(*FORGET)
    site.sql("CREATE TABLE left_by_a_newer_migration (n integer)")
    (site.media / MEDIA_NAME).unlink()

    refused = site.run("restore", archive, ok=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    out = site.run("restore", archive, "--yes")

    assert site.users() == ["saoluu"]
    assert site.sql("SELECT name FROM org_orgunit WHERE code = 'T99'") == [("Tỉnh Sao Lưu",)]
    assert site.sql("SELECT to_regclass('left_by_a_newer_migration')") == [(None,)]
    assert (site.media / MEDIA_NAME).read_bytes() == MEDIA_BYTES
    assert str(_archive(site, "-truoc-khoi-phuc")) in out.stdout
    site.run("migrate", "--check", "-v0")  # the schema is the code's
