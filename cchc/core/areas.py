"""The CCHC areas (lĩnh vực cải cách hành chính): the one vocabulary of the project (pure Python, no Django).

Codes and labels follow the table "Lĩnh vực CCHC" of GLOSSARY.md at the repository root (a test keeps the two
equal). Plans' tasks, the library's documents and questions, exam topics, training needs, inspection checklists
and initiatives all use these codes; ``general`` is a document or task that is not in one area (chung / khác).
The Django choices are :class:`cchc.core.models.Area`.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:  # marks the labels for the translation catalogue; translated where shown
    return text


DIRECTION = "direction"
INSTITUTIONS = "institutions"
PROCEDURES = "procedures"
ORGANISATION = "organisation"
CIVIL_SERVICE = "civil_service"
PUBLIC_FINANCE = "public_finance"
DIGITAL = "digital"
GENERAL = "general"

AREAS: tuple[tuple[str, str], ...] = (
    (DIRECTION, gettext_noop("Công tác chỉ đạo, điều hành")),
    (INSTITUTIONS, gettext_noop("Cải cách thể chế")),
    (PROCEDURES, gettext_noop("Cải cách thủ tục hành chính")),
    (ORGANISATION, gettext_noop("Cải cách tổ chức bộ máy")),
    (CIVIL_SERVICE, gettext_noop("Cải cách chế độ công vụ")),
    (PUBLIC_FINANCE, gettext_noop("Cải cách tài chính công")),
    (DIGITAL, gettext_noop("Xây dựng, phát triển Chính quyền điện tử, chính quyền số")),
    (GENERAL, gettext_noop("Chung, khác")),
)
CODES = tuple(code for code, _label in AREAS)
REFORM_AREAS = CODES[:-1]  # the seven areas of the national index, without "general"
LABELS = dict(AREAS)
# Codes used before the vocabulary was one (plans said digital_government and other): read, never written.
LEGACY = {"digital_government": DIGITAL, "other": GENERAL}


def normalise(code: str | None) -> str:
    """A known area code for ``code`` (legacy codes mapped), else ``general``."""
    code = LEGACY.get(code or "", code or "")
    return code if code in LABELS else GENERAL
