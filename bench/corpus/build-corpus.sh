#!/usr/bin/env bash
# Builds a library of real books from Debian's documentation packages, one shelf per kind:
# LaTeX package manuals (PDF), technical books (PDF), EPUB guides, HTML manuals and text files.
#   bench/corpus/build-corpus.sh <output-folder>
# Installs the packages first when they are missing (needs root and apt; about 300 MB).
set -euo pipefail
out=${1:?usage: build-corpus.sh <output-folder>}
packages=(jargon-text derivations live-manual-epub live-manual-pdf live-manual-txt ubuntu-packaging-guide-epub
  ubuntu-packaging-guide-pdf c++-annotations-pdf c++-annotations-txt abs-guide debian-reference-en debian-faq
  texlive-latex-base-doc texlive-latex-recommended-doc texlive-humanities-doc)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "Installing ${#missing[@]} documentation packages..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

doc=/usr/share/doc
mkdir -p "$out"/{texlive-pdf,manuals-pdf,epub,html,text}

# copy FILE SHELF: keeps the name (made unique by its package folder), decompresses .gz.
copy() {
  local file=$1 shelf=$2 name
  name=$(basename "$(dirname "$file")")-$(basename "$file")
  case "$file" in
    *.gz) gzip -dc "$file" > "$out/$shelf/${name%.gz}" ;;
    *) cp "$file" "$out/$shelf/$name" ;;
  esac
}

# files PACKAGE REGEX: the package's own files matching REGEX.
files() { dpkg -L "$1" | grep -E "$2" || true; }

for p in texlive-latex-base-doc texlive-latex-recommended-doc texlive-humanities-doc; do
  files "$p" '\.pdf(\.gz)?$' | while read -r f; do copy "$f" texlive-pdf; done
done
for p in derivations live-manual-pdf c++-annotations-pdf ubuntu-packaging-guide-pdf; do
  files "$p" '\.pdf(\.gz)?$' | while read -r f; do copy "$f" manuals-pdf; done
done
for p in live-manual-epub ubuntu-packaging-guide-epub; do
  files "$p" '\.epub$' | while read -r f; do copy "$f" epub; done
done
for p in jargon-text live-manual-txt c++-annotations-txt debian-reference-en texlive-latex-base-doc texlive-latex-recommended-doc; do
  files "$p" '\.txt(\.gz)?$' | while read -r f; do copy "$f" text; done
done
# HTML books stay folders: a folder with index.html is one book.
for d in abs-guide debian-faq debian-reference-en; do
  [[ -d "$doc/$d" ]] && cp -rL "$doc/$d" "$out/html/$d" 2>/dev/null || true
done
find "$out/html" -name '*.gz' -type f -exec gzip -df {} + 2>/dev/null || true

echo "Corpus in $out: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
