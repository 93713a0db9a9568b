#!/bin/sh
# Installs PostgreSQL from Debian's packages when initdb/pg_ctl are missing (tests of the
# PostgreSQL export, issue 6). Idempotent: does nothing when they are already there. Run as root.
# The binaries live in /usr/lib/postgresql/NN/bin; they are linked into /usr/local/bin.
set -eu
find_bin() {
  command -v "$1" 2>/dev/null && return 0
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1 | grep . && return 0
  return 1
}
if find_bin initdb >/dev/null && find_bin pg_ctl >/dev/null && command -v psql >/dev/null; then
  echo "postgresql: already installed ($(find_bin pg_ctl))"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-postgres.sh: PostgreSQL is missing and installing it needs root" >&2
  exit 1
fi
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
for b in initdb pg_ctl postgres; do
  [ -e "/usr/local/bin/$b" ] || ln -s "$bin/$b" "/usr/local/bin/$b"
done
echo "postgresql: installed $("$bin/pg_ctl" --version) in $(( $(date +%s) - start ))s"
