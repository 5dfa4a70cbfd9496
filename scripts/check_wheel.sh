#!/usr/bin/env bash
# Build odpay's wheel and install it in two fresh venvs: the light default (no database-server
# drivers; SQLite works, a MariaDB URL says which extra to install) and with both extras.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_wheel: $*" >&2; exit 1; }

"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" . 2>&1 | grep -v '^WARNING' || true
wheel=$(ls "$work"/dist/odpay-*.whl) || fail "no wheel was built"
version=$(sed -n 's/^version = "\([^"]*\)".*/\1/p' pyproject.toml)

"$python" -m venv "$work/light"
"$work/light/bin/pip" install --quiet -c constraints.txt "$wheel" 2>&1 | grep -v '^WARNING' || true
light="$work/light/bin"
[ "$("$light/odpay" --version)" = "odpay $version" ] || fail "odpay --version is not $version"
for driver in pymysql psycopg; do
  if "$light/python" -c "import $driver" 2>/dev/null; then fail "the default install has $driver"; fi
done
"$light/odpay" db upgrade --database-url "sqlite:///$work/light.db" >/dev/null
if refused=$("$light/odpay" db upgrade --database-url mysql://root@127.0.0.1/odpay 2>&1); then
  fail "a MariaDB URL worked without PyMySQL"
fi
case $refused in *'pip install "odpay[mysql]"'*) ;; *) fail "unclear refusal: $refused" ;; esac
"$light/python" -c "
from pathlib import Path
import odpay.http.docs as docs
assert (Path(docs.__file__).parent / 'static/swagger-ui/swagger-ui-bundle.js').is_file()
assert (Path(docs.__file__).parent / 'static/redoc/redoc.standalone.js').is_file()
for name in ('index.html', 'console.js', 'console.css'):
    assert (Path(docs.__file__).parent / 'static/console' / name).is_file(), name
"

"$python" -m venv "$work/full"
"$work/full/bin/pip" install --quiet -c constraints.txt "$wheel[mysql,postgresql]" 2>&1 | grep -v '^WARNING' || true
"$work/full/bin/python" -c "import pymysql, psycopg" || fail "the extras did not install the drivers"
[ "$("$work/full/bin/odpay" --version)" = "odpay $version" ] || fail "odpay --version (extras)"

echo "check_wheel: odpay $version installs without extras (SQLite only) and with [mysql,postgresql]"
