"""Tasks written in prose instead of a table (pure Python).

Two layouts are read, in any mix:

- inline: "1. Rà soát … Đơn vị chủ trì: Văn phòng UBND tỉnh; Đơn vị phối hợp: …; Thời gian thực hiện: Quý II/2024."
- one field per line under a numbered task::

      a) Xây dựng Kế hoạch tuyên truyền …
      - Cơ quan chủ trì: Sở Nội vụ.
      - Cơ quan phối hợp: Các sở, ban, ngành.
      - Thời gian hoàn thành: Quý I/2024.

Field labels need a colon ("Sở Nội vụ chủ trì, phối hợp …" in a sentence is not a field). Hard-wrapped lines are
re-joined; a new unit starts at a list marker, at a field label, or after a sentence end.

A lead named once above its items (``lead_group_tasks``): "Giao Sở X chủ trì, phối hợp với Y:" or, without "chủ
trì", "Giao Sở X:" / "b) Giao Sở X, Sở Y:" / "- Đề nghị Sở X phối hợp với Sở Y:", the line ending in ":" and the
lettered, hyphen or plus items below it being the tasks. Rule for a line without "chủ trì": **the first named agency
is the lead, every other agency on the line is a partner**, whether it follows "phối hợp (với)" or is joined by "," or
"và" ("Giao Sở Nội vụ, Sở Tư pháp và Văn phòng UBND tỉnh:" → lead Sở Nội vụ, partners Sở Tư pháp, Văn phòng UBND tỉnh).
Every part must read as an agency name (a capitalised head such as Sở, Văn phòng, UBND, Ban, or "các sở, …", at most
14 words, no lower-case verb), else the line is no lead line. A line with the lead line's own marker ("c)" after "b)
Giao …:", "-" after "- Giao …:") ends its items. These readers run only when the document has no task table and no
procedure table.
"""

from __future__ import annotations

import re

from cchc.core.intake import clean_cell
from cchc.core.vntext import clean_spaces

from .cells import UPPER, split_agencies, split_items

_AGENT = r"(?:cơ quan|đơn vị|cơ quan,\s*đơn vị|cơ quan\s*/\s*đơn vị)"
_LABELS = (
    ("lead", rf"(?:{_AGENT}\s+)?chủ trì(?:\s+(?:thực hiện|tham mưu|triển khai|xây dựng))?|{_AGENT}\s+thực hiện"
             r"|trách nhiệm thực hiện"),
    ("partners", rf"(?:{_AGENT}\s+)?phối hợp(?:\s+thực hiện)?"),
    ("deadline", r"(?:thời gian|thời hạn)(?:\s+(?:thực hiện|hoàn thành|triển khai|trình))?(?:\s*/\s*hoàn thành)?"
                 r"|tiến độ(?:\s+(?:thực hiện|hoàn thành))?"),
    ("products", r"(?:sản phẩm|kết quả)(?:\s+(?:đầu ra|dự kiến|đạt được))?"),
    ("budget", r"(?:nguồn\s+)?kinh phí(?:\s+thực hiện)?"),
)
_LABEL_RE = re.compile(
    r"(?<![\w])(?P<label>" + "|".join(f"(?P<{name}>{rx})" for name, rx in _LABELS) + r")\s*:\s*", re.I
)
_MARKER = re.compile(r"^\s*(?:(?P<paren>[(\[])?(?P<num>\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+)\s*(?(paren)[)\]]|[.)])"
                     r"|(?P<bullet>[-+•*]))\s+")
_ROMAN = re.compile(r"^[IVXLC]+$")


_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def _units(paragraphs: list[str]) -> list[str]:
    """The text cut into units (an item, a field block, a sentence run). A page number alone on its line (a PDF's
    text) is dropped, and a paragraph going on in lower case after it continues the unit the page cut."""
    units: list[str] = []
    for para in paragraphs:
        first = True
        after_number = False  # the line before was a number alone: a page number, or a footnote's mark
        for raw in clean_cell(para).split("\n"):
            line = clean_spaces(re.sub(r"^#+\s*", "", raw).replace("**", ""))  # markdown bold of web copies
            if not line or _PAGE_NUMBER.match(line):
                after_number = after_number or bool(line)
                continue
            cut_by_page = ((first or after_number) and units and line[:1].islower() and not _MARKER.match(line)
                           and not re.search(r"[.;:!?]$", units[-1]))
            start = not cut_by_page and (
                first or after_number or not units or _MARKER.match(line) or _LABEL_RE.match(line)
                or (re.search(r"[.;!?]$", units[-1]) and re.match(rf"^[\"“(]?[{UPPER}0-9]", line))
                # "IV. ĐỀ XUẤT, KIẾN NGHỊ" then the paragraph under it, with no blank line between (a PDF's text)
                or (units[-1] == units[-1].upper() and _MARKER.match(units[-1]) and line != line.upper())
            )
            after_number = False
            if start:
                units.append(line)
            else:
                units[-1] += " " + line
            first = False
    return units


def _fields(text: str) -> dict[str, str]:
    """"Cơ quan chủ trì: A; cơ quan phối hợp: B; thời gian: C." → {"lead": "A", "partners": "B", "deadline": "C"}."""
    out: dict[str, str] = {}
    matches = list(_LABEL_RE.finditer(text))
    for m, nxt in zip(matches, matches[1:] + [None], strict=False):
        name = next(k for k, _ in _LABELS if m.group(k))
        value = text[m.end(): nxt.start() if nxt else len(text)]
        value = re.sub(r"[\s;,.\-–]+$", "", value).strip()
        value = re.sub(r"[\s;,]*[-+•]$", "", value).strip()
        if value and name not in out:
            out[name] = value
    return out


def _split_marker(unit: str) -> tuple[str | None, bool, str]:
    m = _MARKER.match(unit)
    if not m:
        return None, False, unit
    return m.group("num"), bool(m.group("bullet")), unit[m.end():]


def prose_tasks(paragraphs: list[str]) -> list[dict]:
    tasks: list[dict] = []
    pending: list[tuple[str | None, bool, str]] = []  # units since the last field block
    current: dict | None = None
    roman: str | None = None
    arabic: str | None = None
    n = 0

    def section_of(number):
        # "a)" items belong to the "1." heading above them, "1.2." to "1." and "1." items to the Roman heading
        if number and (re.fullmatch(r"[a-zđ]", number) or (arabic and number.startswith(arabic + "."))):
            return arabic or roman
        return roman

    def new_task(number, title, activities):
        nonlocal n
        n += 1
        t = {
            "number": number if number is not None else str(n), "section": section_of(number),
            "title": clean_spaces(title).rstrip(" .;:-"), "activities": activities, "products": [],
            "lead": [], "partners": [], "deadline": None, "budget": None, "note": None, "from_prose": True,
            "lead_units": [], "partner_units": [], "unresolved": [],
        }
        tasks.append(t)
        return t

    def apply(t, fields):
        for name, value in fields.items():
            if name in ("lead", "partners"):
                if not t[name]:
                    t[name] = split_agencies(value)
            elif name == "products":
                t["products"] = t["products"] or split_items(value)
            elif not t.get(name):
                t[name] = value

    for unit in _units(paragraphs):
        num, bullet, body = _split_marker(unit)
        label = _LABEL_RE.search(body)
        if num and not label and _ROMAN.match(num):
            roman, arabic = num, None
        elif num and not label and re.fullmatch(r"\d+", num):
            arabic = num
        if label and label.start() == 0:
            if current is None:
                titled = [i for i, (pn, _pb, _pt) in enumerate(pending) if pn]
                if not pending:
                    continue
                k = titled[-1] if titled else len(pending) - 1
                tnum, _tb, ttext = pending[k]
                current = new_task(tnum, ttext, [clean_spaces(p[2]) for p in pending[k + 1:]])
            apply(current, _fields(body))
            pending = []
            continue
        if label and body[: label.start()].strip(" .;:-–("):
            title = body[: label.start()]
            current = new_task(num, title, [])
            apply(current, _fields(body[label.start():]))
            pending = []
            continue
        current = None
        pending.append((num, bullet, body))
    return [t for t in tasks if t["title"] and t["lead"]]


# a body, or the head of one ("Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã"), who is given a task
_AGENCY_HEAD = (r"(?:Sở|Văn phòng|Ban|Công an|Thanh tra|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Bộ|Trung tâm|Đài|Báo|Cục|"
                r"Chi cục|Kho bạc|Bảo hiểm xã hội|Liên đoàn|Hội|Tỉnh đoàn|Đoàn|Các sở|Các bộ|Các cơ quan|Cơ quan|"
                r"Ủy ban Mặt trận|Uỷ ban Mặt trận|Mặt trận|Tổng công ty|Tập đoàn|Thủ trưởng|Chủ tịch|Giám đốc|"
                r"Người đứng đầu|Các thành viên|Thành viên)")
_VERBS = (r"(?:tham mưu|xây dựng|tổ chức|triển khai|thực hiện|hướng dẫn|theo dõi|rà soát|kiểm tra|đôn đốc|ban hành|trình|"
          r"báo cáo|chỉ đạo|nghiên cứu|đề xuất|phát triển|nâng cấp|duy trì|cập nhật|tuyên truyền|đánh giá|hoàn thiện|"
          r"tổng hợp|quản lý|bố trí|đẩy mạnh|tăng cường|cung cấp|công bố|số hóa|tập huấn|bồi dưỡng|sơ kết|tổng kết|"
          r"phân tích|bám sát|xem xét|chuẩn bị|áp dụng|nhân rộng|khắc phục|công khai|bảo đảm|đảm bảo|chấn chỉnh|"
          r"tập trung)")


def _lead_chairs(partners_max: int) -> str:
    """The pattern of "<agency> (là cơ quan …) chủ trì(, phối hợp với <partners>)": groups ``lead`` and ``partners``
    (at most ``partners_max`` characters)."""
    return (rf"(?P<lead>{_AGENCY_HEAD}[^;:()]{{0,90}}?)\s+(?:là cơ quan |là đơn vị |có trách nhiệm |chịu trách nhiệm )?"
            rf"chủ trì(?:\s*,?\s*phối hợp\s+(?:với\s+)?(?P<partners>[^;:]{{3,{partners_max}}}?))?")


# "… chủ trì, phối hợp với các cơ quan thường xuyên tổ chức rà soát …": an adverb before the verb belongs to the title
_ADVERBS = r"(?:(?:thường xuyên|tiếp tục|kịp thời|khẩn trương|định kỳ|chủ động|cần phải|cần|phải)(?:\s+và)?\s+)*"
# "(Chủ tịch UBND tỉnh giao) Sở Nội vụ chủ trì, phối hợp với … tổ chức …"
# (the verb in lower case: "phối hợp với Bộ Công an, Bộ Xây dựng bố trí …" names "Bộ Xây dựng" before its verb)
_ASSIGN = re.compile(rf"^(?:{_AGENCY_HEAD}[^,;:]{{0,60}}?\s+giao\s+|giao\s+|đề nghị\s+)?{_lead_chairs(200)}\s*,?\s+"
                     rf"(?P<title>{_ADVERBS}(?-i:{_VERBS})\b.+)$", re.I)

def assignment_tasks(paragraphs: list[str]) -> list[dict]:
    """Tasks given in sentences: "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành tham mưu UBND tỉnh … trước ngày
    30/6/2025." → title "Tham mưu UBND tỉnh …", lead ["Sở Nội vụ"], partners ["các sở, ngành"], deadline. Used only when
    the document has no task table; the draft says so."""
    tasks: list[dict] = []
    for unit in _units(paragraphs):
        num, _bullet, body = _split_marker(unit)
        body = body.replace("**", "").strip()
        m = _ASSIGN.match(body)
        if not m:
            continue
        title = clean_spaces(m.group("title")).rstrip(" .;")
        deadline = group_deadline(title)
        tasks.append({
            "number": num if num is not None else str(len(tasks) + 1), "section": None,
            "title": title[:1].upper() + title[1:], "activities": [], "products": [],
            "lead": split_agencies(m.group("lead")), "partners": split_agencies(m.group("partners") or ""),
            "deadline": deadline, "budget": None, "note": None, "from_prose": True,
            "lead_units": [], "partner_units": [], "unresolved": [],
        })
    return tasks


_GROUP_LEAD = re.compile(rf"^(?:giao|đề nghị|chỉ đạo|yêu cầu)\s+{_lead_chairs(300)}(?:\s*,?\s+(?:{_VERBS})\b[^;:]{{0,160}})?\s*:$", re.I)
_GROUP_DEADLINE = re.compile(
    r"(?:hoàn thành\s+)?(?:trước ngày|trước|trong (?:quý|tháng|năm))\s*[^;.,]*\d[^;.,]*"
    r"|(?:thời gian|thời hạn)(?: thực hiện| hoàn thành)?\s*:\s*[^;.]*\d[^;.]*"
    r"|\btừ (?:ngày|tháng|quý|năm)\s*[^;.,]*\d[^;.,]*", re.I)  # "bắt đầu thực hiện từ tháng 01/2026"
# a periodic task ("định kỳ hằng tháng báo cáo …", "hằng tuần trước 16 giờ ngày thứ Sáu", "vào ngày 05 hằng tháng")
_PERIODIC = re.compile(r"(?:\bngày\s+\d{1,2}\s+)?\b(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)\b(?:\s+trước\s[^;.,]*\d[^;.,]*)?",
                       re.I)


_YEARLY_DOCUMENT = re.compile(r"\b(?:kế hoạch|chương trình)(?:\s+\S+){0,3}\s*$", re.I)


def group_deadline(text: str) -> str | None:
    """The time phrase of an item: a date ("trước ngày 30/6/2026", "trong quý II/2026", "từ tháng 01/2026") or, when it
    gives none, a periodicity ("hằng tháng"); a periodicity that holds the date ("hằng tuần trước 16 giờ …") wins."""
    dated, periodic = _GROUP_DEADLINE.search(text), _PERIODIC.search(text)
    if periodic and _YEARLY_DOCUMENT.search(text[: periodic.start()]):
        periodic = None  # "đưa vào Kế hoạch CCHC hằng năm": a yearly document, not a task done every year
    if periodic and (not dated or (periodic.start() <= dated.start() and periodic.end() >= dated.end())):
        dated = periodic
    if not dated:
        return None
    phrase = re.sub(r"^hoàn thành\s+", "", clean_spaces(dated.group(0)).rstrip(" .;,"), flags=re.I)
    if phrase.count("(") > phrase.count(")"):  # "trong tháng 9 năm 2025 (Phụ lục III, IV kèm theo …)" cut at the comma
        phrase = phrase[: phrase.rindex("(")].rstrip(" ,")
    return phrase.rstrip(" )") if phrase.count(")") > phrase.count("(") else phrase  # "(… trước ngày 15/3/2026)"


# "Giao Sở Nội vụ:" / "Giao Sở Nội vụ, Sở Tư pháp:" / "Đề nghị Sở Tài chính phối hợp với Văn phòng UBND tỉnh:" — a lead
# line without "chủ trì". Every named agency starts with a capitalised head (case-sensitive: "Giao ban định kỳ:" is a
# meeting, not the board "Ban …") or is a plural "các sở, …"; the line may end "thực hiện các nhiệm vụ sau:".
_NAMED_AGENCY = rf"(?!Ban hành\b)(?:{_AGENCY_HEAD}|[Cc]ác\s+(?:sở|bộ|cơ quan|đơn vị|ban|ngành|địa phương|[Tt]hành viên))\b"
_BARE_LEAD = re.compile(
    r"^(?:(?P<verb>[Gg]iao|[Đđ]ề nghị|[Cc]hỉ đạo|[Yy]êu cầu|[Đđ]ối với)\s+(?:cho\s+)?)?(?P<agencies>" + _NAMED_AGENCY + r"[^;:()]{0,200}?)"
    r"(?:\s*,?\s+(?:tổ chức\s+|triển khai\s+)?thực hiện\s+(?:các|những)\s+(?:nội dung|nhiệm vụ|công việc)"
    r"(?:\s+(?:cụ thể\s+)?(?:sau(?: đây)?|như sau))?)?\s*:$")
_AND_AGENCY = re.compile(r"\s+và\s+(?=" + _NAMED_AGENCY + ")")
_PARTNER_CLAUSE = re.compile(r"\s*,?\s+phối hợp(?:\s+với)?\s+")
_LOWER_VERB = re.compile(rf"(?<!\w)(?:{_VERBS}|chủ trì)(?!\w)")  # case-sensitive: "Sở Xây dựng" is a name, "xây dựng" a verb


_NOT_A_NAME = re.compile(r"\d|\b(?:có|được|là|gồm|bao gồm)\b")  # "Cục Thuế có 12 đơn vị tại Trung ương:" is a sentence


def _agency_names(named: list[str], *, qualified: bool = False) -> bool:
    """Does every part read as an agency name: a recognised head, at most 14 words, no lower-case verb, no digit or
    "có/được/là"? (The rule of lead lines and duty items.) ``qualified``: a line that holds nothing but the names (a
    lead line) may qualify one with "được …" ("Các cơ quan, đơn vị được kiểm tra:")."""
    if qualified:
        named = [re.split(r"\s+được\s+", a, maxsplit=1)[0] for a in named]
    return bool(named) and not any(
        not re.match(_NAMED_AGENCY, a) or len(a.split()) > 14 or _LOWER_VERB.search(a) or _NOT_A_NAME.search(a)
        for a in named)


def _in_duty_section(head: str, inside: bool) -> bool:
    """Inside "TỔ CHỨC THỰC HIỆN" after ``head`` (a unit's text): its heading opens it, the next part or the closing
    lines ("Trên đây là …", "Nơi nhận") end it."""
    if _section_heading(head):
        return True
    return False if _PART_HEADING.match(head) else inside


def _section_heading(head: str) -> bool:
    """"VII. TỔ CHỨC THỰC HIỆN" / "IV. ĐỀ XUẤT, KIẾN NGHỊ …" (the latter in capitals)."""
    return bool(_DUTY_SECTION.match(head) or (_REQUEST_SECTION.match(head) and head == head.upper()))


def _bare_lead(body: str, *, names_only: bool = False) -> tuple[list[str], list[str]] | None:
    """The agencies of a lead line without "chủ trì" as (lead, partners). "Giao/Đề nghị/Chỉ đạo A, B và C:": the first
    named agency leads, every other one — after "phối hợp (với)", or joined by "," / "và" — is a partner. A line of
    names alone (allowed where ``names_only``: "1. Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã:") or "Đối
    với A, B:" addresses each of them: all lead (partners only after "phối hợp"). None when a part is not an agency
    name."""
    # "Giao Sở Nội vụ (Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng tỉnh):" — the note in brackets is no agency
    m = _BARE_LEAD.match(re.sub(r"\s*\([^()]{0,200}\)", "", body))
    addressed = m is not None and (m.group("verb") is None or m.group("verb").lower() == "đối với")
    if not m or (addressed and not names_only):  # "a) Đối với cấp tỉnh:" in a report's results is no lead line
        return None
    parts = _PARTNER_CLAUSE.split(m.group("agencies"), maxsplit=1)
    named = [[a for piece in _AND_AGENCY.split(part) for a in split_agencies(piece)] for part in parts]
    if not _agency_names([a for part in named for a in part], qualified=True):
        return None
    if addressed:
        return named[0], named[1] if len(named) > 1 else []
    flat = [a for part in named for a in part]
    return flat[:1], flat[1:]


_BARE_AGENCY_HEAD = re.compile(rf"^{_AGENCY_HEAD}\b", re.I)
_VERB_IN = re.compile(rf"\b{_VERBS}\b", re.I)


def _bare_agency(body: str) -> bool:
    """"Sở Tư pháp;" / "UBND các xã, phường" — a bullet that names an agency and asks nothing of it."""
    return bool(_BARE_AGENCY_HEAD.match(body)) and len(body.split()) <= 12 and not _VERB_IN.search(body)


_ITEM_PARTNERS = re.compile(rf"^{_ADVERBS}(?:chủ trì\s*,?\s*)?phối hợp\s+(?:với\s+)?(?P<partners>[^;:]{{3,200}}?)\s*,?\s+{_ADVERBS}{_VERBS}\b",
                            re.I)


# the end of a lead-in sentence that names whom the numbered items below are asked of
_TAIL_LEAD = re.compile(r"\b(?:đề xuất|kiến nghị|đề nghị|yêu cầu|giao|chỉ đạo)\s+(?P<agencies>" + _NAMED_AGENCY +
                        r"[^;:()]{0,120}?)\s*(?:như sau|các nội dung sau)?\s*:$")
_RESPONSIBLE = re.compile(r"^Trách nhiệm của\s+(?P<agencies>[^:;]{3,200}?)\s*:?$")


def _item_follows(rest: list[str], top_sign: str | None) -> bool:
    """Is the next unit a sibling item (a bullet with the sign of the tasks, or a lettered item)?"""
    if not rest:
        return False
    num, bullet, _body = _split_marker(rest[0])
    if bullet:
        return rest[0].lstrip()[:1] == top_sign
    return bool(num and re.fullmatch(r"[a-zđ]", num))


def lead_group_tasks(paragraphs: list[str]) -> list[dict]:
    """Lettered items under one lead named once: "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành:" then
    "a) Rà soát … trước ngày 30/6/2026.", "b) …" — each item is a task with that lead and those partners; its deadline
    is read from "trước ngày …" / "trong tháng …" inside the item, else left for the reviewer (``needs_deadline``).
    Hyphen (or plus) lines written directly under the lead line, with no lettered item before them, are tasks the
    same way, one per top-level bullet (the bullet sign of the first one); a line with another sign ("+" under "-")
    is an activity of the task above, as a bullet under a lettered item is. A bullet task takes the number printed
    on the lead line ("2. Giao Sở X chủ trì:" → "2"), none when the lead line has none; a bullet that is only an
    agency name ("- Sở Tư pháp;") is no task. The lead line may also name its agencies without "chủ trì" ("c) Giao
    Văn phòng UBND tỉnh:", first agency = lead, the others partners, see the module docstring); a line with the lead
    line's own marker ends the items. Used only when the document has no task table; the draft says so."""
    tasks: list[dict] = []
    group: tuple[list[str], list[str]] | None = None
    group_number: str | None = None
    top_sign: str | None = None  # the bullet sign of the bullet tasks of this group, once the first one is read
    lead_kind: str | None = None  # the marker of the lead line: "letter", its bullet sign, or None
    current: dict | None = None
    skipped = 0  # plain paragraphs passed over between a lead line and its first item
    lead_in_sign: str | None = None  # the bullet sign of a lead-in item ("- …, bao gồm:") whose sub-items are tasks

    def add_task(number, body):
        title = clean_spaces(body).rstrip(" .;")
        dl = group_deadline(title)
        partners = list(group[1])
        own = _ITEM_PARTNERS.match(title)  # "- (Chủ trì,) phối hợp với các cơ quan liên quan tham mưu …"
        if own:
            partners += [a for a in split_agencies(own.group("partners")) if a not in partners]
        task = {
            "number": number, "section": None, "title": title[:1].upper() + title[1:], "activities": [],
            "products": [], "lead": list(group[0]), "partners": partners,
            "deadline": dl, "budget": None, "note": None,
            "from_prose": True, "lead_units": [], "partner_units": [], "unresolved": [],
        }
        if not dl:
            task["needs_deadline"] = True
        tasks.append(task)
        return task

    units = _units(paragraphs)
    in_duty = False  # inside "TỔ CHỨC THỰC HIỆN", where "1. Sở Nội vụ:" (no "giao") is a lead line too
    item_kind: str | None = None
    for k, unit in enumerate(units):
        num, bullet, body = _split_marker(unit)
        sign = unit.lstrip()[:1] if bullet else None
        body = body.replace("**", "").strip()
        in_duty = _in_duty_section(unit.replace("**", "").strip(), in_duty)
        if num is None and not bullet and current is not None and group is not None and ":" not in body and \
                not current["title"].endswith("/") and _item_follows(units[k + 1:k + 2], top_sign):
            # "Đồng thời đăng tải …": a sentence of the item above on a line of its own (the next line is a sibling)
            current["title"] = f"{current['title']}. {clean_spaces(body).rstrip(' .;')}"
            continue
        m = _GROUP_LEAD.match(body)
        bare = None if m else _bare_lead(body)
        if bare is None and m is None and num and not bullet and (in_duty or unit.lstrip()[:1] in "(["):
            # names alone on a numbered line inside "Tổ chức thực hiện" / "Đề xuất, kiến nghị" ("2. Sở Tài chính:",
            # "1. Sở Nội vụ" then "a) …"), or anywhere after a bracketed number ("(1) Bộ Công an:")
            if body.endswith(":") or (":" not in body and _item_follows(units[k + 1:k + 2], None)):
                bare = _bare_lead(body.rstrip(":") + ":", names_only=True)
        tail = None if (m or bare or num or bullet) else _TAIL_LEAD.search(body)
        if tail:  # "…, Hội đồng thẩm định báo cáo, đề xuất Chủ tịch UBND tỉnh:" then "1. Xem xét …", "2. …"
            named = re.sub(r",?\s+(?:theo|căn cứ)\s+(?:chức năng|nhiệm vụ)\b.*$", "", tail.group("agencies"))
            bare = _bare_lead(f"{named}:", names_only=True)
        resp = None if (m or bare or bullet or not num) else _RESPONSIBLE.match(body)
        if resp:  # "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường" then a), b): every agency named leads
            bare = _bare_lead(f"{resp.group('agencies')}:", names_only=True)
        if m or bare:
            if m:
                partners = m.group("partners") or ""
                partners = re.split(rf"\s+(?:{_VERBS})\b", partners, maxsplit=1, flags=re.I)[0]
                bare = split_agencies(m.group("lead")), split_agencies(partners)
            # "- Chỉ đạo Tổng công ty …:" under "(2) Bộ Tài chính:": its items keep the number above
            inherited = group_number if (bullet and group is not None) else None
            group, current, skipped, lead_in_sign = bare, None, 0, None
            group_number, top_sign = (num if num and not bullet else inherited), None
            lead_kind = sign or ("letter" if num and re.fullmatch(r"[a-zđ]", num) else None)
            item_kind = None  # what the first item under this lead line is: "letter", "digit" or a bullet
            continue
        if group is None:
            continue
        if current is None and num is None and not bullet and skipped < 3:
            skipped += 1  # a footnote or a note between the lead line and its first item (a PDF page's foot)
            continue
        if lead_in_sign and bullet and sign == lead_in_sign:  # back to the bullets of the lead-in line's level
            top_sign, lead_in_sign, current = sign, None, None
        letter = bool(num and re.fullmatch(r"[a-zđ]", num))
        # "Giao Sở Nội vụ chủ trì, phối hợp …:" written without a number, then "1. …", "2. …": numbered items
        digit = bool(num and num.isdigit() and not bullet and lead_kind is None and group_number is None
                     and item_kind in (None, "digit"))
        if (letter and lead_kind == "letter") or (bullet and sign == lead_kind):
            group = current = None  # a sibling of the lead line ("c)" after "b) Giao Sở X:") ends its items
        elif letter or digit:
            current, top_sign = add_task(num, body), None
            item_kind = item_kind or ("letter" if letter else "digit")
        elif bullet and (top_sign == sign or (top_sign is None and current is None)):
            if _bare_agency(body):
                continue
            nxt = _split_marker(units[k + 1]) if k + 1 < len(units) else (None, False, "")
            if body.endswith(":") and nxt[1] and units[k + 1].lstrip()[:1] != sign:
                # "- Xây dựng các công cụ, bao gồm:" then "+ …" items: each "+" item is a task, the line is none
                lead_in_sign, top_sign, current = sign, units[k + 1].lstrip()[:1], None
                continue
            current, top_sign = add_task(group_number, body), sign
        elif bullet and current is not None:
            current["activities"].append(clean_spaces(body).rstrip(" .;"))
            dl = None if current["deadline"] else group_deadline(body)
            if dl:
                current["deadline"] = dl
                current.pop("needs_deadline", None)
        else:
            group = current = None  # a numbered heading or a plain paragraph ends the lettered (or bullet) list
    return [t for t in tasks if t["title"] and t["lead"]]


# The section that gives each agency its part ("VII. TỔ CHỨC THỰC HIỆN"), up to the next part or the closing lines.
_DUTY_SECTION = re.compile(r"^(?:[IVXLC]+|\d+)\s*[.)]\s*(?:TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM THỰC HIỆN|PHÂN CÔNG NHIỆM VỤ)\s*:?$",
                           re.I)  # the whole line: "5. Tổ chức thực hiện nhiệm vụ quản lý thuế …" is an item
# a report's or a conclusion's requests ("IV. ĐỀ XUẤT KIẾN NGHỊ ĐỐI VỚI CÁC SỞ, NGÀNH, ĐỊA PHƯƠNG"): the heading in
# capitals (case-sensitive), so that "2. Đề xuất giải pháp …" stays an item
_REQUEST_SECTION = re.compile(r"^(?:[IVXLC]+|\d+)\s*[.)]\s*(?:ĐỀ XUẤT|KIẾN NGHỊ)\b")
_PART_HEADING = re.compile(r"^(?:[IVXLC]+\s*[.)]|Trên đây là|Nơi nhận)")
# "[Giao|Đề nghị] [Căn cứ …, ] <agencies> [căn cứ chức năng, nhiệm vụ(,)] <verb> …" — case-sensitive verbs: "Sở Xây
# dựng" is a name, "xây dựng" a verb
_EXPLICIT = re.compile(r"^(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s+(?:cho\s+)?" + _NAMED_AGENCY)
_DUTY = re.compile(
    r"^(?:(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s+(?:cho\s+)?)?(?:(?:[Cc]ăn cứ|[Tt]rên cơ sở|[Dd]ựa trên) [^,;:]{3,120},\s+)?"
    r"(?P<agencies>" + _NAMED_AGENCY + r"[^;:()]{0,200}?)"
    r"\s*,?\s+(?:căn cứ (?:chức năng, nhiệm vụ|nhiệm vụ được giao)[^,;:]{0,40}?,?\s+)?"
    rf"(?P<title>{_ADVERBS}(?:{_VERBS}|chủ động|phối hợp)\b(?!,).+)$")  # "tổ chức, cá nhân": nouns


def duty_tasks(paragraphs: list[str]) -> list[dict]:
    """The numbered items of a "Tổ chức thực hiện" section that name an agency and what it does: "4. Báo và Đài Phát
    thanh, Truyền hình tỉnh tăng cường công tác tuyên truyền …" → lead the agency, title from the verb; "5. Đề nghị Ủy
    ban Mặt trận Tổ quốc Việt Nam tỉnh căn cứ chức năng, nhiệm vụ tăng cường …"; "1. Căn cứ Kế hoạch này, các sở, ban,
    ngành, UBND các xã xây dựng kế hoạch … trước ngày 15/3/2026". Every part before the verb must read as an agency
    name (the lead line rule); an item with "chủ trì" is the assignment reader's, a line ending in ":" a lead line."""
    tasks: list[dict] = []
    inside = False
    number: str | None = None  # the number of the last numbered item: a bullet under it takes it
    for unit in _units(paragraphs):
        num, bullet, body = _split_marker(unit)
        body = body.replace("**", "").strip()
        head = unit.replace("**", "").strip()
        was_inside, inside = inside, _in_duty_section(head, inside)
        if num and not bullet:
            number = num
        if _section_heading(head):
            continue
        # outside the section only an explicit request: "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết."
        explicit = bool(_EXPLICIT.match(body))
        if not ((was_inside and inside) or explicit) or (num is None and not bullet and not explicit):
            continue
        if body.endswith(":") or re.search(r"\bchủ trì\b", body, re.I):
            continue
        m = _DUTY.match(body)
        if not m:
            continue
        agencies = split_agencies(m.group("agencies"))
        if not _agency_names(agencies):
            continue
        title = clean_spaces(m.group("title")).rstrip(" .;")
        dl = group_deadline(title)
        own = _ITEM_PARTNERS.match(m.group("title"))  # "Sở Nội vụ tiếp tục phối hợp các ngành có liên quan rà soát …"
        task = {
            "number": (num if num and not bullet else number) or str(len(tasks) + 1), "section": None,
            "title": title[:1].upper() + title[1:], "activities": [], "products": [],
            "lead": agencies, "partners": split_agencies(own.group("partners")) if own else [], "deadline": dl, "budget": None, "note": None, "from_prose": True,
            "lead_units": [], "partner_units": [], "unresolved": [],
        }
        if not dl:
            task["needs_deadline"] = True
        tasks.append(task)
    return tasks
