"""Registry of notification kinds (pure Python). Each app registers the kinds it sends in its own
``notifications.py`` module (auto-discovered at start-up), so neither core nor this app imports domain apps."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # Vietnamese, shown in lists and e-mails
    app: str = ""


_KINDS: dict[str, Kind] = {}


def register(code: str, label, *, app: str = "") -> Kind:
    """Declare a notification kind (idempotent; re-registering replaces the label)."""
    kind = Kind(code=code, label=label, app=app)
    _KINDS[code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def registered() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)
