from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def gold_for(seed: Path) -> dict:
    return json.loads((DATA / "gold" / seed.name.replace(".txt", ".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return SEEDS
