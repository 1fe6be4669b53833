#!/bin/sh
# One entry point for a newcomer (see README):
#   ./run.sh            install into .venv, load demo content and run the site at http://127.0.0.1:8000
#   ./run.sh pytest     install into .venv and run the test suite
#   ./run.sh <command>  any manage.py command inside the virtual environment
set -eu
cd "$(dirname "$0")"

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
    done
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'

if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv ..."
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt | "$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    echo "Installing requirements ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$wanted" > "$stamp"
fi

# Front-end tools for the browser tests (axe-core), when npm is available; see package.json.
if [ -f package.json ] && [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent || echo "npm ci failed: the accessibility checks of the browser tests will fail"
fi

# Video entries are checked (ffprobe) and converted (ffmpeg) with Debian's ffmpeg (see README "Libraries"): installed
# here when apt can (as root, or with password-less sudo); otherwise uploads are refused and their tests skipped.
if ! command -v ffprobe >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; then
    SUDO=$( [ "$(id -u)" -eq 0 ] && echo "" || echo "sudo -n" )
    if command -v apt-get >/dev/null 2>&1 && $SUDO true 2>/dev/null; then
        echo "Installing ffmpeg (Debian package) for video entries ..."
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null 2>&1 \
            || { $SUDO apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null 2>&1; } \
            || echo "Installing ffmpeg failed: video uploads will be refused and their tests skipped." >&2
    else
        echo "Note: ffmpeg/ffprobe not found: video uploads will be refused and their tests skipped." >&2
        echo "      Install them with: sudo apt-get install ffmpeg" >&2
    fi
fi

command=${1:-serve}
case "$command" in
    serve) [ $# -gt 0 ] && shift; exec .venv/bin/python manage.py devsite "$@" ;;
    # Two test processes by default (pytest-xdist; TEST_PROCESSES=0 runs in this process, e.g. for a debugger).
    # "worksteal": a process that runs out of tests takes queued ones from the other, so the long browser journeys
    # at the end (pytest-django runs transactional tests last) are shared out instead of waiting in one queue. The
    # fleet's cross-node tests (FLEET_TESTS=1, see README "Production") run with -n 0 -m fleet.
    pytest|test) shift; exec .venv/bin/python -m pytest -n "${TEST_PROCESSES:-2}" --dist worksteal "$@" ;;
    *) exec .venv/bin/python manage.py "$@" ;;
esac
