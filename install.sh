#!/usr/bin/env bash
# Installs facet for every user of this machine:   sudo ./install.sh [PREFIX]   (default /usr/local)
#
#   PREFIX/bin/facet                                  the program (a release build)
#   PREFIX/share/facet/Themes/*.toml                  its themes (found next to the binary)
#   PREFIX/share/man/man1/facet.1                     the manual page, from the argument parser
#   PREFIX/share/bash-completion/completions/facet    shell completions for bash, zsh and fish
#   PREFIX/share/zsh/site-functions/_facet
#   PREFIX/share/fish/vendor_completions.d/facet.fish
#
# FACET_BIN_DIR=DIR installs binaries already built in DIR instead of building (the tests use it,
# from inside a build that holds the build folder's lock); the manual page then needs
# DIR/generate-manual, and is left out with a warning when it is not there.
set -euo pipefail
cd "$(dirname "$0")"
prefix="${1:-${PREFIX:-/usr/local}}"
export PATH="/opt/swift/usr/bin:$PATH"

if [ -n "${FACET_BIN_DIR:-}" ]; then
  bin="$FACET_BIN_DIR"
else
  swift build -c release --product facet
  swift build -c release --product generate-manual
  bin="$(swift build -c release --show-bin-path)"
fi

install -d "$prefix/bin" "$prefix/share/facet/Themes" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$bin/facet" "$prefix/bin/facet"
install -m 0644 Themes/*.toml "$prefix/share/facet/Themes/"
if [ -x "$bin/generate-manual" ]; then
  "$bin/generate-manual" "$prefix/bin/facet" --date "$(date +%Y-%m-%d)" -o "$prefix/share/man/man1"
  chmod 0644 "$prefix/share/man/man1/facet.1"
else
  echo "install.sh: no generate-manual in $bin; the manual page was not installed" >&2
fi
"$prefix/bin/facet" --generate-completion-script bash > "$prefix/share/bash-completion/completions/facet"
"$prefix/bin/facet" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_facet"
"$prefix/bin/facet" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/facet.fish"

echo "Installed facet $("$prefix/bin/facet" --version) in $prefix."
echo "Users run: facet   (the database is \$FACET_DB, or ~/.local/share/facet/facet.sqlite; see the README)"
