"""The engine gives exactly the results it gave before it was optimised, on 300 seeded families.

The families come from tests/domain/engine_cases.py (plans of both kinds, insurance, pay-as-total
claims, adjustments, splits of every kind, pay-first lists, patient preference, prepayments,
negative payments, every Rigorous Accounting mode); the results are in golden/engine_cases.json.
"""

import json
from functools import cache
from typing import Any

import pytest

from tests.domain.engine_cases import GOLDEN, SEEDS, golden_line


@cache
def _golden() -> dict[int, dict[str, Any]]:
    with GOLDEN.open() as saved:
        return {line["seed"]: line for line in json.load(saved)}


def test_the_golden_file_holds_every_seed() -> None:
    assert sorted(_golden()) == list(SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_engine_repeats_its_golden_results(seed: int) -> None:
    saved = _golden()[seed]
    now = json.loads(json.dumps(golden_line(seed)))
    assert now["inputs"] == saved["inputs"], "the case generator changed, not the engine"
    for part in saved:
        assert now[part] == saved[part], f"seed {seed}: {part} changed"
    assert now.keys() == saved.keys()
