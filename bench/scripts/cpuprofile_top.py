#!/usr/bin/env python3
"""Top self-time functions of a V8 .cpuprofile (node --cpu-prof), and time by package.

Usage: python3 bench/scripts/cpuprofile_top.py PROFILE.cpuprofile [--top N]
"""
import argparse
import json
import re
from collections import defaultdict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    with open(args.profile) as f:
        profile = json.load(f)
    nodes = {n["id"]: n for n in profile["nodes"]}
    # Samples are node ids at a fixed interval; timeDeltas give each sample's duration.
    self_us = defaultdict(float)
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"]):
        self_us[node_id] += delta
    total = sum(self_us.values()) or 1.0
    by_function = defaultdict(float)
    by_package = defaultdict(float)
    for node_id, us in self_us.items():
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "")
        name = frame.get("functionName") or "(anonymous)"
        where = re.sub(r"^file://", "", url)
        short = re.sub(r"^.*/node_modules/", "", where)
        short = re.sub(r"^.*/work/main/", "", short)
        by_function[f"{name}  {short}:{frame.get('lineNumber', 0) + 1}"] += us
        package = "(program/gc/native)" if not where else "node internals" if where.startswith("node:") else short
        match = re.match(r"^(@[^/]+/[^/]+|[^/]+)", package)
        by_package[match.group(1) if match and where and not where.startswith("node:") else package] += us
    print(f"total sampled: {total / 1e6:.2f} s\n\nself time by function:")
    for name, us in sorted(by_function.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{100 * us / total:6.2f}%  {us / 1e3:9.1f} ms  {name}")
    print("\nself time by package / workspace:")
    for name, us in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        print(f"{100 * us / total:6.2f}%  {us / 1e3:9.1f} ms  {name}")


if __name__ == "__main__":
    main()
