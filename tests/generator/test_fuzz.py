"""Mutated copies of the default system: diagnostics or success, never a traceback."""
from __future__ import annotations

import random
import re

import pytest

from conftest import ROOT

TOKENS = ["0", "-1", "1.5", "4294967296", "0x3fc00000", "8G", "0K", "0ms", "99999999999s",
          "[]", "{}", "null", "true", "''", "HRT", "SRT", "NRT", "cpu_private", "uart0",
          "gicd", "29", "82", "monitor", "&a x", "*a", "!!binary x", "{base: 0}", "- x",
          "\t", ":", "'", '"', "#", "\u00e9", "\x00"]


# Every line is a diagnostic with a rule, or the hint under one.
LINE = re.compile(r"^(\S.*?: (error|warning)\[[EW]\d{3} [a-z0-9-]+\]: .+|  hint: .+)$")


def _mutants(text: str, count: int, seed: int):
    rng = random.Random(seed)
    lines = text.splitlines()
    for _ in range(count):
        mutated = list(lines)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(mutated))
            kind = rng.randrange(4)
            if kind == 0:
                del mutated[i]
            elif kind == 1:
                j = rng.randrange(len(mutated))
                mutated[i], mutated[j] = mutated[j], mutated[i]
            elif kind == 2 and ":" in mutated[i]:
                key = mutated[i].split(":")[0]
                mutated[i] = f"{key}: {rng.choice(TOKENS)}"
            else:
                line = mutated[i]
                k = rng.randrange(len(line) + 1)
                mutated[i] = line[:k] + rng.choice(TOKENS) + line[k:]
        yield "\n".join(mutated) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_mutations_never_crash(seed, run, tmp_path):
    text = (ROOT / "system.yaml").read_text()
    path = tmp_path / "system.yaml"
    for mutant in _mutants(text, 60, seed):
        path.write_text(mutant, encoding="utf-8")
        status, _, stderr = run(str(path), str(tmp_path / "gen"))
        assert status in (0, 1), mutant
        assert status == 0 or stderr, mutant
        for line in stderr:
            assert LINE.match(line), (line, mutant)
