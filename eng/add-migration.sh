#!/usr/bin/env bash
# Development only: adds a migration NAME to the app store for both providers (src/AppStore/Migrations/{Sqlite,Postgres}).
# Needs the dotnet-ef tool (`dotnet tool install dotnet-ef --version 10.0.15 --tool-path <dir>`; DOTNET_EF names it).
# Migrations are committed; nothing at run time or in CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: bash eng/add-migration.sh MigrationName}"
ef="${DOTNET_EF:-dotnet-ef}"
for provider in Sqlite Postgres; do
  "$ef" migrations add "$name" --project src/AppStore --context "${provider}AppStoreDbContext" \
    --output-dir "Migrations/$provider"
done
