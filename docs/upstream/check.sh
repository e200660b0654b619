#!/bin/sh
# Applies the patch to a copy of the installed Textual and runs the test beside it against both.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-"$here/../../.venv/bin/python"}
site=$("$py" -c 'import textual, os; print(os.path.dirname(os.path.dirname(textual.__file__)))')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cp -r "$site/textual" "$work/src/textual"
(cd "$work" && patch -s -p1 < "$here/textual-5625-crop-partial-updates.patch")
echo "unpatched Textual (the first test is expected to fail):"
"$py" -m pytest -q -p no:cacheprovider "$here/test_chops_update_crop.py" || true
echo "patched Textual:"
PYTHONPATH="$work/src" "$py" -m pytest -q -p no:cacheprovider "$here/test_chops_update_crop.py"
