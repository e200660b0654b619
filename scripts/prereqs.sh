#!/bin/sh
# What a make target needs from the system, checked before anything is installed: one line
# naming what is missing and how to get it, and exit 1. Usage: prereqs.sh run|test
want=${1:-run}
py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "make $want needs Python 3.11 or newer as '$py' (or name it: make $want PYTHON=python3.12); see README.md" >&2
  exit 1
fi
if ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "make $want needs Python's venv module (Debian/Ubuntu: sudo apt-get install python3-venv); see README.md" >&2
  exit 1
fi
missing=""
if [ "$want" = test ]; then
  # The end-to-end tests drive the reader in tmux; the HTML reading sheet is checked in Chromium.
  command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
fi
if [ -n "$missing" ]; then
  echo "make $want needs$missing (Debian/Ubuntu: sudo apt-get install$missing); see README.md" >&2
  exit 1
fi
