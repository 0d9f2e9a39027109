"""`cchc restore ARCHIVE [--yes]`: checks an archive of `cchc backup`, keeps a safety backup of the current data,
then restores the database and the data directories (cchc/site/backup.py; docs/deploy.md)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cchc.site.backup import archive_restore, counts_text, created_text


class Command(BaseCommand):
    help = "Khôi phục CSDL và các thư mục dữ liệu từ một bản sao lưu của `cchc backup` (kiểm tra trước khi ghi)."

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="TEP_SAO_LUU", help="tệp cchc-backup-….tar.gz")
        parser.add_argument("--yes", action="store_true",
                            help="đồng ý thay dữ liệu hiện có (một bản sao lưu an toàn được tạo trước)")

    def handle(self, *args, **opts):
        manifest = archive_restore(opts["archive"], yes=opts["yes"], log=self.stdout.write)
        self.stdout.write(_("Đã khôi phục bản sao lưu tạo lúc %(created)s (tỉnh %(province)s): %(counts)s.")
                          % {"created": created_text(manifest), "province": manifest.get("province", "?"),
                             "counts": counts_text(manifest["counts"])})
