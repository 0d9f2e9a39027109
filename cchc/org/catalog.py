"""Catalogue of the standard provincial bodies and unit groups (pure Python, no Django).

The same departments exist in every province, so a plan from any province resolves.
Sources (see docs/decisions.md §org): Nghị định 24/2014/NĐ-CP & 107/2020/NĐ-CP (departments before 2025);
Nghị định 45/2025/NĐ-CP of 28/02/2025, effective 01/03/2025 (12 uniform bodies + special ones), as summarised by
hdnd.dongnai.gov.vn; merger map of March 2025 (KH&ĐT→Tài chính, TT&TT→KH&CN, TN&MT + NN&PTNT→NN&MT,
GTVT→Xây dựng, LĐTB&XH→Nội vụ, Ban Dân tộc→Sở Dân tộc và Tôn giáo).
Sở Ngoại vụ (Điều 9 khoản 1 Nghị định 45/2025/NĐ-CP): a special department kept only where the decree's criteria are
met (international border gate, airport or seaport, or large foreign investment); elsewhere its functions were merged
into Văn phòng UBND tỉnh — not into Sở Nội vụ. Which provinces kept it is a per-province decision not encoded here, so
from 01/03/2025 "Sở Ngoại vụ" still resolves to the province's unit but with a lower confidence and a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEPARTMENT_REFORM_DATE = date(2025, 3, 1)  # Nghị định 45/2025/NĐ-CP takes effect
TWO_TIER_DATE = date(2025, 7, 1)  # provinces merged to 34, districts abolished


@dataclass(frozen=True)
class StandardBody:
    key: str
    name: str  # name without the province suffix
    kind: str  # UnitKind value
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None  # last day valid
    successors: tuple[str, ...] = ()  # keys of the bodies it merged into
    optional: bool = False  # exists only in some provinces (still created for resolution)
    uncertain_from: date | None = None  # from this date the body exists only in some provinces (resolver warns)
    uncertain_note: str = ""


_OLD = DEPARTMENT_REFORM_DATE.replace(day=1)
_END_OLD = date(2025, 2, 28)


def _merged_in_2025(key: str, name: str, aliases: tuple[str, ...], *, into: str, optional: bool = False):
    """A department that existed until 28/02/2025 and was merged into the body ``into`` (Nghị định 45/2025/NĐ-CP)."""
    return StandardBody(key, name, "department", aliases, valid_to=_END_OLD, successors=(into,), optional=optional)


STANDARD_BODIES: tuple[StandardBody, ...] = (
    StandardBody("ubnd", "Ủy ban nhân dân tỉnh", "province",
                 ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "UBND", "Tỉnh", "Chủ tịch UBND tỉnh", "UBND thành phố")),
    StandardBody("vp_ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "department",
                 ("VP UBND tỉnh", "Văn phòng UBND tỉnh", "VPUBND", "VP UBND", "Văn phòng UBND", "VPUBND tỉnh",
                  "Văn phòng Ủy ban nhân dân")),
    StandardBody("snv", "Sở Nội vụ", "department", ("SNV", "Sở NV", "Nội vụ")),
    StandardBody("stp", "Sở Tư pháp", "department", ("STP", "Tư pháp")),
    StandardBody("stc", "Sở Tài chính", "department", ("STC", "Tài chính")),
    _merged_in_2025("skhdt", "Sở Kế hoạch và Đầu tư",
                    ("Sở KH&ĐT", "Sở KHĐT", "SKHĐT", "Sở KH và ĐT", "Sở Kế hoạch - Đầu tư",
                     "Kế hoạch và Đầu tư"), into="stc"),
    StandardBody("sct", "Sở Công Thương", "department", ("SCT", "Sở CT", "Công Thương")),
    _merged_in_2025("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn",
                    ("Sở NN&PTNT", "Sở NNPTNT", "SNNPTNT", "Sở NN và PTNT", "Sở Nông nghiệp và PTNT",
                     "Nông nghiệp và Phát triển nông thôn"), into="snnmt"),
    _merged_in_2025("stnmt", "Sở Tài nguyên và Môi trường",
                    ("Sở TN&MT", "Sở TNMT", "STNMT", "Sở TN và MT", "Tài nguyên và Môi trường"), into="snnmt"),
    StandardBody("snnmt", "Sở Nông nghiệp và Môi trường", "department",
                 ("Sở NN&MT", "Sở NNMT", "SNNMT", "Nông nghiệp và Môi trường"), valid_from=DEPARTMENT_REFORM_DATE),
    _merged_in_2025("sgtvt", "Sở Giao thông vận tải",
                    ("Sở GTVT", "SGTVT", "Giao thông vận tải", "Sở Giao thông - Vận tải"), into="sxd"),
    StandardBody("sxd", "Sở Xây dựng", "department", ("SXD", "Sở XD", "Xây dựng")),
    _merged_in_2025("stttt", "Sở Thông tin và Truyền thông",
                    ("Sở TTTT", "Sở TT&TT", "STTTT", "Sở TT và TT", "Sở Thông tin - Truyền thông",
                     "Thông tin và Truyền thông"), into="skhcn"),
    _merged_in_2025("sldtbxh", "Sở Lao động - Thương binh và Xã hội",
                    ("Sở LĐTB&XH", "Sở LĐTBXH", "SLĐTBXH", "Sở Lao động Thương binh và Xã hội", "Sở LĐ-TB&XH",
                     "Lao động - Thương binh và Xã hội"), into="snv"),
    StandardBody("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "department",
                 ("Sở VHTTDL", "Sở VH,TT&DL", "Sở VHTT&DL", "SVHTTDL", "Sở Văn hóa - Thể thao và Du lịch",
                  "Sở Văn hóa và Thể thao", "Sở VH&TT", "Văn hóa, Thể thao và Du lịch")),
    StandardBody("skhcn", "Sở Khoa học và Công nghệ", "department",
                 ("Sở KH&CN", "Sở KHCN", "SKHCN", "Sở KH và CN", "Khoa học và Công nghệ")),
    StandardBody("sgddt", "Sở Giáo dục và Đào tạo", "department",
                 ("Sở GD&ĐT", "Sở GDĐT", "SGDĐT", "Sở GD và ĐT", "Giáo dục và Đào tạo")),
    StandardBody("syt", "Sở Y tế", "department", ("SYT", "Y tế")),
    StandardBody("ttt", "Thanh tra tỉnh", "department", ("TTT", "Thanh tra", "Thanh tra tỉnh")),
    StandardBody("sngv", "Sở Ngoại vụ", "department", ("SNgV", "Sở NgV", "Ngoại vụ"), optional=True,
                 uncertain_from=DEPARTMENT_REFORM_DATE,
                 uncertain_note="Từ 01/3/2025 Sở Ngoại vụ chỉ còn ở các tỉnh đáp ứng tiêu chí của Nghị định "
                                "45/2025/NĐ-CP (Điều 9); nơi không tổ chức riêng, chức năng đã chuyển về Văn phòng "
                                "UBND tỉnh: cần kiểm tra"),
    _merged_in_2025("bdt", "Ban Dân tộc", ("BDT", "Ban Dân tộc tỉnh"), into="sdttg", optional=True),
    StandardBody("sdttg", "Sở Dân tộc và Tôn giáo", "department", ("Sở DT&TG", "Sở DTTG", "Dân tộc và Tôn giáo"),
                 valid_from=DEPARTMENT_REFORM_DATE, optional=True),
    StandardBody("bqlkkt", "Ban Quản lý Khu kinh tế tỉnh", "department",
                 ("Ban QLKKT", "BQL KKT", "Ban Quản lý các Khu công nghiệp", "Ban QL KKT", "Ban Quản lý KKT",
                  "Ban Quản lý Khu kinh tế"), optional=True),
    # central agencies organised in the province
    StandardBody("ca", "Công an tỉnh", "central_agency", ("CA tỉnh", "Công an")),
    StandardBody("bchqs", "Bộ Chỉ huy Quân sự tỉnh", "central_agency", ("BCHQS tỉnh", "Bộ CHQS tỉnh")),
    StandardBody("thue", "Cục Thuế tỉnh", "central_agency", ("Thuế tỉnh", "Cục Thuế")),
    StandardBody("kbnn", "Kho bạc Nhà nước tỉnh", "central_agency", ("KBNN tỉnh", "Kho bạc Nhà nước", "KBNN")),
    StandardBody("bhxh", "Bảo hiểm xã hội tỉnh", "central_agency", ("BHXH tỉnh", "Bảo hiểm xã hội", "BHXH")),
    StandardBody("cts", "Cục Thống kê tỉnh", "central_agency", ("Cục Thống kê", "Thống kê tỉnh")),
    # public service units and organisations frequently named in plans
    StandardBody("dptth", "Đài Phát thanh và Truyền hình tỉnh", "public_service",
                 ("Đài PT-TH tỉnh", "Đài PTTH tỉnh", "Đài PT&TH tỉnh", "Đài PTTH", "Đài Phát thanh - Truyền hình tỉnh"),
                 valid_to=date(2025, 6, 30), successors=("bao",)),
    StandardBody("bao", "Báo tỉnh", "public_service", ("Báo", "Báo và Phát thanh, Truyền hình tỉnh")),
    StandardBody("tct", "Trường Chính trị tỉnh", "public_service", ("Trường Chính trị",)),
    StandardBody("ttpvhcc", "Trung tâm Phục vụ hành chính công tỉnh", "public_service",
                 ("Trung tâm PVHCC tỉnh", "Trung tâm PVHCC", "TTPVHCC", "Trung tâm Phục vụ hành chính công",
                  "Trung tâm Hành chính công tỉnh")),
    StandardBody("cttdt", "Cổng Thông tin điện tử tỉnh", "public_service", ("Cổng TTĐT tỉnh", "Cổng TTĐT")),
    StandardBody("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "organisation",
                 ("Ủy ban MTTQ tỉnh", "UBMTTQ tỉnh", "MTTQ tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "Mặt trận Tổ quốc")),
    StandardBody("hdnd", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "organisation",
                 ("HĐND tỉnh", "Văn phòng HĐND tỉnh", "Hội đồng nhân dân tỉnh")),
    StandardBody("tu", "Tỉnh ủy", "organisation", ("Tỉnh ủy", "Ban Tổ chức Tỉnh ủy")),
)

BODY_BY_KEY = {b.key: b for b in STANDARD_BODIES}


@dataclass(frozen=True)
class GroupDef:
    code: str
    name: str
    member_kinds: tuple[str, ...]
    aliases: tuple[str, ...] = field(default=())


GROUPS: tuple[GroupDef, ...] = (
    GroupDef("departments", "Các sở, ban, ngành", ("department",),
             ("các sở, ban, ngành", "sở, ban, ngành", "các sở ban ngành", "các sở, ban, ngành tỉnh",
              "các sở, ban, ngành thuộc tỉnh", "các sở, ban, ngành cấp tỉnh", "các cơ quan chuyên môn thuộc UBND tỉnh",
              "các sở, ngành", "sở, ngành", "các sở, ban, ngành, đơn vị thuộc tỉnh", "các sở, ban ngành",
              "các sở, ban, ngành liên quan", "các sở, ban, ngành có liên quan", "các sở, ngành liên quan",
              "các sở, ngành có liên quan", "các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
              "các sở, ban, ngành, địa phương")),
    GroupDef("districts", "UBND cấp huyện", ("district",),
             ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện", "UBND các huyện, thị xã, thành phố",
              "Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thành phố, thị xã",
              "UBND các huyện, thị xã, thành phố thuộc tỉnh", "UBND các huyện, thành phố", "UBND các huyện, thị xã",
              "UBND các huyện thị xã, thành phố", "các huyện, thị xã, thành phố", "cấp huyện", "UBND huyện")),
    GroupDef("communes", "UBND cấp xã", ("commune",),
             ("UBND cấp xã", "Ủy ban nhân dân cấp xã", "UBND các xã, phường, thị trấn",
              "Ủy ban nhân dân các xã, phường, thị trấn", "UBND các xã, phường, đặc khu", "UBND các xã, phường",
              "các xã, phường, thị trấn", "cấp xã", "UBND xã", "Ủy ban nhân dân xã, phường, thị trấn",
              "UBND xã, phường, thị trấn", "UBND các xã, phường, thị trấn, đặc khu")),
    GroupDef("districts_communes", "UBND cấp huyện, cấp xã", ("district", "commune"),
             ("UBND cấp huyện, cấp xã", "UBND cấp huyện, UBND cấp xã", "Ủy ban nhân dân cấp huyện, cấp xã",
              "UBND các cấp", "chính quyền các cấp", "UBND cấp huyện và cấp xã", "cấp huyện, cấp xã")),
    GroupDef("all_agencies", "Các cơ quan, đơn vị, địa phương", ("department", "district", "commune"),
             ("các cơ quan, đơn vị, địa phương", "các cơ quan, đơn vị", "các cơ quan, đơn vị, địa phương có liên quan",
              "các sở, ban, ngành, UBND cấp huyện", "các sở, ban, ngành, địa phương",
              "các sở, ban, ngành; UBND cấp huyện", "các cơ quan, đơn vị có liên quan", "các đơn vị, địa phương",
              "các cơ quan, địa phương", "các địa phương", "địa phương, sở, ban ngành có liên quan",
              "các sở, ban, ngành và địa phương", "các cơ quan hành chính nhà nước", "cơ quan, đơn vị liên quan",
              "các cơ quan, đơn vị liên quan", "các đơn vị liên quan", "các đơn vị có liên quan", "các cơ quan",
              "cơ quan liên quan", "các cơ quan, đơn vị, địa phương liên quan")),
    GroupDef("public_service_units", "Các đơn vị sự nghiệp công lập", ("public_service",),
             ("các đơn vị sự nghiệp công lập", "đơn vị sự nghiệp công lập", "các đơn vị sự nghiệp")),
    GroupDef("central_agencies", "Các cơ quan ngành dọc cấp tỉnh", ("central_agency",),
             ("các cơ quan ngành dọc", "các cơ quan Trung ương đóng trên địa bàn tỉnh", "các cơ quan ngành dọc cấp tỉnh",
              "cơ quan ngành dọc")),
)
