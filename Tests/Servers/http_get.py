#!/usr/bin/env python3
"""GET a URL with Python's urllib and print {"status", "headers", "body"} as JSON: the
tests' plain HTTP client (an error status is a result, not a failure; no redirect or
authentication handling of its own).

    http_get.py URL [AUTHORIZATION]
"""
import json
import sys
import urllib.error
import urllib.request


def main():
    request = urllib.request.Request(sys.argv[1])
    if len(sys.argv) > 2:
        request.add_header("Authorization", sys.argv[2])
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    print(json.dumps({"status": status, "headers": {k.lower(): v for k, v in headers.items()}, "body": body.decode("utf-8", "replace")}))


if __name__ == "__main__":
    main()
