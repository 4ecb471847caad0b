#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings must be listed in po/POTFILES.in.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
status=0
files=$(grep -rlE '(^|[^a-zA-Z0-9_])N?_ ?\(|translatable="yes"' src resources --include='*.c' --include='*.ui' | sort)
for f in $files; do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "missing from po/POTFILES.in: $f"
    status=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep -v '^$'); do
  if [ ! -f "$f" ]; then
    echo "listed in po/POTFILES.in but absent: $f"
    status=1
  fi
done
[ $status -eq 0 ] && echo "po/POTFILES.in lists all $(echo "$files" | wc -w) source files with translatable strings"
exit $status
