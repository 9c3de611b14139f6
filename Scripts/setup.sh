#!/usr/bin/env bash
# Installs what building yuqing needs (Debian packages) and, with --test, what its tests
# need: the Debian packages of the tests and the loopback servers' Python packages in a
# virtual environment under .build/venv (never into the system Python: PEP 668 refuses
# that on Debian 12 and Ubuntu 24.04). Works as root without sudo and as a user with it.
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(libcurl4-openssl-dev libxml2-dev libuchardet-dev zlib1g-dev pkg-config)
test_packages=(python3 python3-venv openssl systemd chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils bsdutils postgresql postgresql-15-auto-failover pg-auto-failover-cli gdb)
python_packages=(aiosmtpd prometheus_client jsonpath-rfc9535)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "setup: installing Debian packages needs root: run this as root, or install sudo" >&2
        exit 1
    fi
}

packages=("${build_packages[@]}")
if [ "${1:-}" = "--test" ]; then packages+=("${test_packages[@]}"); fi
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
    venv=.build/venv
    if ! "$venv/bin/python3" -c "import aiosmtpd, prometheus_client, jsonpath_rfc9535" 2>/dev/null; then
        echo "setup: Python test packages into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "${python_packages[@]}"
    fi
fi
