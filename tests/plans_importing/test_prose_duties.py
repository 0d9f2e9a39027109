"""Prose plans without a task table, session 20: the numbered items of a "Tổ chức thực hiện" section that name an
agency and what it does, a lead line with a note in brackets, an item's own partners, a start date or a periodicity as
its time phrase, and items cut by a page number or spread over sentence lines. Own fixtures, in the style of
provincial plans and reports."""

from __future__ import annotations

import pytest

from cchc.core.intake import IntakeError
from cchc.plans.importing import parse_text
from cchc.plans.importing.prose import group_deadline
from tests.plans_importing.conftest import refusal
from tests.plans_importing.test_prose_lead_groups import _rows

PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 41/KH-UBND\n\n"
    "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2026\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức của cán bộ, công chức về cải cách hành chính.\n\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Căn cứ Kế hoạch này, các sở, ban, ngành, UBND các xã, phường xây dựng kế hoạch tuyên truyền của cơ quan, "
    "đơn vị mình (gửi về Sở Nội vụ trước ngày 20/3/2026).\n"
    "2. Giao Sở Nội vụ (cơ quan thường trực cải cách hành chính của tỉnh):\n"
    "a) Phối hợp với các cơ quan báo chí theo dõi, hướng dẫn việc thực hiện Kế hoạch.\n"
    "b) Tổng hợp kết quả, báo cáo UBND tỉnh hằng quý.\n"
    "3. Báo và Đài Phát thanh, Truyền hình An Lạc tăng cường đưa tin về cải cách hành chính.\n"
    "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh căn cứ chức năng, nhiệm vụ tăng cường giám sát việc "
    "thực hiện Kế hoạch.\n"
    "5. Các sở, ngành chủ động bố trí kinh phí tuyên truyền.\n"
    "6. Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan phản ánh về Sở Nội vụ để tổng hợp.\n\n"
    "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2026 của UBND tỉnh.\n"
)


def test_the_duty_items_of_the_implementation_section_are_tasks():
    draft = parse_text(PLAN)
    rows = _rows(draft)
    # every task without a time phrase is flagged for the reviewer, and the draft says how many
    assert [t["number"] for t in draft.tasks if t.get("needs_deadline")] == ["a", "3", "4", "5"]
    assert "4 nhiệm vụ đọc từ lời văn không ghi thời hạn" in " ".join(draft.warnings)
    assert rows == [
        ("a", "Phối hợp với các", ["Sở Nội vụ"], ["các cơ quan báo chí"], None),
        ("b", "Tổng hợp kết quả,", ["Sở Nội vụ"], [], "hằng quý"),
        ("1", "Xây dựng kế hoạch", ["các sở, ban, ngành", "UBND các xã, phường"], [], "trước ngày 20/3/2026"),
        ("3", "Tăng cường đưa tin", ["Báo và Đài Phát thanh, Truyền hình An Lạc"], [], None),
        ("4", "Tăng cường giám sát", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], [], None),
        ("5", "Chủ động bố trí", ["Các sở, ngành"], [], None),
    ]


def test_duty_items_are_read_only_inside_the_implementation_section():
    text = PLAN.replace("II. TỔ CHỨC THỰC HIỆN\n", "II. NỘI DUNG\n")
    titles = [r[1] for r in _rows(parse_text(text))]
    assert "Tăng cường đưa tin" not in titles and "Xây dựng kế hoạch" not in titles
    # the lead line "Giao Sở Nội vụ (…):" still leads, and an explicit request ("4. Đề nghị Ủy ban Mặt trận …
    # tăng cường giám sát …") is a task in any part of a document (session 21)
    assert titles == ["Phối hợp với các", "Tổng hợp kết quả,", "Tăng cường giám sát"]


REPORT = (
    "SỞ NỘI VỤ\nTỈNH AN LẠC\nSố: 230/BC-SNV\n\n"
    "BÁO CÁO\nKết quả các chỉ số năm 2025\n\n"
    "IV. NHIỆM VỤ, GIẢI PHÁP\n"
    "b) Giao Sở Nội vụ:\n"
    "- Chủ trì, phối hợp với các cơ quan liên quan tham mưu UBND tỉnh đánh giá chỉ số cải cách hành chính\n"
    "hằng tháng của các sở, bắt đầu thực hiện từ tháng 01/2026.\n"
    "- Theo dõi, đôn đốc các cơ quan công bố danh mục thủ tục hành chính\n"
    "\n                                        9\n\n"
    "và bãi bỏ trên các lĩnh vực quản lý nhà nước, đảm bảo kịp thời.\n"
    "Đồng thời đăng tải các quyết định công bố trên Cổng thông tin điện tử tỉnh.\n"
    "- Định kỳ hằng tuần trước 16 giờ ngày thứ Sáu, báo cáo lãnh đạo UBND tỉnh tình hình giải quyết hồ sơ.\n"
    "c) Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị thường xuyên tổ chức rà soát văn bản quy phạm "
    "pháp luật của địa phương.\n\n"
    "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n"
)


def test_a_report_item_cut_by_a_page_number_and_its_sentence_lines_stay_one_task():
    draft = parse_text(REPORT)
    rows = _rows(draft)
    assert rows == [
        ("b", "Chủ trì, phối hợp", ["Sở Nội vụ"], ["các cơ quan liên quan"], "từ tháng 01/2026"),
        ("b", "Theo dõi, đôn đốc", ["Sở Nội vụ"], [], None),
        ("b", "Định kỳ hằng tuần", ["Sở Nội vụ"], [], "hằng tuần trước 16 giờ ngày thứ Sáu"),
        # "thường xuyên" (ongoing) is no time phrase of a prose task: the reviewer sets it (session 21, as the
        # expectations of the real-docs prose sets count it)
        ("c", "Thường xuyên tổ chức", ["Sở Tư pháp"], ["các cơ quan, đơn vị"], None),
    ]
    second = draft.tasks[1]["title"]
    assert "và bãi bỏ trên các lĩnh vực" in second and "Đồng thời đăng tải" in second and " 9 " not in second
    # the recipients after "Nơi nhận:" are no tasks
    assert not any("Lưu" in t["title"] or "UBND tỉnh;" in t["title"] for t in draft.tasks)
    assert draft.tasks[0]["schedule"]["kind"] == "range" and draft.tasks[0]["schedule"]["start"] == "2026-01-01"


def test_the_time_phrase_of_an_item():
    assert group_deadline("báo cáo định kỳ hằng tháng, bắt đầu thực hiện từ tháng 01/2026") == "từ tháng 01/2026"
    assert group_deadline("định kỳ hằng tháng báo cáo UBND tỉnh") == "hằng tháng"
    assert group_deadline("gửi kết quả chậm nhất vào ngày 05 hằng tháng") == "ngày 05 hằng tháng"
    assert group_deadline("(gửi về Sở Nội vụ trước ngày 15/3/2026)") == "trước ngày 15/3/2026"
    assert group_deadline("thường xuyên theo dõi, đôn đốc") is None


def test_an_agency_named_alone_in_the_implementation_section_leads_the_items_below_it():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 44/KH-UBND\n\nKẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2026\n\n"
        "I. MỤC ĐÍCH\nNâng cao chất lượng giải quyết thủ tục hành chính.\n"
        "- Sở Nội vụ:\n- Rà soát quy trình nội bộ.\n\n"  # outside the section: no lead line
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Văn phòng UBND tỉnh:\n"
        "- Theo dõi, đôn đốc việc công bố thủ tục hành chính, hằng tháng báo cáo UBND tỉnh.\n"
        "- Tổng hợp kết quả thực hiện Kế hoạch, báo cáo trước ngày 15/12/2026.\n"
        "2. Sở Tài chính, Sở Nội vụ:\n"
        "a) Bố trí kinh phí thực hiện Kế hoạch.\n"
        "3. Kết quả cần đạt:\n"
        "- Không còn hồ sơ trễ hạn.\n"
    )
    rows = _rows(parse_text(text))
    assert rows == [
        ("1", "Theo dõi, đôn đốc", ["Văn phòng UBND tỉnh"], [], "hằng tháng"),
        ("1", "Tổng hợp kết quả", ["Văn phòng UBND tỉnh"], [], "trước ngày 15/12/2026"),
        # a line of names alone addresses each of them: both lead (session 21; "Giao A, B:" still makes B a partner)
        ("a", "Bố trí kinh phí", ["Sở Tài chính", "Sở Nội vụ"], [], None),
    ]


def test_a_functions_decision_is_no_prose_plan():
    # found on the real-docs corpus while this reader was written: an item "Tổ chức thực hiện …" is no section
    # heading, and "Cục Thuế có 12 đơn vị tại Trung ương:" is a sentence, not an agency heading a list
    text = (
        "BỘ TÀI CHÍNH\nSố: 381/QĐ-BTC\n\nQUYẾT ĐỊNH\nQuy định chức năng, nhiệm vụ của Cục Thuế\n\n"
        "Điều 2. Nhiệm vụ và quyền hạn\n"
        "5. Tổ chức thực hiện nhiệm vụ quản lý thuế:\n"
        "a) Hướng dẫn, giải thích chính sách thuế;\n"
        "Điều 3. Cơ cấu tổ chức\n"
        "1. Cục Thuế có 12 đơn vị tại Trung ương:\n"
        "a) Văn phòng;\nb) Ban Pháp chế;\n"
        "2. Kho bạc Nhà nước khu vực có quyền:\n"
        "a) Trích tài khoản của tổ chức để nộp ngân sách nhà nước;\n"
    )
    assert refusal(text).code == "no_task_table"


def test_a_report_states_results_not_targets():
    body = (
        "\n\nI. KẾT QUẢ\nTỷ lệ hồ sơ giải quyết đúng hạn toàn tỉnh đạt 94%.\n"
        "Tỷ lệ thanh toán trực tuyến đạt 51,79%.\n\n"
        "II. NHIỆM VỤ\n1. Giao Sở Nội vụ:\n- Tham mưu UBND tỉnh công bố chỉ số cải cách hành chính hằng tháng.\n"
    )
    report = parse_text("SỞ NỘI VỤ\nSố: 230/BC-SNV\n\nBÁO CÁO\nKết quả chỉ số năm 2025" + body)
    assert report.targets == [] and [t["number"] for t in report.tasks] == ["1"]
    plan = parse_text("ỦY BAN NHÂN DÂN\nSố: 41/KH-UBND\n\nKẾ HOẠCH\nCải cách hành chính năm 2026" + body)
    assert {t["value"] for t in plan.targets} >= {94.0}  # the same sentences in a plan are read as its targets


def test_numbered_items_under_an_unnumbered_lead_line_and_a_responsibility_heading():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 60/TB-UBND\n\nTHÔNG BÁO\nKết luận Hội nghị cải cách hành chính\n\n"
        "II. NHIỆM VỤ\n"
        "6. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường\n"
        "a) Chủ động xây dựng kế hoạch khắc phục tồn tại, hạn chế.\n"
        "b) Gửi báo cáo kết quả về Sở Nội vụ hằng quý.\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n"  # paragraphs of a .docx
        "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan:\n"
        "1. Theo dõi, đôn đốc việc thực hiện Thông báo này.\n"
        "2. Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2026.\n"
        "Trân trọng thông báo để các cơ quan biết, thực hiện./.\n"
    )
    assert _rows(parse_text(text)) == [
        ("a", "Chủ động xây dựng", ["các sở, ban, ngành", "UBND các xã, phường"], [], None),
        ("b", "Gửi báo cáo kết", ["các sở, ban, ngành", "UBND các xã, phường"], [], "hằng quý"),
        ("1", "Theo dõi, đôn đốc", ["Sở Nội vụ"], ["các cơ quan liên quan"], None),
        ("2", "Tổng hợp, báo cáo", ["Sở Nội vụ"], ["các cơ quan liên quan"], "trước ngày 15/12/2026"),
    ]


def test_a_regulation_article_on_responsibilities_is_no_plan():
    text = (
        "ỦY BAN NHÂN DÂN\nSố: 12/2026/QĐ-UBND\n\nQUYẾT ĐỊNH\nBan hành Quy chế phối hợp\n\n"
        "Điều 5. Trách nhiệm của Sở Nội vụ\n1. Hướng dẫn các cơ quan thực hiện Quy chế.\n"
    )
    with pytest.raises(IntakeError):
        parse_text(text)
