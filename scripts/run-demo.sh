#!/usr/bin/env bash
# Quick start 1: install everything Veil needs and open it on the built-in (synthetic) demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/veil --demo "$@"
