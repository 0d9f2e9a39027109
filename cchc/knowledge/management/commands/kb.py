"""`cchc kb add|ask|load_demo|reindex` — the knowledge base from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.intake import IntakeError
from cchc.core.management.base import ActionCommand

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
USER_GUIDE = Path(__file__).resolve().parents[4] / "docs" / "user-guide.md"
SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".xlsx"}


def _source_key(path: Path) -> str:
    """A stable key for a file added from the command line (long paths hashed, never truncated into a clash)."""
    import hashlib

    key = f"file:{path.resolve()}"
    return key if len(key) <= 100 else f"file:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


class Command(ActionCommand):
    help = "Kho tài liệu và hỏi đáp: add (thêm tệp/thư mục), ask (hỏi), load_demo (dữ liệu mẫu), reindex"

    # ------------------------------------------------------------------ add
    def _files(self, paths):
        for raw in paths:
            p = Path(raw)
            if p.is_dir():
                yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            elif p.is_file():
                yield p
            else:
                self.stderr.write(f"Không tìm thấy: {raw}")

    def args_add(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--number", default="", help="Số, ký hiệu (ví dụ 1718/QĐ-UBND)")
        parser.add_argument("--title", default="")
        parser.add_argument("--kind", default="", help="law, decree, decision, plan, scheme, circular, ...")
        parser.add_argument("--issuer", default="")
        parser.add_argument("--area", default="")
        parser.add_argument("--draft", action="store_true", help="Lưu là bản nháp (chỉ đơn vị sở hữu xem)")

    def do_add(self, opts):
        """Thêm tệp hoặc thư mục (.docx, .pdf, .txt, .md, .xlsx)"""
        from cchc.knowledge.models import Document
        from cchc.knowledge.services import document_add

        overrides = {k: opts[k] for k in ("number", "title", "kind", "issuer", "area") if opts[k]}
        ok = failed = 0
        outcomes = {"created": 0, "revised": 0, "unchanged": 0}
        for f in self._files(opts["paths"]):
            try:
                # the same document added again (same path, same file or same text) is recognised by its content:
                # unchanged → nothing stored or indexed again; changed text → the same document, a new revision
                doc = document_add(data=f.read_bytes(), filename=f.name, overrides=overrides,
                                   source_key=_source_key(f),
                                   status=Document.Status.DRAFT if opts["draft"] else Document.Status.PUBLISHED)
                ok += 1
                outcomes[doc.outcome] += 1
                if doc.outcome == "unchanged":
                    self.stdout.write(f"Đã có (không đổi): {f.name} → {doc.citation[:90]}")
                elif doc.outcome == "revised":
                    self.stdout.write(f"Cập nhật (lần {doc.revision}): {f.name} → {doc.citation[:90]} "
                                      f"({doc.passage_count} đoạn)")
                else:
                    self.stdout.write(f"Đã thêm: {f.name} → {doc.citation[:90]} ({doc.passage_count} đoạn)")
            except IntakeError as exc:
                failed += 1
                self.stderr.write(f"Bỏ qua {f.name}: {exc.message}")
            except OSError as exc:
                failed += 1
                self.stderr.write(f"Không đọc được {f.name}: {exc}")
        self.stdout.write(f"Xong: {outcomes['created']} tệp đã thêm, {outcomes['revised']} cập nhật, "
                          f"{outcomes['unchanged']} đã có, {failed} tệp lỗi.")
        if failed and not ok:
            raise CommandError("Không thêm được tệp nào.")

    # ------------------------------------------------------------------ ask
    def args_ask(self, parser):
        parser.add_argument("question")
        parser.add_argument("--top", type=int, default=5)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def do_ask(self, opts):
        """Đặt câu hỏi"""
        from cchc.knowledge.selectors import library_ask

        result = library_ask(user=None, text=opts["question"], k=max(1, min(opts["top"], 50)))
        items = []
        if result.answered:
            for h in result.hits:
                d = h.document
                items.append({"document": d.original_name or d.title, "title": d.title, "number": d.number,
                              "section": h.passage.heading, "text": h.passage.text, "answer": h.answer_text,
                              "score": round(h.score, 4)})
        if opts["format"] == "json":
            sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
            return
        if not items:
            self.stdout.write(result.message or "Chưa tìm thấy câu trả lời")
            return
        for i, it in enumerate(items, 1):
            self.stdout.write(f"{i}. [{it['score']}] {it['document']} — {it['section']}")
            self.stdout.write(f"   {it['answer'] or it['text'][:300]}")

    # ------------------------------------------------------------------ demo / reindex
    def do_load_demo(self, opts):
        """Nạp 5 văn bản mẫu và hướng dẫn sử dụng (chạy lại không sao)"""
        from cchc.knowledge.models import Area, Document, DocumentKind
        from cchc.knowledge.services import document_add

        files = sorted(DEMO_DIR.glob("*.txt"))
        if USER_GUIDE.exists():
            files.append(USER_GUIDE)
        added = 0
        for f in files:
            key = f"demo:{f.name}"
            data = f.read_bytes()
            existing = Document.objects.filter(source_key=key).first()
            if existing and existing.text == data.decode("utf-8") and existing.index_state == "indexed":
                continue
            overrides = {}
            if f == USER_GUIDE:
                overrides = {"kind": DocumentKind.GUIDE, "title": "Hướng dẫn sử dụng hệ thống CCHC",
                             "issuer": "Sở Nội vụ", "area": Area.GENERAL}
            document_add(data=data, filename=f.name, overrides=overrides, source_key=key)
            added += 1
        self.stdout.write(f"Kho tài liệu mẫu: {added} tài liệu mới/cập nhật, {len(files) - added} đã có.")
        asked = self._demo_questions()
        if asked:
            self.stdout.write(f"Hỏi đáp mẫu: {asked} câu hỏi gửi Phòng CCHC (1 đã trả lời, đưa vào hỏi đáp).")

    @staticmethod
    def _demo_questions() -> int:
        """Questions of the demo's focal points to the CCHC office — one answered and published as a FAQ, the others
        waiting — and what staff asked the library, so that the office's page has its queue and its "most asked"
        (through the services, as the pages write them). Nothing when the library already has questions."""
        from django.contrib.auth import get_user_model

        from cchc.core.audit import actor
        from cchc.knowledge.models import Question
        from cchc.knowledge.selectors import library_ask
        from cchc.knowledge.services import query_log_add, question_answer, question_ask
        from cchc.org import access
        from cchc.org.management.accounts import office_account
        from cchc.org.models import UnitKind

        office = office_account()
        focal = get_user_model().objects.filter(memberships__role=access.FOCAL_POINT).order_by("pk")
        # a department's focal point asks about procedures and reports, a commune's about its new commune
        first = focal.exclude(memberships__unit__kind=UnitKind.COMMUNE).first() or focal.first()
        second = focal.filter(memberships__unit__kind=UnitKind.COMMUNE).first() or first
        if Question.objects.exists() or office is None or first is None:
            return 0
        with actor(first):
            late = question_ask(user=first, topic="procedures", text="Hồ sơ thủ tục hành chính giải quyết quá hạn thì "
                                "cơ quan giải quyết phải làm gì với người nộp hồ sơ?")
            question_ask(user=first, topic="direction", text="Báo cáo CCHC quý I năm nay chốt số liệu đến ngày nào "
                         "và gửi Sở Nội vụ trước ngày nào?")
        with actor(second):
            question_ask(user=second, topic="general", text="Xã mới thành lập sau sắp xếp thì Chỉ số CCHC năm đầu "
                         "tiên được đánh giá theo bộ tiêu chí nào?")
        with actor(office):
            question_answer(user=office, question=late, publish=True, answer=(
                "Theo Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông, hồ sơ quá hạn giải "
                "quyết thì cơ quan giải quyết gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả cho tổ chức, cá nhân, "
                "nêu rõ lý do quá hạn và thời hạn trả kết quả mới."))
        for user, text in ((first, "thời hạn giải quyết hồ sơ trễ hạn"), (second, "ho so tre han xin loi"),
                           (second, "thời hạn giải quyết hồ sơ trễ hạn"), (first, "kế hoạch CCHC năm 2024 có mấy nhiệm vụ"),
                           (second, "chỉ số hài lòng SIPAS tính như thế nào")):
            query_log_add(user=user, result=library_ask(user=user, text=text))
        return 3

    def do_reindex(self, opts):
        """Lập lại toàn bộ chỉ mục"""
        from cchc.knowledge.services import index_rebuild

        n = index_rebuild()
        self.stdout.write(f"Đã lập lại chỉ mục: {n} đoạn.")

    def args_dedupe(self, parser):
        parser.add_argument("--apply", action="store_true", help="Xóa bản trùng, giữ bản lưu đầu tiên")

    def do_dedupe(self, opts):
        """Tìm (và với --apply: gộp) các tài liệu lưu trùng nội dung"""
        from cchc.knowledge.services import duplicates_merge

        groups = duplicates_merge(apply=opts["apply"])
        for kept, dupes in groups:
            self.stdout.write(f"{kept.citation[:90]} (#{kept.pk}): trùng {', '.join(f'#{d}' for d in dupes)}")
        n = sum(len(d) for _, d in groups)
        verb = "Đã xóa" if opts["apply"] else "Tìm thấy"
        self.stdout.write(f"{verb} {n} bản trùng của {len(groups)} tài liệu."
                          + ("" if opts["apply"] or not n else " Chạy lại với --apply để gộp."))
