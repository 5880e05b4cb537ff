#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine of this kind lacks, then restores and builds the solution.
# Idempotent: packages already present are not fetched again. Usage: bash eng/setup.sh [extra apt packages...]
set -euo pipefail
cd "$(dirname "$0")/.."

# libgomp1: OpenMP for ML.NET's lib_lightgbm (the risk model); libfontconfig1 + CJK fonts: SkiaSharp finds
# "Noto Sans CJK SC" for the charts; chromium: end-to-end browser tests and screenshots; droid-fallback + liberation:
# TrueType fonts PDFsharp can embed in the assessment PDFs; poppler-utils: tests read the PDFs back.
packages=(libgomp1 libfontconfig1 chromium fonts-noto-cjk fonts-droid-fallback fonts-liberation poppler-utils "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq -o DPkg::Lock::Timeout=300
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "需要 .NET 10 SDK / the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "需要 Node.js 与 npm / Node.js and npm are required (the dashboard's browser scripts come from npm)" >&2; exit 1; }

echo "==> dotnet build"
dotnet build RevivalAnalytics.sln -c "${CONFIGURATION:-Debug}" -nologo -v quiet -clp:ErrorsOnly
