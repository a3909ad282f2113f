#!/usr/bin/env bash
# Debian packages the test suite needs (installed by CI and by developers on a fresh machine).
# Extend the list here; start services in test setup, not here.
set -euo pipefail
PKGS=(postgresql chromium)  # postgresql: store contract suite (test/global-setup.ts starts a server); chromium: end-to-end dashboard tests (playwright-core drives /usr/bin/chromium)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  # npm test runs this first (pretest), so a fresh machine needs no separate step; as a normal user
  # it asks sudo, and without sudo it says what to install instead of failing half-way.
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "hashfloor tests need Debian packages: ${missing[*]} — install them as root (apt-get install ${missing[*]})" >&2
      exit 1
    fi
  fi
  echo "installing Debian packages for the tests: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
