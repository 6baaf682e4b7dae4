"""Compare the network analysis's exposures on the benchmark account between two revisions.

    python bench/network_compare.py                  # before the 4.5x speed-up vs this tree
    python bench/network_compare.py --before REV --interfaces 2000 --groups 400

Extracts ``--before`` (a git revision; the default is the parent of efffd3e, the commit that
typed routes and ACL entries and made the analysis 4.5x faster) with ``git archive`` into a
temporary directory, then builds the benchmark account and runs ``analyse`` twice, each in a
process of its own: once with that revision's ``incloud`` and ``bench/network.py`` (its
account builder: same seed, the snapshot format of its day), once with this tree's. Both
sides write every exposure with this tree's ``network.exposure_lines`` (address, protocol,
ports, kind, intermediary, caveats, and every path: client, route, ACL rules, security-group
rule). Prints the counts and the first differences; exit 1 when the sets differ.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEFORE = "efffd3e~1"
"""The engine as issue 13 found it (11.1 s for ``python bench/network.py`` there)."""


def _module(name: str, path: Path) -> ModuleType:
    """Import ``path`` as ``name`` (both trees' benches are called ``network``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _side(tree: Path, sizes: list[int], out: Path) -> None:
    """In a child process: build with ``tree``'s bench, analyse with ``tree``'s incloud,
    dump with this tree's ``exposure_lines``."""
    sys.path[:0] = [str(tree / "src"), str(HERE)]
    builder = _module("bench_of_tree", tree / "bench" / "network.py")
    dumper = _module("bench_here", HERE / "network.py")
    import incloud
    from incloud.evaluate.network.reachability import analyse

    print(f"analysing with {Path(incloud.__file__).parent}")
    reach = analyse(builder.build(*sizes))
    out.write_text("".join(f"{line}\n" for line in dumper.exposure_lines(reach.exposures())))


def _run(tree: Path, sizes: list[int], out: Path) -> list[str]:
    """Run one side; its exposure lines."""
    command = [sys.executable, str(Path(__file__).resolve()), "--side", str(tree), str(out)]
    sizes_args = ["--interfaces", str(sizes[0]), "--groups", str(sizes[1])]
    subprocess.run([*command, *sizes_args, "--balancers", str(sizes[2])], check=True)
    return out.read_text().splitlines()


def main() -> int:
    """Compare the two revisions' exposure sets; 0 when equal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default=BEFORE, help=f"git revision (default {BEFORE})")
    parser.add_argument("--interfaces", type=int, default=10000)
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--balancers", type=int, default=50)
    parser.add_argument("--side", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [args.interfaces, args.groups, args.balancers]
    if args.side:
        _side(args.side[0], sizes, args.side[1])
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        old = Path(scratch) / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before, "src", "bench"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        before = _run(old, sizes, Path(scratch) / "before.jsonl")
        after = _run(ROOT, sizes, Path(scratch) / "after.jsonl")
    print(f"{args.before}: {len(before)} exposures; this tree: {len(after)} exposures")
    lost, gained = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    for label, lines in (("only before", lost), ("only after", gained)):
        for line in lines[:5]:
            print(f"{label}: {line}")
    if lost or gained or len(before) != len(after):
        print(f"DIFFERENT: {len(lost)} only before, {len(gained)} only after")
        return 1
    print("identical: every exposure, path and caveat")
    return 0


if __name__ == "__main__":
    sys.exit(main())
