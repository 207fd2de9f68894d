# Shared helpers for the scripts in deploy/local/. Source it; do not run it.
# shellcheck shell=bash

# The checkout's root, with symlinks resolved.
CIRCLES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# Prints one progress line to stderr, prefixed so it stands out in make's output.
log() { printf '[local] %s\n' "$*" >&2; }

# Prints an error and exits.
die() { printf '[local] error: %s\n' "$*" >&2; exit 1; }

# Prints the first Python interpreter that can import every module named,
# preferring Debian's /usr/bin/python3 (where python3-* packages install);
# fails when none can.
python_with() {
    local candidate
    for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
        [[ -n "$candidate" && -x "$candidate" ]] || continue
        if "$candidate" - "$@" >/dev/null 2>&1 <<'PY'
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
PY
        then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}
