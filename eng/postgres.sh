#!/usr/bin/env bash
# Installs PostgreSQL 15 from apt when missing, starts the default cluster on loopback and creates the role and the
# database the app-store tests use. Idempotent; runs as root on a fresh Debian 12 machine (no systemd needed:
# pg_ctlcluster starts the server itself). Prints the connection string the tests read (REVIVAL_TEST_POSTGRES).
set -euo pipefail

role="${REVIVAL_PG_ROLE:-revival_test}"
password="${REVIVAL_PG_PASSWORD:-revival_test}"
database="${REVIVAL_PG_DATABASE:-revival_test}"
port="${REVIVAL_PG_PORT:-5432}"

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

if ! dpkg -s postgresql-15 >/dev/null 2>&1; then
  echo "==> apt-get install postgresql-15"
  $sudo_cmd apt-get update -qq -o DPkg::Lock::Timeout=300
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql-15 >/dev/null
fi

# A fresh install creates cluster 15/main; a machine where it was dropped gets it back.
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main"' | grep -q .; then
  $sudo_cmd pg_createcluster 15 main --port "$port" >/dev/null
fi
# Loopback only: the tests never need another address.
conf=/etc/postgresql/15/main/postgresql.conf
if ! grep -q "^listen_addresses = 'localhost'" "$conf"; then
  echo "listen_addresses = 'localhost'" | $sudo_cmd tee -a "$conf" >/dev/null
fi
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" && $4 == "online"' | grep -q .; then
  echo "==> pg_ctlcluster 15 main start"
  $sudo_cmd pg_ctlcluster 15 main start
fi

as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
# The test role may create databases: each test class works in a database of its own and drops it afterwards.
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$role'\" | grep -q 1 \
  || psql -p $port -qc \"CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'\""
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$database'\" | grep -q 1 \
  || psql -p $port -qc \"CREATE DATABASE $database OWNER $role\""
echo "==> PostgreSQL 15: Host=127.0.0.1;Port=$port;Username=$role;Database=$database"
