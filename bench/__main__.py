"""Run every ``bench/*_bench.py`` module's ``run()`` and write ``bench/results.json``.

Each ``run()`` returns a flat mapping of figure name -> {"value": float, "unit": str}. Figures that
compare against a baseline are measured in the same run as it, and reported as ratios too.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Modules that take minutes (whole suites, fleets, floods): skipped by ``--quick``.
SLOW = {"fleet_bench", "jobs_bench", "flood_bench"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("only", nargs="*", help="run only the bench modules whose name contains one of these")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--quick", action="store_true", help=f"skip the slow modules ({', '.join(sorted(SLOW))})")
    args = parser.parse_args(argv)
    # a subset run updates its own figures and keeps the others' from the last run
    partial = bool(args.only or args.quick) and args.out.is_file()
    results: dict[str, dict] = json.loads(args.out.read_text()) if partial else {}
    failed = []
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.endswith("_bench")):
        if args.only and not any(o in mod for o in args.only):
            continue
        if args.quick and mod in SLOW:
            continue
        print(f"== {mod}", flush=True)
        t0 = time.monotonic()
        try:
            figures = importlib.import_module(f"bench.{mod}").run()
        except Exception as exc:  # noqa: BLE001 - a broken benchmark must not hide the others' figures
            print(f"   FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed.append(mod)
            continue
        for name, fig in figures.items():
            results[name] = fig
            print(f"   {name:<48} {fig['value']:>14,.3f} {fig['unit']}")
        print(f"   ({time.monotonic() - t0:.1f} s)")
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
