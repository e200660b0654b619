"""The lazy layout's property test, long: 10,000 generated examples (documents x sizes x
toggles x actions, tests/core/text/test_lazy_layout_property.py), half of them with the real
block size on longer documents, half with small blocks. Prints examples run and failures.

    .venv/bin/python bench/layout_property.py [--examples N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st

from tests.core.text.test_lazy_layout_property import ACTIONS, SIZES, SMALL_BLOCKS, run_actions
from tui.core.text import layout_lazy as layout_module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--blocks", choices=["both", "small", "real"], default="both")
    args = parser.parse_args()
    half = args.examples // 2
    started = time.process_time()
    runs = {"small blocks": 0, "real blocks": 0}
    failing = {"small blocks": 0, "real blocks": 0}

    def property_for(name: str, blocks: int, parts: int, examples: int) -> None:
        @hseed(args.seed)
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(
            doc_seed=st.integers(0, 10**6),
            parts=st.integers(1, parts),
            size=SIZES,
            tables=st.booleans(),
            start=st.floats(0, 1),
            actions=ACTIONS,
        )
        def prop(
            doc_seed: int,
            parts: int,
            size: tuple[int, int],
            tables: bool,
            start: float,
            actions: list[tuple[str, float, int]],
        ) -> None:
            runs[name] += 1
            if runs[name] % 100 == 0:
                print(f"  {name}: {runs[name]} examples, {time.process_time() - started:.0f} s CPU", flush=True)
            with mock.patch.object(layout_module, "BLOCK_TOKENS", blocks):
                try:
                    run_actions(doc_seed, parts, size, tables, start, actions)
                except Exception:
                    failing[name] += 1  # hypothesis shrinks it, and raises at the end
                    raise

        prop()

    failed = 0
    halves = [
        ("small blocks", SMALL_BLOCKS, 150, half),
        ("real blocks", layout_module.BLOCK_TOKENS, 300, args.examples - half),
    ]
    if args.blocks != "both":  # all the examples with one block size
        halves = [(n, b, p, args.examples) for n, b, p, _ in halves if n.startswith(args.blocks)]
    for name, blocks, parts, examples in halves:
        try:
            property_for(name, blocks, parts, examples)
            print(f"{name}: {runs[name]} examples, no failure", flush=True)
        except KeyboardInterrupt:  # stopped by hand (SIGINT): say how far it went
            if failing[name]:
                print(f"{name}: stopped after {runs[name]} examples, {failing[name]} failing", flush=True)
                failed += 1
            else:
                print(f"{name}: stopped after {runs[name]} examples, no failure", flush=True)
                failed = -1
            break
        except Exception as exc:  # the falsifying example is printed by hypothesis
            failed += 1
            print(f"{name}: FAILED after {runs[name]} examples: {type(exc).__name__}: {exc}", flush=True)
    stopped = " (stopped by hand)" if failed < 0 else ""
    failed = max(failed, 0)
    print(
        f"layout property: {sum(runs.values())} examples, {failed} failed{stopped},"
        f" {time.process_time() - started:.0f} s CPU"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
