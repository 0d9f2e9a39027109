"""Hyphen or plus lines directly under a lead named once ("Giao Sở X chủ trì, phối hợp …:" then "- …", "+ …") in a
document without a task table: one task per top-level bullet, with that lead and those partners; "+" lines under a
"-" item are its activities. Small fixtures written in the style of conclusion notices (session 18)."""

from __future__ import annotations

import pytest

from cchc.plans.drafts import rows_from_draft
from cchc.plans.importing import parse_text
from tests.plans_importing.conftest import refusal
from tests.plans_importing.test_prose_lead_groups import _rows

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 52/TB-UBND\n\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại buổi làm việc về cải cách hành chính\n\n"
    "Ngày 02/4/2026, Chủ tịch UBND tỉnh làm việc với các sở. Chủ tịch UBND tỉnh kết luận như sau:\n"
)
NOTICE = HEAD + (
    "1. Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh, Sở Khoa học và Công nghệ:\n"
    "- Tham mưu UBND tỉnh ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026, trình trước\n"
    "ngày 15/4/2026.\n"
    "+ Lập dự thảo Kế hoạch và lấy ý kiến các sở.\n"
    "+ Tổng hợp, hoàn thiện dự thảo trong tháng 4/2026.\n"
    "- Tổ chức khảo sát sự hài lòng của người dân đối với các bộ phận một cửa.\n"
    "2. Giao Sở Tư pháp chủ trì:\n"
    "- Rà soát các văn bản quy phạm pháp luật có dấu hiệu trái pháp luật, hoàn thành trong tháng 6/2026.\n"
    "3. Các sở, ban, ngành nghiêm túc thực hiện các nội dung trên.\n"
    "- Nội dung này không có cơ quan chủ trì.\n"
)


def test_hyphen_items_under_a_lead_named_once_become_tasks():
    draft = parse_text(NOTICE)
    assert _rows(draft) == [
        ("1", "Tham mưu UBND tỉnh", ["Sở Nội vụ"],
         ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"], "trước ngày 15/4/2026"),
        ("1", "Tổ chức khảo sát", ["Sở Nội vụ"], ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"], None),
        ("2", "Rà soát các văn", ["Sở Tư pháp"], [], "trong tháng 6/2026"),
    ]
    assert all(t["from_prose"] for t in draft.tasks)
    assert draft.tasks[0]["activities"] == ["Lập dự thảo Kế hoạch và lấy ý kiến các sở",
                                            "Tổng hợp, hoàn thiện dự thảo trong tháng 4/2026"]
    assert draft.tasks[1]["activities"] == []
    assert [bool(t.get("needs_deadline")) for t in draft.tasks] == [False, True, False]
    assert draft.tasks[2]["schedule"]  # "trong tháng 6/2026" is a parsed deadline
    assert any("lời văn" in w for w in draft.warnings)
    assert any(w.startswith("1 nhiệm vụ") and "thời hạn" in w for w in draft.warnings)


def test_plus_items_under_an_unnumbered_lead_take_no_number():
    draft = parse_text(HEAD + (  # the lead line is its own paragraph (a .docx paragraph, a blank line in text)
        "\nGiao Sở Tài chính chủ trì, phối hợp với các sở, ngành:\n"
        "+ Bố trí kinh phí cho các nhiệm vụ cải cách hành chính năm 2026.\n"
        "+ Theo dõi tiến độ giải ngân vốn đầu tư công, báo cáo trước ngày 30/6/2026.\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n"
    ))
    assert _rows(draft) == [
        (None, "Bố trí kinh phí", ["Sở Tài chính"], ["các sở, ngành"], None),
        (None, "Theo dõi tiến độ", ["Sở Tài chính"], ["các sở, ngành"], "trước ngày 30/6/2026"),
    ]
    assert [r["number"] for r in rows_from_draft(draft.to_dict())] == ["", ""]  # the review screen shows no number


def test_lettered_items_keep_their_hyphen_lines_as_activities():
    draft = parse_text(HEAD + (
        "1. Giao Sở Nội vụ chủ trì, phối hợp với các sở:\n"
        "a) Rà soát thủ tục hành chính nội bộ trước ngày 30/5/2026:\n"
        "- Lập danh mục thủ tục cần đơn giản hóa.\n"
        "- Gửi danh mục về Văn phòng UBND tỉnh.\n"
        "b) Tổ chức tập huấn cho công chức một cửa.\n"
    ))
    assert [(t["number"], t["title"][:20], len(t["activities"])) for t in draft.tasks] == [
        ("a", "Rà soát thủ tục hành", 2), ("b", "Tổ chức tập huấn cho", 0)]


@pytest.mark.parametrize("text", [
    # no "Giao": a news summary of a plan ("Sở Tài chính chủ trì … thực hiện các nhiệm vụ sau đây:" then hyphens)
    "Tin tức\nSở Tài chính chủ trì, phối hợp với các sở, ngành thực hiện các nhiệm vụ sau đây:\n"
    "- Điều chỉnh Quy hoạch tỉnh.\n- Xây dựng Đề án Khu thương mại tự do.\n",
    # hyphens without a lead line above them
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n1. Về cải cách hành chính:\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
    # hyphens after a plain paragraph, not directly under the lead line
    "THÔNG BÁO\nKết luận\nGiao Sở Nội vụ chủ trì, phối hợp với các sở:\n1. Về tổ chức bộ máy.\n- Rà soát.\n",
    # hyphens that only name agencies are no tasks
    "THÔNG BÁO\nKết luận\nGiao Sở Nội vụ chủ trì, phối hợp với các cơ quan sau:\n- Sở Tư pháp;\n"
    "- Văn phòng UBND tỉnh.\n",
])
def test_hyphen_items_without_a_lead_right_above_them_are_refused(text):
    assert refusal(text).code == "no_task_table"


# Lead lines without "chủ trì" (session 18 follow-up): "x) Giao <agency>:" / "- Giao <agency>:" / "Giao A, B:".
BARE = HEAD + (
    "2. Nhiệm vụ cụ thể\n"
    "a) Giao Sở Nội vụ:\n"
    "- Tham mưu UBND tỉnh công bố chỉ số cải cách hành chính của các sở, hoàn thành trong tháng 5/2026.\n"
    "- Tổ chức khảo sát sự hài lòng của người dân, bắt đầu từ tháng 4/2026.\n"
    "b) Giao Văn phòng UBND tỉnh, Sở Khoa học và Công nghệ và UBND các xã, phường:\n"
    "- Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính trước ngày 30/6/2026.\n"
    "+ Rà soát chức năng đang lỗi.\n"
    "c) Các sở, ngành tiếp tục số hóa hồ sơ thủ tục hành chính.\n"
    "- Nội dung này thuộc mục c, không có cơ quan được giao.\n"
    "d) Đề nghị Sở Tài chính phối hợp với Sở Xây dựng thực hiện các nhiệm vụ sau:\n"
    "- Bố trí kinh phí cho các nhiệm vụ cải cách hành chính năm 2026.\n"
)


def test_lettered_lead_lines_without_chu_tri_give_their_hyphen_items():
    draft = parse_text(BARE)
    assert _rows(draft) == [
        ("a", "Tham mưu UBND tỉnh", ["Sở Nội vụ"], [], "trong tháng 5/2026"),
        ("a", "Tổ chức khảo sát", ["Sở Nội vụ"], [], "từ tháng 4/2026"),  # a start, read as one (session 20)
        ("b", "Nâng cấp Hệ thống", ["Văn phòng UBND tỉnh"],
         ["Sở Khoa học và Công nghệ", "UBND các xã, phường"], "trước ngày 30/6/2026"),
        ("d", "Bố trí kinh phí", ["Sở Tài chính"], ["Sở Xây dựng"], None),
    ]
    assert draft.tasks[2]["activities"] == ["Rà soát chức năng đang lỗi"]


def test_hyphen_lead_lines_without_chu_tri_give_their_plus_items():
    draft = parse_text(HEAD + (
        "3. Tổ chức thực hiện\n"
        "- Giao Sở Nội vụ phối hợp với các sở, ban, ngành:\n"
        "+ Theo dõi, đôn đốc việc thực hiện Kế hoạch, báo cáo trước ngày 15/12/2026.\n"
        "+ Tổng hợp kết quả thực hiện hằng quý.\n"
        "- Các cơ quan báo cáo kết quả về Sở Nội vụ.\n"
        "+ Dòng này đã ra khỏi nhóm trên.\n"
        "- Giao cho Trung tâm Phục vụ hành chính công:\n"
        "+ Niêm yết công khai thủ tục hành chính tại bộ phận một cửa.\n"
    ))
    assert _rows(draft) == [
        (None, "Theo dõi, đôn đốc", ["Sở Nội vụ"], ["các sở, ban, ngành"], "trước ngày 15/12/2026"),
        (None, "Tổng hợp kết quả", ["Sở Nội vụ"], ["các sở, ban, ngành"], "hằng quý"),
        (None, "Niêm yết công khai", ["Trung tâm Phục vụ hành chính công"], [], None),
        # the hyphen line that ends the first group names its agency and a verb inside "Tổ chức thực hiện": a duty
        # task of its own (session 21), numbered as the section's item
        ("3", "Báo cáo kết quả", ["Các cơ quan"], [], None),
    ]


@pytest.mark.parametrize("text", [
    # no ":" at the end: a sentence, not a lead line
    "THÔNG BÁO\nKết luận\n1. Giao Sở Nội vụ.\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
    # not an agency: "giao ban" is a meeting, "giao nhiệm vụ" a phrase
    "THÔNG BÁO\nKết luận\n1. Giao ban định kỳ hằng tháng:\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
    "THÔNG BÁO\nKết luận\n1. Giao nhiệm vụ cho các đơn vị như sau:\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
    # an agency followed by a verb: a sentence cut at ":", not a list of agencies
    "THÔNG BÁO\nKết luận\n1. Giao Sở Nội vụ tham mưu các nội dung:\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
    # a lead line in lower case ("ban", "sở" alone) is not read as an agency
    "THÔNG BÁO\nKết luận\n1. Giao sở nội vụ:\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n",
])
def test_bare_lead_lines_that_are_no_agency_list_are_refused(text):
    assert refusal(text).code == "no_task_table"


TABLE = ("\nPHỤ LỤC\n| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"
         "| 1 | Số hóa hồ sơ | Sở Nội vụ | Quý II/2026 |\n")


@pytest.mark.parametrize("prose", [NOTICE, BARE], ids=["hyphen-items", "bare-lead-lines"])
def test_a_task_table_wins_over_prose(prose):
    draft = parse_text(prose + TABLE)
    assert [(t["title"], t.get("from_prose")) for t in draft.tasks] == [("Số hóa hồ sơ", None)]
