#!/usr/bin/env python3
"""Scrapes a Prometheus endpoint and parses it with prometheus_client's text-format parser
(the real one); prints {"status": HTTP status, "samples": [[name, labels, value], ...]} as
JSON, or {"error": ...}."""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        text = response.read().decode("utf-8")
        status = response.status
        content_type = response.headers.get("Content-Type")
    if sys.argv[2:] == ["raw"]:
        print(json.dumps({"status": status, "content_type": content_type, "body": text}, ensure_ascii=False))
        sys.exit(0)
    samples = [[s.name, s.labels, s.value] for family in text_string_to_metric_families(text) for s in family.samples]
    print(json.dumps({"status": status, "content_type": content_type, "samples": samples}, ensure_ascii=False))
except Exception as error:  # reported to the test as data
    print(json.dumps({"error": repr(error)}))
