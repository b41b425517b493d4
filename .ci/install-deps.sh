#!/usr/bin/env bash
# Installs the system packages the test suites need on a Debian 12 machine:
#   - PostgreSQL server binaries (internal/testdb starts its own throwaway
#     cluster from /usr/lib/postgresql/*/bin, so the distro service must NOT
#     run: it would only hold port 5432 and memory);
#   - Chromium + ChromeDriver for browser tests;
#   - Noto fonts so screenshots render Vietnamese text instead of tofu boxes;
#   - poppler-utils (pdftotext, pdffonts, pdfinfo) to read the official
#     documents' PDFs in the tests.
#
# Idempotent: every package is checked first, and `apt-get update` runs only
# when something is actually missing, so a warm machine finishes in well
# under a second.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
	else
		echo "install-deps: must run as root (or with sudo available)" >&2
		exit 1
	fi
fi

# pkg_installed NAME: true when dpkg reports the package fully installed
# (a package left in "config-files" or half-installed state counts as missing).
pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# Server binaries are what the tests exec; the postgresql/-contrib
# metapackages pull in the newest server the release ships plus extensions
# (pgcrypto, citext, ...) that migrations may use.
pg_server_present() {
	compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null &&
		compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
if ! pg_server_present || ! pkg_installed postgresql; then
	missing+=(postgresql)
fi
pkg_installed postgresql-contrib || missing+=(postgresql-contrib)
if ! command -v chromium >/dev/null 2>&1 || ! pkg_installed chromium; then
	missing+=(chromium)
fi
if ! command -v chromedriver >/dev/null 2>&1 || ! pkg_installed chromium-driver; then
	missing+=(chromium-driver)
fi
pkg_installed fonts-noto-core || missing+=(fonts-noto-core)
pkg_installed poppler-utils || missing+=(poppler-utils)

if ((${#missing[@]} > 0)); then
	echo "install-deps: installing ${missing[*]}"

	# Keep maintainer scripts from starting services (the postgresql package
	# would otherwise launch the distro's "main" cluster). policy-rc.d exit 101
	# is Debian's documented "action forbidden" answer; an existing file is
	# left alone because the machine owner put it there on purpose.
	policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then
		"${SUDO[@]}" sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
		trap '"${SUDO[@]}" rm -f "$policy"' EXIT
	fi

	"${SUDO[@]}" apt-get update -q
	"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Whether or not we installed anything, make sure no distro cluster is
# running: an earlier install without policy-rc.d, or a machine image that
# boots the service, would leave one up. Our tests never use it.
if command -v pg_lsclusters >/dev/null 2>&1; then
	while read -r ver name _port status _rest; do
		if [[ $status == online* ]]; then
			echo "install-deps: stopping distro PostgreSQL cluster $ver/$name"
			"${SUDO[@]}" pg_ctlcluster --mode fast "$ver" "$name" stop || true
		fi
	done < <(pg_lsclusters --no-header 2>/dev/null || true)
fi
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet postgresql 2>/dev/null; then
	"${SUDO[@]}" systemctl stop postgresql || true
fi

echo "install-deps: ok"
