#!/usr/bin/env python3
"""Checks yuqing's JSONPath against jsonpath-rfc9535 (an RFC 9535 implementation used only
in the tests). Reads JSON Lines {"doc": …, "query": "…", "swift": {"ok": bool, "values": […]}}
on stdin; prints one JSON object: how many cases, how many the oracle accepted, and the
first mismatches (validity or selected values, compared as multisets with numbers as
floats, since object members have no order)."""
import json
import sys

import jsonpath_rfc9535 as jsonpath


def canon(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [canon(v) for v in value]
    return {k: canon(v) for k, v in value.items()}


def key(value):
    return json.dumps(canon(value), sort_keys=True, ensure_ascii=False)


def main():
    cases = accepted = 0
    mismatches = []
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        cases += 1
        try:
            values = jsonpath.find(case["query"], case["doc"]).values()
            ok = True
        except jsonpath.JSONPathError as error:
            ok, values, why = False, [], str(error)
        swift = case["swift"]
        if ok:
            accepted += 1
        if ok != swift["ok"]:
            mismatches.append({"query": case["query"], "oracle_ok": ok, "swift": swift, "why": None if ok else why})
        elif ok and sorted(map(key, values)) != sorted(map(key, swift["values"])):
            mismatches.append({"query": case["query"], "doc": case["doc"], "oracle": values, "swift": swift["values"]})
    print(json.dumps({"cases": cases, "accepted": accepted, "mismatches": mismatches[:10], "count": len(mismatches)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
