#!/usr/bin/env bash
# Dependencies point one way: model ← core ← store ← app ← api ← server (STYLE.md rule 1).
# Fails if a lower layer pulls in the database or HTTP crates.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
check() { # check CRATE REGEX
    local found
    found=$(cargo tree -p "$1" -e normal --prefix none 2>/dev/null | grep -E "^($2) " | sort -u || true)
    if [[ -n "$found" ]]; then
        echo "layering: $1 must not depend on: $(echo "$found" | tr '\n' ' ')"
        status=1
    fi
}
for crate in outpost-model outpost-core outpost-realtime outpost-password outpost-imaging; do
    check "$crate" 'sqlx|sqlx-core|axum|tower-http|hyper'
done
check outpost-store 'axum|tower-http|hyper'
# The app makes outbound calls (integrations, push proxy, S3) with reqwest, which brings hyper and
# tower-http as a client; the HTTP *server* framework stays out of it.
check outpost-app 'axum|axum-core'
[[ $status -eq 0 ]] && echo "layering: ok"
exit $status
