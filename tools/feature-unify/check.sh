#!/usr/bin/env bash
# Lists the dependencies whose features differ between the build without the window
# (`--no-default-features`) and the test build; prints nothing when the two share every
# dependency build. See Cargo.toml for why, and add what this prints there.
set -euo pipefail
cd "$(dirname "$0")/../.."
features() {
  cargo tree --workspace "$@" -f '{p} {f}' --prefix none 2>/dev/null \
    | sed -E 's/ \(\*\)//; s/ \(proc-macro\)//; s/ \([^)]*\)//' \
    | awk 'NF { print $1 " " $2 "|"; n = split($3, a, ","); for (i = 1; i <= n; i++) print $1 " " $2 "|" a[i] }' \
    | sort -u \
    | awk -F'|' '$1 != last { if (last != "") print last ":" feats; last = $1; feats = "" }
                 { feats = feats " " $2 } END { if (last != "") print last ":" feats }'
}
lean=$(features --no-default-features -e normal,build)
full=$(features -e normal,build,dev)
# A crate of the lean build whose line is not in the full build's list has other features.
comm -23 <(echo "$lean") <(echo "$full") | grep -v '^arrival-atlas ' || true
