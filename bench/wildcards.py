"""Benchmark wildcard matching: the linear matcher against the old regular-expression one.

    python bench/wildcards.py [--stars 200] [--repeat 200]

Times how long a pattern of ``--stars`` stars takes to decide against a 60- and a
2,000-character ARN, matching and not matching (see ``cases``), in microseconds per call (the
best of five rounds of ``--repeat`` calls). The old translation (``*`` -> ``.*``, a
backtracking regular expression) is timed too, but only at eight stars against a 60-character
ARN that does not match, and only once: each added star multiplies its time, ten stars do not
finish, and 200 would outlive the universe.
"""

from __future__ import annotations

import argparse
import re
import time
import timeit

from incloud.wildcards import wildcard_match

PREFIX = "arn:aws:s3:::"


def old_wildcard_match(glob: str, text: str) -> bool:
    """The engine's previous matcher: each ``*`` a ``.*`` in a regular expression."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.fullmatch("".join(parts), text, re.DOTALL) is not None


def cases(length: int, stars: int) -> tuple[str, list[tuple[str, str]]]:
    """A pattern of exactly ``stars`` stars and (label, ARN) pairs of ``length`` characters.

    The pattern is the prefix, ``*a`` as many times as ``a`` characters fit, more stars, and
    a final ``b``: it matches the prefix, ``a`` characters and a final ``b``. One non-match
    lacks the final ``b`` (decided by the last segment at once); the other has one ``a`` too
    few, so every star's segment is searched before the answer is no.
    """
    room = length - len(PREFIX) - 1
    fits = min(stars - 1, room)
    glob = PREFIX + "*a" * fits + "*" * (stars - fits) + "b"
    texts = [
        ("match", PREFIX + "a" * room + "b"),
        ("non-match, no final b", PREFIX + "a" * (room + 1)),
        ("non-match, an a short", PREFIX + "a" * (fits - 1) + "x" * (room - fits + 1) + "b"),
    ]
    return glob, texts


def arn(length: int) -> str:
    """An ARN of ``length`` characters: the prefix, then ``a`` characters."""
    return (PREFIX + "a" * length)[:length]


def pattern(stars: int) -> str:
    """``stars`` stars, each followed by an ``a``, then ``*b``: only texts ending in b match."""
    return PREFIX + "*a" * (stars - 1) + "*b"


def microseconds(glob: str, text: str, repeat: int) -> float:
    """Best of five rounds, per call."""
    best = min(timeit.repeat(lambda: wildcard_match(glob, text), number=repeat, repeat=5))
    return best / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stars", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"new matcher, {args.stars}-star pattern:")
    for length in (60, 2000):
        glob, texts = cases(length, args.stars)
        assert glob.count("*") == args.stars
        for label, text in texts:
            assert len(text) == length
            matched = wildcard_match(glob, text)
            per_call = microseconds(glob, text, args.repeat)
            print(f"  {length:>5}-char ARN, {label:<21} ({matched!s:<5}): {per_call:9.1f} µs/call")
    old_glob = pattern(8)
    text = arn(60)
    started = time.perf_counter()
    old = old_wildcard_match(old_glob, text)
    seconds = time.perf_counter() - started
    new = microseconds(old_glob, text, args.repeat)
    print("old regular expression, 8-star pattern, 60-char ARN, non-match (one call):")
    agree = old == wildcard_match(old_glob, text)
    print(f"  old: {seconds * 1e6:14.1f} µs ({seconds:.1f} s)   new: {new:.1f} µs   agree: {agree}")


if __name__ == "__main__":
    main()
