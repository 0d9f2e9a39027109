"""Backup and restore of an installation: `cchc backup`, `cchc restore` (docs/deploy.md, "Sao lưu và khôi phục").

One archive ``cchc-backup-<province>-YYYYMMDD-HHMMSS.tar.gz`` holds everything the installation keeps:

- the database: SQLite through the online backup API (a consistent copy while the app writes; copying the file
  can catch it between a page and its WAL), PostgreSQL through ``pg_dump --format=custom`` run inside the snapshot
  the manifest's figures are read from;
- the data directories of :data:`DATA_DIRS` (the other directory settings are listed in :data:`NOT_DATA` with why);
- ``manifest.json`` (last member): app version and commit, time, engine, each app's last applied migration, row
  counts of :data:`KEY_TABLES`, and sha256 and size of every other member.

The archive is written to a hidden ``.part`` file renamed into place when complete. A restore reads the whole archive
and checks the manifest and every checksum before it touches anything, refuses another engine and a schema newer
than the code, asks for ``--yes`` over existing data, writes a safety backup of what it replaces, stages the files
beside their targets, restores the database in one step (SQLite backup API / one psql transaction), swaps the
directories, checks the row counts against the manifest and runs ``migrate`` for an archive of an older schema."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cchc.core.dirlock import LOCK_NAME, dir_locked
from cchc.core.vntext import fold

FORMAT = "cchc-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database/cchc.sqlite3", "postgresql": "database/cchc.pgdump"}
# Directories of data besides the database: (name in the archive, setting). Losing one loses what users gave.
DATA_DIRS = (
    ("media", "MEDIA_ROOT"),  # uploaded files: plan documents, evidence, signed reports, library and course files
    ("dossiers", "CCHC_DOSSIERS_DIR"),  # 766 dossiers: the Parquet rows (the database keeps only the imports' log),
    # their manifest.json, the sources' column mappings and the uploaded originals
)
# The other directory settings, and why they are not in the archive (tests/site/test_backup.py checks that every
# *_DIR, *_DIRS, *_ROOT and *_PATHS setting is in DATA_DIRS or here).
NOT_DATA = {
    "BASE_DIR": "the code (the cchc package)",
    "PROJECT_DIR": "the code (the checkout)",
    "STATICFILES_DIRS": "the code's static files",
    "LOCALE_PATHS": "the code's translations",
    "FIXTURE_DIRS": "the code's fixtures",
    "FILE_UPLOAD_TEMP_DIR": "an upload on its way in (Django's temporary files), kept by no one",
    "STATIC_ROOT": "a cache: collectstatic writes it from the code",
    "CCHC_BACKUP_DIR": "the backups themselves",
    "VAR_DIR": "the parent of the default database file and data directories, taken one by one; besides them it "
               "holds static/ (STATIC_ROOT), backups/ and exams-import/ (a question-bank file kept between the "
               "preview and the confirmation, removed after a day: the user uploads it again)",
}
SKIPPED_NAMES = {LOCK_NAME}  # the lock file a directory is written under (core.dirlock), not data
STAGING_PREFIX = ".cchc-restore-"
# Row counts in the manifest, checked again after a restore.
KEY_TABLES = ("auth.User", "org.OrgUnit", "org.Membership", "plans.Plan", "plans.Task", "plans.Occurrence",
              "plans.Evidence", "knowledge.Document", "assessment.Score", "reports.Report", "core.Job")
PG_ENV = (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
          ("NAME", "PGDATABASE"))
PG_SSL_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey")
# Empties the schema before the dump is replayed, in the same transaction: tables made by migrations newer than the
# archive would otherwise stay and break the `migrate` that follows.
PG_EMPTY_SCHEMA = """
DO $cchc$
DECLARE r record;
BEGIN
  FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN ('public', current_schema()) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
                   CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                                  ELSE 'TABLE' END, r.nspname, r.relname);
  END LOOP;
  -- the sequences of identity columns went with their tables; what is left stands alone
  FOR r IN SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN ('public', current_schema()) AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', r.nspname, r.relname);
  END LOOP;
END $cchc$;
"""


# ---------------------------------------------------------------- what the installation is


def _db():
    return settings.DATABASES["default"]


def engine_current() -> str:
    vendor = connections["default"].vendor
    if vendor not in DB_MEMBERS:
        raise CommandError(_("Sao lưu chỉ hỗ trợ SQLite và PostgreSQL (CSDL hiện tại: %(vendor)s).")
                           % {"vendor": vendor})
    return vendor


def _data_dirs() -> dict[str, Path]:
    return {name: Path(getattr(settings, setting)) for name, setting in DATA_DIRS}


def _files_of(root: Path, exclude: Path | None = None):
    """(relative posix name, path) of the regular files under ``root``: not symlinks, not the lock file, not a
    restore's staging directory, nothing under ``exclude`` (the backup directory, if it lies inside)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(STAGING_PREFIX)
                             and not (exclude and (here / d).resolve() == exclude))
        for fn in sorted(filenames):
            path = here / fn
            if (here == root and fn in SKIPPED_NAMES) or path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix(), path


def _facts(cursor, tables: set[str]) -> dict:
    """Each app's last applied migration and the row counts of KEY_TABLES, read through ``cursor``."""
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations[app] = name
    counts = {}
    for label in KEY_TABLES:
        table = apps.get_model(label)._meta.db_table
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[label] = cursor.fetchone()[0]
        else:
            counts[label] = 0
    return {"migrations": migrations, "counts": counts}


def installation_state() -> dict:
    """What the configured installation holds now: its tables, the KEY_TABLES counts, its data files. Opens no
    SQLite file that does not exist (it would create it)."""
    engine = engine_current()
    tables: set[str] = set()
    facts = {"migrations": {}, "counts": dict.fromkeys(KEY_TABLES, 0)}
    if engine == "postgresql" or Path(_db()["NAME"]).exists():
        conn = connections["default"]
        with conn.cursor() as cursor:
            tables = set(conn.introspection.table_names(cursor))
            facts = _facts(cursor, tables)
    files = {name: sum(1 for _f in _files_of(root)) for name, root in _data_dirs().items()}
    return {"engine": engine, "tables": tables, **facts, "files": files}


def counts_text(counts: dict) -> str:
    labels = {"auth.User": _("tài khoản"), "org.OrgUnit": _("đơn vị"), "plans.Plan": _("kế hoạch"),
              "plans.Task": _("nhiệm vụ"), "knowledge.Document": _("tài liệu"), "reports.Report": _("báo cáo")}
    return ", ".join(f"{counts.get(label, 0)} {text}" for label, text in labels.items())


def created_text(manifest: dict) -> str:
    """When the archive was made, in the installation's time zone."""
    try:
        return f"{timezone.localtime(datetime.fromisoformat(manifest['created_at'])):%d/%m/%Y %H:%M:%S}"
    except (KeyError, TypeError, ValueError):
        return "?"


def _province_slug() -> str:
    return slugify(fold(str(settings.CCHC_PROVINCE))) or "cchc"


def _app_version() -> tuple[str, str]:
    try:
        from importlib.metadata import version

        ver = version("cchc")
    except Exception:  # noqa: BLE001 - not installed as a package: no version to record
        ver = ""
    commit = ""
    if (Path(settings.PROJECT_DIR) / ".git").exists() and shutil.which("git"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            run = subprocess.run(["git", "-C", str(settings.PROJECT_DIR), "rev-parse", "HEAD"], capture_output=True,
                                 text=True, timeout=10)
            commit = run.stdout.strip() if run.returncode == 0 else ""
    return ver, commit


# ---------------------------------------------------------------- PostgreSQL tools


def _pg_env() -> dict[str, str]:
    db = _db()
    env = dict(os.environ)
    for key, var in PG_ENV:
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS") or {}
    for option in PG_SSL_OPTIONS:
        if options.get(option):
            env["PG" + option.upper()] = str(options[option])
    return env


def _server_major() -> int:
    conn = connections["default"]
    conn.ensure_connection()
    return conn.pg_version // 10000


def pg_tool(name: str, needed_major: int) -> tuple[str, int, str]:
    """(path, major version, --version line) of a PostgreSQL client tool whose major version is at least
    ``needed_major``; a clear error otherwise."""
    path = shutil.which(name)
    hint = {"tool": name, "major": needed_major}
    if not path:
        raise CommandError(_("Không tìm thấy lệnh %(tool)s. Hãy cài công cụ PostgreSQL phiên bản %(major)s trở lên "
                             "(Debian: apt-get install postgresql-client-%(major)s).") % hint)
    line = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    match = re.search(r"(\d+)(?:\.\d+)?", line)
    major = int(match.group(1)) if match else 0
    if major < needed_major:
        raise CommandError(_("%(tool)s phiên bản %(have)s cũ hơn phiên bản cần (%(major)s: máy chủ PostgreSQL hoặc "
                             "bản sao lưu). Hãy cài postgresql-client-%(major)s và đặt nó trước trong PATH.")
                           % {**hint, "have": major})
    return path, major, line


def _pg_failure(tool: str, stderr: str) -> CommandError:
    return CommandError(_("%(tool)s báo lỗi: %(error)s") % {"tool": tool, "error": stderr.strip()[-2000:]})


# ---------------------------------------------------------------- writing an archive


class _HashingReader:
    """Reads a file for tarfile and hashes exactly the bytes handed over."""

    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.sha.update(data)
        return data


class _Writer:
    def __init__(self, tar: tarfile.TarFile):
        self.tar, self.members = tar, {}

    def add_file(self, arcname: str, path: Path) -> int:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            info = tarfile.TarInfo(arcname)
            info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), 0o644
            reader = _HashingReader(fh)
            try:
                self.tar.addfile(info, reader)
            except OSError as exc:
                if "unexpected end of data" not in str(exc):
                    raise
                raise CommandError(_("Tệp %(path)s thay đổi trong lúc sao lưu (%(error)s); hãy chạy lại lệnh.")
                                   % {"path": path, "error": exc}) from exc
        self.members[arcname] = {"sha256": reader.sha.hexdigest(), "size": info.size}
        return info.size

    def add_bytes(self, arcname: str, data: bytes) -> None:
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
        self.tar.addfile(info, io.BytesIO(data))


def _dump_sqlite(tmp: Path, writer: _Writer) -> dict:
    source = Path(_db()["NAME"])
    if not source.exists():
        raise CommandError(_("Không tìm thấy tệp CSDL SQLite %(path)s: chưa có gì để sao lưu (chạy `cchc migrate` "
                             "trước).") % {"path": source})
    copy = tmp / "cchc.sqlite3"
    with contextlib.closing(sqlite3.connect(source, timeout=60)) as src, \
            contextlib.closing(sqlite3.connect(copy)) as dst:
        try:
            src.backup(dst)  # one step: a read transaction on the source, a consistent snapshot while others write
        except sqlite3.Error as exc:
            raise CommandError(_("Không đọc được CSDL SQLite %(path)s: %(error)s") % {"path": source, "error": exc}) \
                from exc
        dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CommandError(_("CSDL SQLite %(path)s bị lỗi (quick_check: %(error)s): bản sao lưu không được tạo.")
                               % {"path": source, "error": check})
        tables = {row[0] for row in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        facts = _facts(dst.cursor(), tables)
        version = sqlite3.sqlite_version
    writer.add_file(DB_MEMBERS["sqlite"], copy)
    return {**facts, "database": {"server_version": version, "dump_tool": "sqlite3 backup API"}}


def _dump_postgresql(tmp: Path, writer: _Writer) -> dict:
    server = _server_major()
    pg_dump, _major, line = pg_tool("pg_dump", server)
    conn = connections["default"]
    dump = tmp / "cchc.pgdump"
    with transaction.atomic(using="default"), conn.cursor() as cursor:
        # the figures of the manifest and pg_dump read the same snapshot
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        facts = _facts(cursor, set(conn.introspection.table_names(cursor)))
        run = subprocess.run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                             env=_pg_env(), capture_output=True, text=True)
    if run.returncode != 0:
        raise _pg_failure("pg_dump", run.stderr)
    writer.add_file(DB_MEMBERS["postgresql"], dump)
    return {**facts, "database": {"server_version": version, "dump_tool": line}}


def _archive_name(out: Path, label: str) -> Path:
    stem = f"cchc-backup-{_province_slug()}-{timezone.localtime():%Y%m%d-%H%M%S}{label}"
    path, n = out / f"{stem}.tar.gz", 1
    while path.exists():
        n += 1
        path = out / f"{stem}-{n}.tar.gz"
    return path


def backup_create(out_dir=None, *, label: str = "") -> tuple[Path, dict]:
    """Writes one archive of the installation into ``out_dir`` (setting CCHC_BACKUP_DIR by default) and returns its
    path and manifest. Written to a hidden .part file first: an interrupted backup leaves no archive."""
    engine = engine_current()
    out = Path(out_dir or settings.CCHC_BACKUP_DIR).resolve()
    out.mkdir(parents=True, exist_ok=True)
    final = _archive_name(out, label)
    fd, part = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=out)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6) as tar:
                writer = _Writer(tar)
                with tempfile.TemporaryDirectory(prefix=".cchc-backup-", dir=out) as tmp:
                    dump = _dump_sqlite if engine == "sqlite" else _dump_postgresql
                    facts = dump(Path(tmp), writer)  # first: a file uploaded meanwhile is an orphan, not a hole
                directories = {}
                for name, setting in DATA_DIRS:
                    root = Path(getattr(settings, setting))
                    files = size = 0
                    with dir_locked(root, create=False):
                        for rel, path in _files_of(root, exclude=out):
                            try:
                                size += writer.add_file(f"files/{name}/{rel}", path)
                            except FileNotFoundError:  # removed since the listing: not part of the state any more
                                continue
                            files += 1
                    directories[name] = {"setting": setting, "path": str(root), "files": files, "bytes": size}
                version, commit = _app_version()
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": version, "commit": commit,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "province": str(settings.CCHC_PROVINCE), "host": socket.gethostname(), "engine": engine,
                    "database": {**facts["database"], "member": DB_MEMBERS[engine]},
                    "migrations": facts["migrations"], "counts": facts["counts"], "directories": directories,
                    "members": writer.members,
                }
                writer.add_bytes(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, final)
        with contextlib.suppress(OSError):
            dir_fd = os.open(out, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        if isinstance(exc, OSError):
            raise CommandError(_("Không ghi được bản sao lưu vào %(dir)s: %(error)s") % {"dir": out, "error": exc}) \
                from exc
        raise
    return final, manifest


def size_text(path: Path) -> str:
    return filesizeformat(path.stat().st_size)


# ---------------------------------------------------------------- reading an archive


def _damaged(path: Path, what: str) -> CommandError:
    return CommandError(_("Tệp sao lưu %(path)s bị hỏng hoặc không phải bản sao lưu của cchc: %(what)s. Không có gì "
                          "bị thay đổi.") % {"path": path, "what": what})


def _member_ok(name: str, manifest_dirs) -> bool:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name:
        return False
    if parts[0] == "database":
        return name in DB_MEMBERS.values()
    return parts[0] == "files" and len(parts) >= 3 and parts[1] in manifest_dirs


def _each_member(path: Path):
    """(member, its file object) of every regular member, in order; a damaged stream becomes a clear error."""
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            for member in tar:
                yield member, (tar.extractfile(member) if member.isfile() else None)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise _damaged(path, _("không đọc được (%(error)s)") % {"error": str(exc) or type(exc).__name__}) from exc


def _chunks(fh, size: int = 1 << 20):
    while chunk := fh.read(size):
        yield chunk


def archive_check(path) -> dict:
    """Reads the whole archive and returns its manifest once every member matches its sha256 and size, the
    manifest lists nothing missing and the archive holds nothing unlisted. Touches nothing."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": path})
    seen, manifest_bytes, odd = {}, None, []
    for member, fh in _each_member(path):
        if member.name == MANIFEST and fh is not None:
            manifest_bytes = fh.read()
            continue
        if fh is None:
            odd.append(member.name)
            continue
        sha, size = hashlib.sha256(), 0
        for chunk in _chunks(fh):
            sha.update(chunk)
            size += len(chunk)
        seen[member.name] = {"sha256": sha.hexdigest(), "size": size}
    if manifest_bytes is None:
        raise _damaged(path, _("thiếu %(name)s") % {"name": MANIFEST})
    try:
        manifest = json.loads(manifest_bytes)
        assert isinstance(manifest, dict) and isinstance(manifest.get("members"), dict)
    except (ValueError, AssertionError) as exc:
        raise _damaged(path, _("%(name)s không đọc được") % {"name": MANIFEST}) from exc
    if manifest.get("format") != FORMAT:
        raise _damaged(path, _("%(name)s không phải của cchc") % {"name": MANIFEST})
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise CommandError(_("Bản sao lưu %(path)s có định dạng %(version)s, mới hơn phiên bản phần mềm này hiểu "
                             "(%(known)s): hãy cập nhật mã nguồn trước khi khôi phục.")
                           % {"path": path, "version": manifest.get("format_version"), "known": FORMAT_VERSION})
    listed = manifest["members"]
    dirs = manifest.get("directories") or {}
    problems = [_("thành phần không phải tệp thường: %(name)s") % {"name": n} for n in odd]
    problems += [_("thành phần không có trong danh sách: %(name)s") % {"name": n} for n in seen if n not in listed]
    problems += [_("tên thành phần không hợp lệ: %(name)s") % {"name": n} for n in listed if not _member_ok(n, dirs)]
    problems += [_("thiếu tệp %(name)s") % {"name": n} for n in listed if n not in seen]
    problems += [_("%(name)s sai mã kiểm tra sha256 (nội dung đã bị thay đổi)") % {"name": n}
                 for n in listed if n in seen and seen[n] != listed[n]]
    if manifest.get("engine") not in DB_MEMBERS or DB_MEMBERS[manifest["engine"]] not in listed:
        problems.append(_("thiếu tệp CSDL"))
    if problems:
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise _damaged(path, shown)
    return manifest


def migrations_unknown(manifest: dict) -> list[str]:
    """The archive's last migrations that this code does not have (a backup of a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or ())
    return [f"{app}.{name}" for app, name in sorted(manifest.get("migrations", {}).items())
            if (app, name) not in known]


# ---------------------------------------------------------------- restoring


def _staging(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))


def _extract(path: Path, manifest: dict, db_stage: Path, dir_stages: dict[str, Path]) -> Path:
    """Writes every member into its staging directory, checking each checksum again (the archive is read a second
    time). Returns the staged database file."""
    listed = manifest["members"]
    db_member = DB_MEMBERS[manifest["engine"]]
    db_file = db_stage / PurePosixPath(db_member).name
    for member, fh in _each_member(path):
        if member.name == MANIFEST or fh is None:
            continue
        if member.name not in listed:
            raise _damaged(path, _("thành phần không có trong danh sách: %(name)s") % {"name": member.name})
        if member.name == db_member:
            target = db_file
        else:
            _files, name, *rest = PurePosixPath(member.name).parts
            target = dir_stages[name].joinpath(*rest)
            target.parent.mkdir(parents=True, exist_ok=True)
        sha = hashlib.sha256()
        with open(target, "wb") as out:
            for chunk in _chunks(fh):
                sha.update(chunk)
                out.write(chunk)
        if sha.hexdigest() != listed[member.name]["sha256"]:
            raise _damaged(path, _("%(name)s sai mã kiểm tra sha256 (nội dung đã bị thay đổi)")
                           % {"name": member.name})
        if member.mtime:
            os.utime(target, (member.mtime, member.mtime))
    return db_file


def _restore_sqlite(staged: Path) -> None:
    target = Path(_db()["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    with contextlib.closing(sqlite3.connect(staged)) as src:
        check = src.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CommandError(_("CSDL trong bản sao lưu bị lỗi (quick_check: %(error)s).") % {"error": check})
        with contextlib.closing(sqlite3.connect(target, timeout=60)) as dst:
            try:
                src.backup(dst)  # one step, one write transaction of the target: other connections see old or new
            except sqlite3.Error as exc:
                raise CommandError(_("Không ghi được CSDL SQLite %(path)s: %(error)s (hãy dừng ứng dụng rồi chạy "
                                     "lại).") % {"path": target, "error": exc}) from exc


def _dump_major(manifest: dict) -> int:
    match = re.search(r"(\d+)", str(manifest.get("database", {}).get("dump_tool", "")))
    return int(match.group(1)) if match else 0


def _restore_postgresql(staged: Path, manifest: dict) -> None:
    pg_restore, _m, _line = pg_tool("pg_restore", _dump_major(manifest))
    psql, _m, _line = pg_tool("psql", _server_major())
    env = _pg_env()
    connections.close_all()
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen([pg_restore, "--no-owner", "--no-privileges", "--file=-", str(staged)],
                                    stdout=subprocess.PIPE, stderr=restore_err, env=env)
        consumer = subprocess.Popen([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
                                     "-d", env.get("PGDATABASE", "")], stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=psql_err, env=env)
        try:
            consumer.stdin.write(PG_EMPTY_SCHEMA.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, 1 << 20)
        except BrokenPipeError:
            pass  # psql stopped at an error: reported below
        finally:
            with contextlib.suppress(BrokenPipeError):
                consumer.stdin.close()
            producer.stdout.close()
        producer_rc, consumer_rc = producer.wait(), consumer.wait()
        for rc, tool, err in ((consumer_rc, "psql", psql_err), (producer_rc, "pg_restore", restore_err)):
            if rc != 0:
                err.seek(0)
                raise _pg_failure(tool, err.read().decode(errors="replace"))


def _swap_in(root: Path, stage: Path) -> None:
    """Replaces the contents of ``root`` by those of its staging directory ``stage`` (renames: same filesystem,
    also when ``root`` is a mount point)."""
    for entry in root.iterdir():
        if entry == stage:
            continue
        if entry.is_dir() and not entry.is_symlink():
            if entry.name.startswith(STAGING_PREFIX):
                continue
            shutil.rmtree(entry)
        elif entry.name not in SKIPPED_NAMES:
            entry.unlink()
    for entry in stage.iterdir():
        os.replace(entry, root / entry.name)
    stage.rmdir()


def archive_restore(path, *, yes: bool = False, log=print) -> dict:
    """Restores an archive into the configured installation (see the module's docstring for the order of checks);
    ``log`` receives the progress lines. Returns the manifest."""
    path = Path(path).resolve()
    manifest = archive_check(path)
    engine = engine_current()
    if manifest["engine"] != engine:
        raise CommandError(_("Bản sao lưu %(path)s là CSDL %(archive)s, bản cài đặt này dùng %(current)s: không khôi "
                             "phục chéo loại CSDL. Hãy khôi phục vào một bản cài đặt dùng %(archive)s (biến "
                             "DATABASE_URL) rồi chuyển dữ liệu bằng `cchc dumpdata`/`cchc loaddata`. Không có gì bị "
                             "thay đổi.") % {"path": path, "archive": manifest["engine"], "current": engine})
    unknown = migrations_unknown(manifest)
    if unknown:
        raise CommandError(_("Bản sao lưu %(path)s được tạo bởi phiên bản phần mềm mới hơn mã nguồn hiện tại "
                             "(migration không có trong mã nguồn: %(names)s). Hãy cập nhật mã nguồn rồi khôi phục. "
                             "Không có gì bị thay đổi.") % {"path": path, "names": ", ".join(unknown[:5])})
    unknown_dirs = [name for name in manifest.get("directories", {}) if name not in _data_dirs()]
    if unknown_dirs:
        raise CommandError(_("Bản sao lưu %(path)s có thư mục dữ liệu mà phiên bản này không biết: %(names)s. Hãy cập "
                             "nhật mã nguồn rồi khôi phục. Không có gì bị thay đổi.")
                           % {"path": path, "names": ", ".join(unknown_dirs)})
    if engine == "postgresql":  # the tools are checked before anything is written
        server = _server_major()
        pg_tool("pg_dump", server)  # the safety backup
        pg_tool("psql", server)
        pg_tool("pg_restore", _dump_major(manifest))
    state = installation_state()
    has_data = any(state["counts"].values()) or any(state["files"].values())
    if has_data and not yes:
        raise CommandError(_("Bản cài đặt này đang có dữ liệu (%(counts)s; %(files)s tệp). Khôi phục sẽ thay toàn bộ "
                             "CSDL và các thư mục dữ liệu bằng nội dung của %(path)s (tạo lúc %(created)s). Chạy lại "
                             "với --yes để đồng ý; một bản sao lưu an toàn của dữ liệu hiện tại được tạo trước.")
                           % {"counts": counts_text(state["counts"]), "files": sum(state["files"].values()),
                              "path": path, "created": created_text(manifest)})
    if str(manifest.get("province", "")) != str(settings.CCHC_PROVINCE):
        log(_("Lưu ý: bản sao lưu của tỉnh %(archive)s, bản cài đặt này phục vụ %(current)s (CCHC_PROVINCE).")
            % {"archive": manifest.get("province"), "current": settings.CCHC_PROVINCE})
    safety = None
    if state["tables"] or any(state["files"].values()):
        safety, _manifest = backup_create(label="-truoc-khoi-phuc")
        log(_("Đã lưu dữ liệu hiện tại vào bản sao lưu an toàn %(path)s (%(size)s); dùng nó để quay lại nếu cần.")
            % {"path": safety, "size": size_text(safety)})
    try:
        _replace(path, manifest, engine, log)
    except Exception as exc:
        if safety is None:
            raise
        raise CommandError(_("Khôi phục không hoàn tất: %(error)s. Dữ liệu trước khi khôi phục nằm trong %(safety)s "
                             "(`cchc restore %(safety)s --yes`).") % {"error": exc, "safety": safety}) from exc
    return manifest


def _replace(path: Path, manifest: dict, engine: str, log) -> None:
    roots = _data_dirs()
    stages: dict[str, Path] = {}
    db_stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=(
        Path(_db()["NAME"]).resolve().parent if engine == "sqlite" else _ensure(settings.CCHC_BACKUP_DIR))))
    try:
        for name in manifest.get("directories", {}):
            stages[name] = _staging(roots[name])
        staged_db = _extract(path, manifest, db_stage, stages)
        if engine == "sqlite":
            _restore_sqlite(staged_db)
        else:
            _restore_postgresql(staged_db, manifest)
        log(_("Đã khôi phục CSDL (%(engine)s).") % {"engine": engine})
        for name, stage in stages.items():
            with dir_locked(roots[name], create=False):
                _swap_in(roots[name], stage)
            log(_("Đã khôi phục thư mục %(path)s (%(files)s tệp).")
                % {"path": roots[name], "files": manifest["directories"][name].get("files", 0)})
    finally:
        shutil.rmtree(db_stage, ignore_errors=True)
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
    connections.close_all()
    restored = installation_state()
    if any(restored["counts"].get(label, 0) != count for label, count in manifest["counts"].items()):
        raise CommandError(_("Số dòng sau khi khôi phục khác bản sao lưu (%(now)s, bản sao lưu: %(then)s).")
                           % {"now": restored["counts"], "then": manifest["counts"]})
    _migrate_if_older(log)


def _ensure(path) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _migrate_if_older(log) -> None:
    from django.db.migrations.executor import MigrationExecutor

    connections.close_all()
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        log(_("Bản sao lưu có lược đồ CSDL cũ hơn mã nguồn (%(count)s migration chưa áp dụng): đang chạy migrate.")
            % {"count": len(plan)})
        call_command("migrate", interactive=False, verbosity=0)
        log(_("Đã cập nhật lược đồ CSDL."))
