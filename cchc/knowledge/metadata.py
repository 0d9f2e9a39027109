"""A document's metadata for the knowledge library (pure Python, no Django).

Number, kind, title, issuer and issue date are read by the one letterhead reader, :mod:`cchc.core.docmeta`; the
library adds the CCHC area the document is mainly about. Everything guessed can be overridden by the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.core.docmeta import KINDS, Letterhead, agency_case, read_docmeta
from cchc.core.vntext import fold, nfc

from .analysis import DOC_NUMBER_RE, normalize_doc_number

__all__ = ["KINDS", "AREA_WORDS", "GuessedMetadata", "agency_case", "guess_area", "guess_metadata", "number_key"]


@dataclass
class GuessedMetadata(Letterhead):
    area: str = "general"


# Words that mark each CCHC area (folded, lower case). The area with clearly the most hits in the title (×3) and the
# opening of the text wins; a document spread over several areas (a yearly CCHC plan) stays "general".
AREA_WORDS: dict[str, tuple[str, ...]] = {
    "procedures": ("thu tuc hanh chinh", "tthc", "mot cua", "lien thong", "ho so", "kiem soat thu tuc"),
    "digital": ("chuyen doi so", "chinh phu dien tu", "chinh phu so", "chinh quyen so", "chinh quyen dien tu",
                "dich vu cong truc tuyen", "truc tuyen", "du lieu", "cong nghe thong tin", "moi truong dien tu"),
    "institutions": ("van ban quy pham phap luat", "the che", "qppl", "ra soat van ban", "kiem tra van ban"),
    "organisation": ("to chuc bo may", "sap xep", "tinh gon", "co cau to chuc", "sap nhap", "don vi su nghiep"),
    "civil_service": ("cong chuc", "vien chuc", "cong vu", "vi tri viec lam", "tuyen dung", "boi duong",
                      "dao tao", "ky luat, ky cuong"),
    "public_finance": ("tai chinh cong", "tu chu tai chinh", "ngan sach", "dau tu cong", "kinh phi"),
    "direction": ("chi dao, dieu hanh", "chi so cai cach hanh chinh", "par index", "sipas", "tuyen truyen",
                  "kiem tra cong tac cai cach", "hai long"),
}


def guess_area(title: str, text: str) -> str:
    """The CCHC area a document is mainly about, or "general" when no area clearly dominates."""
    head = fold(f"{title}\n" * 3 + text[:6000]).lower()
    scores = sorted(((sum(head.count(w) for w in words), area) for area, words in AREA_WORDS.items()), reverse=True)
    (best, area), (second, _) = scores[0], scores[1]
    return area if best >= 4 and best >= 2 * second else "general"


def guess_metadata(text: str, filename: str = "") -> GuessedMetadata:
    meta = read_docmeta(text, filename)
    return GuessedMetadata(number=meta.number, kind=meta.library_kind, title=meta.title, issuer=meta.issuer,
                           issued_on=meta.issued_on, area=guess_area(meta.title, text))


def number_key(number: str) -> str:
    return normalize_doc_number(number) if number and DOC_NUMBER_RE.search(nfc(number)) else ""
