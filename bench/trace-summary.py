#!/usr/bin/env python3
"""Sums a Typst trace written with SITREP_TYPST_TRACE=FILE by sitrep build.

Usage: python3 bench/trace-summary.py FILE [N]

Prints the N (default 25) costliest template lines, counting the time of
every scope opened at a line (its nested scopes included, a line nested in
itself counted once), and the N scope kinds with the most time of their
own (nested scopes excluded). Times are CPU-thread time summed over the
threads Typst lays out pages on, so they add up to more than the wall time.
"""
import collections
import json
import sys


def main():
    events = json.load(open(sys.argv[1]))
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    own = collections.Counter()
    inclusive = collections.Counter()
    calls = collections.Counter()
    stacks = collections.defaultdict(list)
    for e in events:
        args = e.get("args") or {}
        key = (e["name"], args.get("file", ""), args.get("line", 0))
        stack = stacks[e["tid"]]
        if e["ph"] == "B":
            stack.append([key, e["ts"], 0.0])
            continue
        if not stack:
            continue
        k, start, nested = stack.pop()
        took = e["ts"] - start
        own[k[0]] += took - nested
        calls[k] += 1
        if k[1] and not any(s[0][1:] == k[1:] for s in stack):
            inclusive[k[1:]] += took
        if stack:
            stack[-1][2] += took
    print(f"{'ms':>8}  template line (all scopes opened there)")
    for (file, line), us in inclusive.most_common(top):
        print(f"{us / 1000:8.1f}  {file}:{line}")
    print(f"\n{'ms':>8}  scope kind (own time)")
    for name, us in own.most_common(top):
        print(f"{us / 1000:8.1f}  {name}")


if __name__ == "__main__":
    main()
