from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.core.intake import IntakeError
from cchc.plans.importing import parse_text

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def refusal(text: str) -> IntakeError:
    """The importer's refusal of ``text`` (the test fails when :func:`parse_text` reads it)."""
    with pytest.raises(IntakeError) as exc:
        parse_text(text)
    return exc.value


def gold_for(seed: Path) -> dict:
    return json.loads((DATA / "gold" / seed.name.replace(".txt", ".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return SEEDS
