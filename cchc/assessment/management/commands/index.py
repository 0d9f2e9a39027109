import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.assessment import selectors, services
from cchc.assessment.models import Framework, IndexKind
from cchc.org.management.accounts import logging_office, office_account

KINDS = IndexKind.values


class Command(BaseCommand):
    help = "Chỉ số CCHC: import-framework | export-framework | load-demo | import-survey | import-external | remind | results"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        im = sub.add_parser("import-framework", help="Nhập bộ tiêu chí từ Excel (STT | Lĩnh vực/Tiêu chí | Điểm tối đa "
                                                     "| Hướng dẫn chấm | Tài liệu kiểm chứng)")
        im.add_argument("path")
        im.add_argument("--year", type=int, default=date.today().year)
        im.add_argument("--kind", choices=KINDS, default="so")
        im.add_argument("--title", default="")
        im.add_argument("--decision", default="", help="số quyết định ban hành bộ tiêu chí")
        ex = sub.add_parser("export-framework", help="Xuất bộ tiêu chí ra Excel")
        ex.add_argument("path")
        ex.add_argument("--year", type=int, required=True)
        ex.add_argument("--kind", choices=KINDS, default="so")
        for name in ("load-demo", "load_demo"):  # load_demo: called by `cchc load_demo` for every app
            ld = sub.add_parser(name, help="Nạp bộ tiêu chí mẫu cho từng đối tượng (sở, xã, huyện, khung tỉnh) và mở "
                                           "đợt tự đánh giá mẫu của các sở và của các xã (năm nay)")
            ld.add_argument("--year", type=int, default=None,
                            help="năm của bộ tiêu chí mẫu và đợt tự đánh giá của các sở (mặc định: năm nay)")
        sv = sub.add_parser("import-survey", help="Nhập điểm điều tra xã hội học (Mã đơn vị | Tiêu chí | Điểm hoặc "
                                                  "Tỷ lệ (%%))")
        sv.add_argument("path")
        sv.add_argument("--year", type=int, required=True)
        sv.add_argument("--kind", choices=KINDS, default="so")
        xt = sub.add_parser("import-external", help="Nhập kết quả PAR INDEX, SIPAS, PAPI, PCI, DTI, 766 của tỉnh (Chỉ số "
                                                    "| Năm | Tỉnh | Chỉ số thành phần | Điểm | Thứ hạng | …)")
        xt.add_argument("path")
        rm = sub.add_parser("remind", help="Nhắc các đơn vị chưa gửi tự đánh giá khi sắp hết hạn (chạy hằng ngày)")
        rm.add_argument("--days", type=int, default=7)
        rs = sub.add_parser("results", help="Kết quả chỉ số, xếp hạng, xếp loại")
        rs.add_argument("--year", type=int, required=True)
        rs.add_argument("--kind", choices=KINDS, default="so")
        rs.add_argument("--use", choices=["appraised", "self"], default="appraised")
        rs.add_argument("--format", choices=["json", "text"], default="text")

    def _imported(self, run):
        """``run()``'s result; a refused import prints each of its errors, then stops the command with its message."""
        try:
            return run()
        except services.AssessmentError as exc:
            for m in exc.errors:
                self.stderr.write(m)
            raise CommandError(exc.message) from exc

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "import-framework":
            p = Path(opts["path"])
            if not p.exists():
                raise CommandError(f"Không tìm thấy tệp {p}")
            fw = self._imported(lambda: services.framework_import_xlsx(
                p.read_bytes(), filename=p.name, year=opts["year"], unit_kind=opts["kind"], title=opts["title"],
                decision=opts["decision"]))
            n = fw.criteria.count()
            self.stdout.write(f"Đã nhập bộ tiêu chí “{fw.title}” năm {fw.year} ({fw.get_unit_kind_display()}), "
                              f"phiên bản {fw.version}: {n} dòng.")
        elif action == "export-framework":
            fw = Framework.objects.filter(year=opts["year"], unit_kind=opts["kind"]).order_by("-version").first()
            if fw is None:
                raise CommandError(f"Chưa có bộ tiêu chí năm {opts['year']} cho {IndexKind(opts['kind']).label}.")
            Path(opts["path"]).write_bytes(services.framework_export_xlsx(fw))
            self.stdout.write(f"Đã xuất ra {opts['path']}")
        elif action in ("load-demo", "load_demo"):

            from django.utils import timezone

            from cchc.assessment import demo

            # last year's department round ended as a province ends it: sent, appraised, published
            office = office_account(or_admin=False)
            last = (opts["year"] or timezone.localdate().year) - 1
            if office is not None:
                done = demo.round_published(last, user=office)
                if done is not None:
                    self.stdout.write(f"Đã công bố kết quả mẫu năm {last}: {len(done.published_results)} sở, ngành.")
            # the departments self-assess this year, as the communes do: a demo user finds this year's work
            fws = services.framework_load_demo(opts["year"] or timezone.localdate().year)
            for fw in fws:
                self.stdout.write(f"{fw.get_unit_kind_display()}: “{fw.title}” phiên bản {fw.version}")
            so = next(f for f in fws if f.unit_kind == IndexKind.SO)
            if office is not None and selectors.round_for(so.year, so.unit_kind) is None:
                rnd = services.round_open(so, deadline=demo.deadline_in(30), user=office)
                sent = demo.round_some_sent(rnd, user=office)
                self.stdout.write(f"Đã mở đợt tự đánh giá mẫu năm {so.year}: {rnd.assessments.count()} sở, ngành "
                                  f"({sent} đã gửi, chờ thẩm định).")
            # the communes of today (after 1 July 2025) self-assess this year: the demo's commune has work to do
            year = timezone.localdate().year
            if office is not None and selectors.round_for(year, IndexKind.XA) is None:
                xa = (Framework.objects.filter(year=year, unit_kind=IndexKind.XA).order_by("-version").first()
                      or services.framework_load_file(services.DEMO_FILES[IndexKind.XA], year=year))
                rnd = services.round_open(xa, deadline=demo.deadline_in(21), user=office)
                self.stdout.write(f"Đã mở đợt tự đánh giá mẫu năm {year}: {rnd.assessments.count()} xã, phường.")
        elif action == "import-survey":
            p = Path(opts["path"])
            rnd = selectors.round_for(opts["year"], opts["kind"])
            if rnd is None or not p.exists():
                raise CommandError("Không tìm thấy tệp hoặc đợt đánh giá.")
            user = logging_office()
            n = self._imported(lambda: services.survey_points_import_xlsx(rnd, p.read_bytes(), filename=p.name,
                                                                          user=user))
            self.stdout.write(f"Đã nhập {n} điểm điều tra xã hội học.")
        elif action == "import-external":
            from cchc.assessment.external import external_import_xlsx

            p = Path(opts["path"])
            if not p.exists():
                raise CommandError(f"Không tìm thấy tệp {p}")
            user = logging_office()
            out = self._imported(lambda: external_import_xlsx(user=user, data=p.read_bytes(), filename=p.name))
            self.stdout.write(f"Đã nhập {out['created']} kết quả mới, cập nhật {out['updated']} kết quả.")
        elif action == "remind":
            from cchc.assessment import notifications
            from cchc.assessment.models import Round

            sent = sum(notifications.remind(r, days=opts["days"]) for r in
                       Round.objects.filter(closed=False).select_related("framework"))
            self.stdout.write(f"Đã gửi {sent} lời nhắc.")
        elif action == "results":
            rnd = selectors.round_for(opts["year"], opts["kind"])
            if rnd is None:
                raise CommandError(f"Chưa có đợt đánh giá năm {opts['year']} cho {IndexKind(opts['kind']).label}.")
            rows = selectors.result_rows(rnd, use=opts["use"])
            if opts["format"] == "json":
                self.stdout.write(json.dumps({"year": opts["year"], "kind": opts["kind"], "results": rows},
                                             ensure_ascii=False))
            else:
                from cchc.core.vntext import format_number

                for r in rows:
                    if not r["ranked"]:  # below the ranking: the office has not received its self-assessment
                        self.stdout.write(f"  —  {r['unit']}: {r['reason']}")
                        continue
                    self.stdout.write(f"{r['rank']:>3}. {r['unit']}: {format_number(r['points'], 2)}/"
                                      f"{format_number(r['maximum'], 2)} = {format_number(r['index'], 2)}% "
                                      f"({r['class']})")
