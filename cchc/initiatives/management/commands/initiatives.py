"""`cchc initiatives load_demo`: one recognised initiative replicated by another unit, one proposal."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cchc.core.management.base import ActionCommand
from cchc.initiatives import services
from cchc.initiatives.models import Initiative
from cchc.org import access
from cchc.org.management.accounts import demo_office, first_holder
from cchc.org.models import UnitKind
from cchc.org.selectors import home_units


class Command(ActionCommand):
    help = "Sáng kiến CCHC: nạp dữ liệu mẫu (load_demo)"

    def do_load_demo(self, opts):
        """Nạp sáng kiến mẫu (chạy lại không sao)"""
        office = demo_office()
        appraiser = first_holder(access.APPRAISER) or office
        if Initiative.objects.exists():
            self.stdout.write("Sáng kiến mẫu đã có.")
            return
        today = timezone.localdate()
        units = home_units(today)
        stp = units.filter(kind=UnitKind.DEPARTMENT, standard_key="stp").first()
        commune = units.filter(kind=UnitKind.COMMUNE).order_by("name").first()
        if stp is None:
            return
        ini = services.initiative_propose(
            user=office, unit=stp, year=today.year - 1, area="procedures", authors="Tổ một cửa Sở Tư pháp",
            title="Trả kết quả thủ tục hành chính qua tin nhắn và mã QR",
            description="Người dân nhận tin nhắn khi hồ sơ có kết quả và quét mã QR tại Bộ phận Một cửa để nhận "
                        "ngay, không phải chờ gọi số. Thời gian chờ trung bình giảm từ 25 phút còn 6 phút.")
        for user, scores in ((appraiser, {"novelty": 24, "effect": 33, "replicable": 17, "scope": 7}),
                             (office, {"novelty": 22, "effect": 30, "replicable": 18, "scope": 8})):
            services.initiative_score(user=user, initiative=ini, scores=scores)
        services.initiative_decide(user=office, initiative=ini, recognise=True, decision_number="215/QĐ-UBND",
                                   decided_on=today - timedelta(days=200), commendation="Giấy khen của Giám đốc Sở")
        if commune is not None:
            services.replication_declare(user=office, initiative=ini, unit=commune,
                                         started_on=today - timedelta(days=90),
                                         result="Áp dụng tại Bộ phận Một cửa xã; 85% hồ sơ nhận kết quả qua mã QR.")
        services.initiative_propose(
            user=office, unit=stp, year=today.year, area="digital", authors="Văn phòng Sở",
            title="Ký số toàn bộ văn bản đi trên hệ thống quản lý văn bản",
            description="100% văn bản đi được ký số, không in giấy; tiết kiệm chi phí in ấn, gửi văn bản.")
        self.stdout.write("Đã nạp sáng kiến mẫu: 1 được công nhận (1 đơn vị nhân rộng), 1 đề xuất.")
