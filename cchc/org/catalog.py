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
                 ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "UBND", "Tỉnh", "Chủ tịch UBND tỉnh", "UBND thành phố",
                  # how the centre's plans address every province: for this installation, its own committee
                  "UBND các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố", "UBND cấp tỉnh",
                  "UBND các tỉnh, thành phố trực thuộc trung ương", "Ủy ban nhân dân cấp tỉnh",
                  "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các tỉnh, thành phố",
                  "các tỉnh, thành phố trực thuộc trung ương", "UBND các tỉnh")),
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

# ---------------------------------------------------------------------------------------------- national bodies
# The Government and its ministries and ministerial-level agencies: the bodies a province reports to and that the
# plans it imports from the centre (decisions of the Prime Minister, resolutions of the Government) name. Loaded once
# (codes "TW.<key>"), without a province: they are never units of the installation (docs/decisions.md §national).
# Sources: Nghị quyết 176/2025/QH15 of 18/02/2025 on the structure of the Government (14 ministries and 3
# ministerial-level agencies, operating from 01/03/2025; those of Nghị quyết 08/2021/QH15 operate until 28/02/2025),
# as listed by thuvienphapluat.vn and laodong.vn; the names after the mergers (Báo cáo 219/BC-BNV, as summarised by
# news.thuvienphapluat.vn): Tài chính ← KH&ĐT, Nội vụ ← LĐTB&XH, Xây dựng ← GTVT, KH&CN ← TT&TT, NN&MT ← NN&PTNT and
# TN&MT, Dân tộc và Tôn giáo ← Ủy ban Dân tộc. The names as printed were checked in the real documents
# (/work/shared/real-docs: 5bb0e376be4202a4 lists the 14 ministries and the five bodies under the Government;
# 826ed569ec2ddaa1, Thông báo 623/TB-VPCP of 15/11/2025; 74e2ddc7b11340da, 646f0a00d4174382, ec00bd6f58be7864,
# Quyết định 2597/QĐ-TTg of 27/11/2025); the abbreviations are the ones of document numbers (4625/BNV-CCHC in
# real-office/reports/ubnd-329…, 623/TB-VPCP, 385/QĐ-BTC, 4058/QĐ-BCA, 1667/QĐ-BNNMT, 156/QĐ-BKHCN, 1410/TB-BYT …).

GOVERNMENT_REFORM_DATE = date(2025, 3, 1)  # Nghị quyết 176/2025/QH15: the new ministries operate from this day
_END_OLD_GOV = date(2025, 2, 28)
NATIONAL = "national"  # UnitKind value
GOVERNMENT_KEY = "cp"  # the root of the national bodies


def _ministry(key: str, name: str, aliases: tuple[str, ...] = (), **kw) -> StandardBody:
    return StandardBody(key, name, NATIONAL, aliases, **kw)


def _old_ministry(key: str, name: str, aliases: tuple[str, ...], *, into: str) -> StandardBody:
    """A ministry of Nghị quyết 08/2021/QH15 that ended on 28/02/2025 and was merged into ``into``."""
    return StandardBody(key, name, NATIONAL, aliases, valid_to=_END_OLD_GOV, successors=(into,))


NATIONAL_BODIES: tuple[StandardBody, ...] = (
    _ministry(GOVERNMENT_KEY, "Chính phủ",
              ("Thủ tướng Chính phủ", "Thủ tướng", "Chính phủ, Thủ tướng Chính phủ", "TTg")),
    # the 14 ministries (Nghị quyết 176/2025/QH15, Điều 1)
    _ministry("bqp", "Bộ Quốc phòng", ("BQP", "Bộ QP")),
    _ministry("bca", "Bộ Công an", ("BCA", "Bộ CA")),
    _ministry("bng", "Bộ Ngoại giao", ("BNG", "Bộ NG")),
    _ministry("bnv", "Bộ Nội vụ", ("BNV", "Bộ NV")),
    _ministry("btp", "Bộ Tư pháp", ("BTP", "Bộ TP")),
    _ministry("btc", "Bộ Tài chính", ("BTC", "Bộ TC")),
    _ministry("bct", "Bộ Công Thương", ("BCT", "Bộ CT")),
    _ministry("bnnmt", "Bộ Nông nghiệp và Môi trường",
              ("BNNMT", "BNN&MT", "Bộ NN&MT", "Bộ NNMT", "Bộ NN và MT", "Bộ Nông nghiệp - Môi trường"),
              valid_from=GOVERNMENT_REFORM_DATE),
    _ministry("bxd", "Bộ Xây dựng", ("BXD", "Bộ XD")),
    _ministry("bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch",
              ("BVHTTDL", "Bộ VHTTDL", "Bộ VH,TT&DL", "Bộ VHTT&DL", "Bộ Văn hóa - Thể thao và Du lịch")),
    _ministry("bkhcn", "Bộ Khoa học và Công nghệ", ("BKHCN", "Bộ KH&CN", "Bộ KHCN", "Bộ KH và CN")),
    _ministry("bgddt", "Bộ Giáo dục và Đào tạo", ("BGDĐT", "Bộ GD&ĐT", "Bộ GDĐT", "Bộ GD và ĐT")),
    _ministry("byt", "Bộ Y tế", ("BYT", "Bộ YT")),
    _ministry("bdttg", "Bộ Dân tộc và Tôn giáo", ("BDTTG", "Bộ DT&TG", "Bộ DTTG"),
              valid_from=GOVERNMENT_REFORM_DATE),
    # the 3 ministerial-level agencies
    _ministry("nhnn", "Ngân hàng Nhà nước Việt Nam", ("NHNN", "Ngân hàng Nhà nước", "NHNN Việt Nam")),
    _ministry("ttcp", "Thanh tra Chính phủ", ("TTCP", "Tổng Thanh tra Chính phủ")),
    _ministry("vpcp", "Văn phòng Chính phủ", ("VPCP", "VP Chính phủ")),
    # bodies under the Government often named in plans (5bb0e376be4202a4: the five "đơn vị trực thuộc Chính phủ")
    _ministry("vtv", "Đài Truyền hình Việt Nam", ("VTV", "Đài THVN")),
    _ministry("vov", "Đài Tiếng nói Việt Nam", ("VOV", "Đài TNVN")),
    _ministry("ttxvn", "Thông tấn xã Việt Nam", ("TTXVN",)),
    _ministry("vast", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", ("Viện Hàn lâm KH&CN Việt Nam",)),
    _ministry("vass", "Viện Hàn lâm Khoa học xã hội Việt Nam", ("Viện Hàn lâm KHXH Việt Nam",)),
    # ministries and a ministerial-level agency of Nghị quyết 08/2021/QH15 that ended on 28/02/2025
    _old_ministry("bkhdt", "Bộ Kế hoạch và Đầu tư", ("BKHĐT", "Bộ KH&ĐT", "Bộ KHĐT", "Bộ KH và ĐT"), into="btc"),
    _old_ministry("btttt", "Bộ Thông tin và Truyền thông", ("BTTTT", "Bộ TT&TT", "Bộ TTTT", "Bộ TT và TT"),
                  into="bkhcn"),
    _old_ministry("btnmt", "Bộ Tài nguyên và Môi trường", ("BTNMT", "Bộ TN&MT", "Bộ TNMT", "Bộ TN và MT"),
                  into="bnnmt"),
    _old_ministry("bnnptnt", "Bộ Nông nghiệp và Phát triển nông thôn",
                  ("BNNPTNT", "Bộ NN&PTNT", "Bộ NNPTNT", "Bộ NN và PTNT", "Bộ Nông nghiệp và PTNT"), into="bnnmt"),
    _old_ministry("bgtvt", "Bộ Giao thông vận tải", ("BGTVT", "Bộ GTVT", "Bộ Giao thông - Vận tải"), into="bxd"),
    _old_ministry("bldtbxh", "Bộ Lao động - Thương binh và Xã hội",
                  ("BLĐTBXH", "Bộ LĐTB&XH", "Bộ LĐTBXH", "Bộ LĐ-TB&XH", "Bộ Lao động Thương binh và Xã hội"),
                  into="bnv"),
    _old_ministry("ubdt", "Ủy ban Dân tộc", ("UBDT", "Ủy ban Dân tộc của Chính phủ"), into="bdttg"),
)

NATIONAL_BY_KEY = {b.key: b for b in NATIONAL_BODIES}
# the ministries and ministerial-level agencies (members of the group "các bộ, cơ quan ngang bộ")
MINISTRY_KEYS = tuple(b.key for b in NATIONAL_BODIES if b.key not in (GOVERNMENT_KEY, "vtv", "vov", "ttxvn", "vast",
                                                                          "vass"))


@dataclass(frozen=True)
class GroupDef:
    code: str
    name: str
    member_kinds: tuple[str, ...]
    aliases: tuple[str, ...] = field(default=())
    national_members: tuple[str, ...] = field(default=())  # keys of NATIONAL_BODIES that are members


GROUPS: tuple[GroupDef, ...] = (
    GroupDef("departments", "Các sở, ban, ngành", ("department",),
             ("các sở, ban, ngành", "sở, ban, ngành", "các sở ban ngành", "các sở, ban, ngành tỉnh",
              "các sở, ban, ngành thuộc tỉnh", "các sở, ban, ngành cấp tỉnh", "các cơ quan chuyên môn thuộc UBND tỉnh",
              "các sở, ngành", "sở, ngành", "các sở, ban, ngành, đơn vị thuộc tỉnh", "các sở, ban ngành",
              "các sở, ban, ngành liên quan", "các sở, ban, ngành có liên quan", "các sở, ngành liên quan",
              "các sở, ngành có liên quan", "các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh")),
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
    # "các địa phương" in a province's plan: its local governments (the communes; the districts too before
    # 1/7/2025), not its departments. In a plan of the centre it means the provinces (see LOCALITY_ALIASES).
    GroupDef("districts_communes", "UBND cấp huyện, cấp xã", ("district", "commune"),
             ("UBND cấp huyện, cấp xã", "UBND cấp huyện, UBND cấp xã", "Ủy ban nhân dân cấp huyện, cấp xã",
              "UBND các cấp", "chính quyền các cấp", "UBND cấp huyện và cấp xã", "cấp huyện, cấp xã",
              "các địa phương", "UBND các địa phương", "Ủy ban nhân dân các địa phương", "chính quyền địa phương",
              "các địa phương có liên quan", "các địa phương liên quan", "địa phương")),
    GroupDef("all_agencies", "Các cơ quan, đơn vị, địa phương", ("department", "district", "commune"),
             ("các cơ quan, đơn vị, địa phương", "các cơ quan, đơn vị", "các cơ quan, đơn vị, địa phương có liên quan",
              "các sở, ban, ngành, UBND cấp huyện", "các sở, ban, ngành, địa phương",
              "các sở, ban, ngành; UBND cấp huyện", "các cơ quan, đơn vị có liên quan", "các đơn vị, địa phương",
              "các cơ quan, địa phương", "địa phương, sở, ban ngành có liên quan",
              "các sở, ban, ngành và địa phương", "các cơ quan hành chính nhà nước", "cơ quan, đơn vị liên quan",
              "các cơ quan, đơn vị liên quan", "các đơn vị liên quan", "các đơn vị có liên quan", "các cơ quan",
              "cơ quan liên quan", "các cơ quan, đơn vị, địa phương liên quan")),
    GroupDef("public_service_units", "Các đơn vị sự nghiệp công lập", ("public_service",),
             ("các đơn vị sự nghiệp công lập", "đơn vị sự nghiệp công lập", "các đơn vị sự nghiệp")),
    GroupDef("ministries", "Các bộ, cơ quan ngang bộ", (),
             ("các bộ, cơ quan ngang bộ", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
              "bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "cơ quan ngang bộ, cơ quan thuộc Chính phủ",
              "các bộ, cơ quan", "các bộ, ngành", "các bộ ngành", "các bộ, ngành liên quan", "các bộ ngành liên quan",
              "các bộ, ngành Trung ương", "các bộ, ngành trung ương liên quan", "các bộ, cơ quan Trung ương",
              "các bộ, cơ quan liên quan", "các bộ, ngành có liên quan", "bộ, ngành liên quan"),
             national_members=MINISTRY_KEYS),
    GroupDef("central_agencies", "Các cơ quan ngành dọc cấp tỉnh", ("central_agency",),
             ("các cơ quan ngành dọc", "các cơ quan Trung ương đóng trên địa bàn tỉnh", "các cơ quan ngành dọc cấp tỉnh",
              "cơ quan ngành dọc")),
)
