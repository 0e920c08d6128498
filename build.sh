#!/usr/bin/env bash
# Runs build.ps1 with the PowerShell pinned in .config/dotnet-tools.json (restored first); arguments go to build.ps1.
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
exec dotnet pwsh -NoProfile -File ./build.ps1 "$@"
