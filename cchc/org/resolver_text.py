"""Pure text side of agency resolution: canonical keys and catalogue matching (no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.vntext import fold_key, nfc
from cchc.org.catalog import GROUPS, NATIONAL_BODIES, STANDARD_BODIES, GroupDef, StandardBody

_PUNCT_RE = re.compile(r"[&,.;:\-–—/()\"“”'‘’]+")
_PAREN_RE = re.compile(r"\([^)]*\)")
_MARKUP_RE = re.compile(r"</?[a-zA-Z][^>]*>|\*\*")

# trailing/leading qualifiers that do not change which body is meant (folded forms)
_QUALIFIERS_TAIL = (
    "co lien quan khac", "lien quan khac", "co lien quan", "lien quan", "thuoc tinh", "cap tinh", "tinh",
    "thuoc ubnd tinh", "thuoc uy ban nhan dan tinh", "truc thuoc tinh", "khac",
)


def canonical(text: str | None) -> str:
    """Folded, lower-case key without punctuation, without the word "và" and collapsed spaces."""
    s = fold_key(_MARKUP_RE.sub(" ", nfc(text or "")))
    s = _PUNCT_RE.sub(" ", s)
    words = [w for w in s.split() if w != "va"]
    return " ".join(words)


def strip_qualifiers(key: str, province_keys: tuple[str, ...] = ()) -> str:
    """Remove trailing qualifiers ("có liên quan", "cấp tỉnh", the province name) and a leading "các"."""
    changed = True
    while changed and key:
        changed = False
        for pk in province_keys:
            if pk and key.endswith(" " + pk):
                key = key[: -len(pk) - 1].strip()
                changed = True
        for q in _QUALIFIERS_TAIL:
            if key.endswith(" " + q):
                key = key[: -len(q) - 1].strip()
                changed = True
    if key.startswith("cac "):
        key = key[4:]
    return key


def _body_keys(body: StandardBody) -> set[str]:
    keys = {canonical(body.name), canonical(body.name.replace(" tỉnh", ""))}
    keys.update(canonical(a) for a in body.aliases)
    return {k for k in keys if k}


def _group_keys(group: GroupDef) -> set[str]:
    keys = {canonical(group.name)}
    keys.update(canonical(a) for a in group.aliases)
    keys.update(strip_qualifiers(k) for k in list(keys))
    return {k for k in keys if k}


BODY_INDEX: dict[str, StandardBody] = {}
for _b in STANDARD_BODIES:
    for _k in _body_keys(_b):
        BODY_INDEX.setdefault(_k, _b)
# the national bodies by their full names and abbreviations ("Bộ Nội vụ", "BNV"); a key a provincial body already
# has stays the provincial body's
NATIONAL_INDEX: dict[str, StandardBody] = {}
for _b in NATIONAL_BODIES:
    for _k in _body_keys(_b):
        if _k not in BODY_INDEX:
            NATIONAL_INDEX.setdefault(_k, _b)
# "tỉnh" alone or "ubnd" alone are too vague to be a body except the province committee itself
GROUP_INDEX: dict[str, GroupDef] = {}
for _g in GROUPS:
    for _k in _group_keys(_g):
        GROUP_INDEX.setdefault(_k, _g)


@dataclass
class TextMatch:
    kind: str  # "body" | "group" | "national"
    key: str  # body key, group code or national body key
    confidence: float
    rule: str


_LEAD_CLAUSE_RE = re.compile(r"^(.*?)\s+(chu tri|phoi hop|thuc hien|la co quan)\b.*$")

# keyword rules for collective phrases that are not in the catalogue verbatim
_GROUP_RULES = (
    # (must contain all, must contain none, group code, confidence)
    (("so",), ("huyen", "xa", "dia phuong", "bo ", "co so"), "departments", 0.8),
    (("huyen", "xa"), (), "districts_communes", 0.8),
    (("huyen",), ("xa", "so "), "districts", 0.8),
    (("xa",), ("huyen", "so "), "communes", 0.75),
    (("co quan", "don vi"), (), "all_agencies", 0.7),
    # "các địa phương có đảo": local governments only; with agencies beside them ("các sở, ngành, địa phương"),
    # everyone
    (("dia phuong",), ("so", "nganh", "co quan", "don vi", "bo"), "districts_communes", 0.7),
    (("dia phuong",), (), "all_agencies", 0.7),
)


def match_text(text: str, *, province_keys: tuple[str, ...] = ()) -> TextMatch | None:
    """Match an agency string against the catalogue of standard bodies and groups."""
    raw = canonical(_PAREN_RE.sub(" ", nfc(text or "")))
    if not raw:
        return None
    candidates = [(raw, 1.0, "exact")]
    stripped = strip_qualifiers(raw, province_keys)
    if stripped != raw:
        candidates.append((stripped, 0.95, "qualifiers"))
    m = _LEAD_CLAUSE_RE.match(raw)
    if m:
        head = strip_qualifiers(m.group(1), province_keys)
        candidates.append((head, 0.85, "lead-clause"))
    for key, conf, rule in candidates:
        if rule == "lead-clause":  # "Sở X chủ trì …" names a body; "Các cơ quan chủ trì …" is not a group
            if key in BODY_INDEX:
                return TextMatch("body", BODY_INDEX[key].key, conf, rule)
            if key in NATIONAL_INDEX:
                return TextMatch("national", NATIONAL_INDEX[key].key, conf, rule)
            continue
        if key in GROUP_INDEX:
            return TextMatch("group", GROUP_INDEX[key].code, conf, rule)
        if key in BODY_INDEX:
            return TextMatch("body", BODY_INDEX[key].key, conf, rule)
        if key in NATIONAL_INDEX:
            return TextMatch("national", NATIONAL_INDEX[key].key, conf, rule)
    # collective phrases by keywords (only for plural/collective wording)
    padded = f" {stripped} "
    collective = stripped.startswith(("cac ", "so ban", "so nganh", "ubnd cac", "uy ban nhan dan cac")) \
        or raw.startswith("cac ") or " cap " in padded
    if collective and not any(f" {w} " in padded or padded.endswith(f" {w} ") for w in _NOT_AGENCY):
        unknown = [w for w in stripped.split() if w not in _GROUP_VOCAB]
        if len(unknown) <= 2:
            for must, must_not, code, conf in _GROUP_RULES:
                if all(f" {w} " in padded for w in must) and not any(f" {w} " in padded for w in must_not):
                    return TextMatch("group", code, conf - 0.05 * len(unknown), "keywords")
    return None


_VAGUE_RE = re.compile(r"\blien quan\b")


def collective_is_vague(text: str | None) -> bool:
    """A collective that names nobody in particular ("các cơ quan, đơn vị liên quan", "sở, ban, ngành có liên
    quan"): as a task's lead it cannot mean every member of the group."""
    return bool(_VAGUE_RE.search(canonical(text)))


_NOT_AGENCY = ("thuoc so", "can bo", "cong chuc", "vien chuc", "bo phan", "nguoi dan", "doanh nghiep")
_GROUP_VOCAB = set(
    "cac so ban nganh don vi co quan ubnd uy nhan dan cap huyen xa thi tran phuong thanh pho tinh dia thuoc truc "
    "lien su nghiep hanh chinh nha nuoc chuyen mon dac khu trung uong doc".split()
)
