# What the bash scripts of scripts/ share. Each begins with
#   source "$(dirname "$0")/lib.sh"
# which sets bash's strict mode, makes the repository's root the working folder, and defines the
# helpers below (it runs nothing else). Sourced, never run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Where tools installed off PATH live (geckodriver: scripts/setup says why).
tools=${CRUMBTRAIL_TOOLS:-$HOME/.local/share/crumbtrail-tools}

# Runs scripts/setup, and tells the scripts this one runs (scripts/build …) that it has.
run_setup() {
  scripts/setup
  export CRUMBTRAIL_SETUP_DONE=1
}

# Runs scripts/setup unless a script that runs this one has already; `quiet` hides its output.
setup_unless_done() {
  [ "${CRUMBTRAIL_SETUP_DONE:-}" = 1 ] && return
  if [ "${1:-}" = quiet ]; then scripts/setup >/dev/null; else scripts/setup; fi
}

# The built package (pkg/) copied into demo/pkg, where the demo's and the tests' pages load it.
pkg_into_demo() {
  rm -rf demo/pkg && cp -r pkg demo/pkg
}

# `cargo install` of a crate at the versions its lock file pins; --locked fails on these machines
# when a pinned dependency is missing from the registry: then again without.
cargo_install() {
  cargo install --quiet --locked "$@" || cargo install --quiet "$@"
}

# Python packages from PyPI; Debian's own Python refuses pip outside a virtualenv (PEP 668) unless told.
pip_install() {
  python3 -m pip install --quiet "$@" || python3 -m pip install --quiet --break-system-packages "$@"
}

# Debian packages, with sudo when not root.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
