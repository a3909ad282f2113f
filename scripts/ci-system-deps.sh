#!/usr/bin/env bash
# Debian packages the test suite needs (installed by CI and by developers on a fresh machine).
# Extend the list here; start services in test setup, not here.
set -euo pipefail
PKGS=(postgresql chromium)  # postgresql: store contract suite (test/global-setup.ts starts a server); chromium: end-to-end dashboard tests (playwright-core drives /usr/bin/chromium)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
