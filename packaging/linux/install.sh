#!/bin/sh
# Add Veil to your applications menu, for you only (no administrator rights needed).
#   ./install.sh               add the menu entry and icon, pointing at this folder
#   ./install.sh --uninstall   remove them again (then delete this folder to remove Veil)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$data/applications/veil.desktop"
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$entry"
  for s in $sizes; do rm -f "$data/icons/hicolor/${s}x${s}/apps/veil.png"; done
  echo "Veil's menu entry was removed. Delete $here to remove the program itself."
  exit 0
fi

[ -x "$here/veil" ] || { echo "install.sh: $here/veil not found; run me from the unpacked Veil folder." >&2; exit 1; }
for s in $sizes; do
  mkdir -p "$data/icons/hicolor/${s}x${s}/apps"
  cp "$here/_internal/resources/icons/veil-$s.png" "$data/icons/hicolor/${s}x${s}/apps/veil.png"
done
mkdir -p "$data/applications"
# Exec gets the absolute path, quoted and escaped as the Desktop Entry specification asks.
VEIL_EXEC="$here/veil" awk '
  BEGIN { p = ENVIRON["VEIL_EXEC"]; gsub(/[\\"`$]/, "\\\\\\\\&", p) }
  /^Exec=/ { print "Exec=\"" p "\" %f"; next }
  /^Icon=/ { print; print "TryExec=" ENVIRON["VEIL_EXEC"]; next }
  { print }
' "$here/veil.desktop" > "$entry.tmp"
mv "$entry.tmp" "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Veil is now in your applications menu (you may need to log out and in once)."
echo "To remove it: $here/install.sh --uninstall"
