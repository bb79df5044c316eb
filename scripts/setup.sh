#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine for Veil: the system libraries Qt needs (only those
# missing), a virtual environment in .venv, and Veil installed into it.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"
python="${PYTHON:-python3}"

# Everything Qt needs to open the window (the xcb platform plugin on X11, wayland, OpenGL,
# fonts), not only for the tests: without libxcb-icccm4 or libxcb-keysyms1 the first launch
# aborts with "no Qt platform plugin could be initialized". Keep in step with
# app/qt_check.py PACKAGES (tests/app/test_qt_check.py checks both against ldd).
qt_libs=(libegl1 libgl1 libglx0 libglvnd0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libwayland-client0 libwayland-cursor0 fonts-dejavu-core)
if [[ "$extras" == *test* ]]; then
  # The frozen-bundle test: binutils for PyInstaller (objdump) and strip; Xvfb to show the
  # frozen window on a real X server.
  qt_libs+=(binutils xvfb xauth x11-utils)
  # The Spark engine's tests (pyspark, in the test extra) need a Java 17 runtime.
  command -v java >/dev/null 2>&1 || qt_libs+=(openjdk-17-jre-headless)
fi
installed() {  # Debian 13 / Ubuntu 24.04 renamed some libraries with a t64 suffix
  local status
  status="$(dpkg-query -W -f='${Status}\n' "$1" "${1}t64" 2>/dev/null || true)"
  [[ "$status" == *"ok installed"* ]]
}
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${qt_libs[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system libraries Qt needs: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || {
      $sudo apt-get update -q >/dev/null
      $sudo apt-get install -y -q "${missing[@]}" >/dev/null
    }
  fi
fi

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Veil needs Python 3.11 or newer; $("$python" --version) found." >&2
  exit 1
}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install -q -e ".[$extras]"
else
  .venv/bin/python -m pip install -q -e .
fi
