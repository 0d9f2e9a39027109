"""`cchc backup [--out DIR]`: one archive of the installation (database, data directories, manifest.json); see
cchc/site/backup.py and docs/deploy.md, "Sao lưu và khôi phục"."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cchc.site.backup import backup_create, counts_text, size_text


class Command(BaseCommand):
    help = "Sao lưu CSDL và các thư mục dữ liệu (tệp tải lên, hồ sơ TTHC 766) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--out", metavar="THU_MUC",
                            help="thư mục ghi bản sao lưu (mặc định: CCHC_BACKUP_DIR, var/backups)")

    def handle(self, *args, **opts):
        path, manifest = backup_create(opts["out"])
        files = sum(d["files"] for d in manifest["directories"].values())
        self.stdout.write(_("Đã sao lưu vào %(path)s (%(size)s): CSDL %(engine)s — %(counts)s; %(files)s tệp.")
                          % {"path": path, "size": size_text(path), "engine": manifest["engine"],
                             "counts": counts_text(manifest["counts"]), "files": files})
