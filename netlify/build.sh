#!/usr/bin/env bash
# The Netlify build command (netlify.toml) and the CI build: build the site
# into public/, then give the search function its copy of the search index
# and site shell, which go:embed bundles into the function's binary.
# Netlify runs this before it bundles functions.
set -euo pipefail
cd "$(dirname "$0")/.."

go version
go run . build --content content --out public --search-api

fn=netlify/functions/search/site
rm -rf "$fn/_search"
mkdir -p "$fn"
cp -R public/_search "$fn/_search"
echo "netlify/build.sh: copied public/_search into $fn/_search ($(du -sh "$fn/_search" | cut -f1))"
