#!/bin/sh
# What `make run` and `make test` need before they install anything: Python 3.11 to 3.13 with
# its venv module, and Node.js 18 or newer with npm. Says in plain words what is missing or too
# old, and where it was found, instead of failing half-way through an install.
#
# Node 18: our npm packages (htmx.org, chart.js) state no engine of their own; package-lock.json
# is lockfile version 3, which npm 7 and later read, and Node 18 is the oldest that Debian 12 and
# Ubuntu 24.04 ship.
#
# POSIX shell and its built-ins only: it must run where the Python found is too old (or absent)
# to run a script of ours. Usage: .ci/prerequisites.sh [PYTHON] (default python3).
python=${1:-python3}
problems=0

say() {
  printf '%s\n' "$*" >&2
  problems=$((problems + 1))
}

if ! python_path=$(command -v "$python"); then
  say "Làng Số needs Python 3.11 to 3.13; no $python was found on PATH." \
    "Install one (Ubuntu, Debian: sudo apt install python3 python3-venv) or run" \
    "make with PYTHON=/path/to/python3.12."
else
  # print with one argument in brackets works on Python 2 as well, so even a very old Python
  # answers the question.
  version=$("$python_path" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
  major=${version%%.*}
  minor=${version#*.}
  case "$major$minor" in
    '' | *[!0-9]*) major=0 minor=0 ;;
  esac
  if [ "$major" -ne 3 ] || [ "$minor" -lt 11 ] || [ "$minor" -gt 13 ]; then
    say "Làng Số needs Python 3.11 to 3.13; found ${version:-a Python of unknown version} at" \
      "$python_path. Install a supported Python and run make with PYTHON=/path/to/python3.12" \
      "(for example)."
  elif ! "$python_path" -c 'import ensurepip, venv' 2>/dev/null; then
    say "Làng Số needs Python's venv module; Python $version at $python_path has none." \
      "On Ubuntu or Debian: sudo apt install python$version-venv (or python3-venv)."
  fi
fi

if ! node_path=$(command -v node); then
  say "Làng Số needs Node.js 18 or newer (for npm, which fetches htmx and Chart.js);" \
    "no node was found on PATH. Install it (Ubuntu, Debian: sudo apt install nodejs npm)."
else
  node_version=$("$node_path" --version 2>/dev/null)
  node_major=${node_version#v}
  node_major=${node_major%%.*}
  case "$node_major" in
    '' | *[!0-9]*) node_major=0 ;;
  esac
  if [ "$node_major" -lt 18 ]; then
    say "Làng Số needs Node.js 18 or newer; found ${node_version:-a node of unknown version} at" \
      "$node_path. Install a newer Node.js (https://nodejs.org, or your distribution's nodejs)."
  elif ! command -v npm >/dev/null; then
    say "Làng Số needs npm, which comes with Node.js; node $node_version is at $node_path but" \
      "npm was not found on PATH (Ubuntu, Debian: sudo apt install npm)."
  fi
fi

[ "$problems" -eq 0 ]
