#!/usr/bin/env bash
# Fetches the npm license corpus: `npm pack` of every package named in bench/npm-corpus.txt
# into bench/.data/npm-packed/ (git-ignored). Packages already packed there are skipped, so
# the script can be re-run after a network failure. Then measure with:
#   npm run build && node dist/bench/licenses-accuracy.js --packed bench/.data/npm-packed
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
list="${1:-$here/npm-corpus.txt}"
dest="${NPM_CORPUS_DIR:-$here/.data/npm-packed}"
mkdir -p "$dest"

# npm names a tarball <name>-<version>.tgz, scope without "@" and "/" turned into "-".
packed() {
  local base="${1#@}"
  base="${base//\//-}"
  compgen -G "$dest/$base-[0-9]*.tgz" >/dev/null
}

todo=()
while IFS= read -r name; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  packed "$name" || todo+=("$name")
done <"$list"

echo "${#todo[@]} packages to fetch into $dest"
failed=0
# A few names per npm call: one process per package is slow, one call for all fails as a whole.
for ((i = 0; i < ${#todo[@]}; i += 10)); do
  chunk=("${todo[@]:i:10}")
  if ! (cd "$dest" && npm pack --silent --ignore-scripts "${chunk[@]}" >/dev/null 2>&1); then
    for name in "${chunk[@]}"; do
      (cd "$dest" && npm pack --silent --ignore-scripts "$name" >/dev/null 2>&1) || { echo "failed: $name" >&2; failed=$((failed + 1)); }
    done
  fi
done
echo "$(compgen -G "$dest/*.tgz" | wc -l) tarballs in $dest ($failed failed)"
