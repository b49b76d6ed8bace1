#!/usr/bin/env bash
# Prepares .device/ (ignored by git) for tools/device-check.sh's JavaScript checks on a GPU machine that has no Node.js:
# this machine's Node binary (xz-compressed), tools/device/node-check.ts bundled with the packages it imports into
# one file, and the headers the addon is compiled against. Name .device in the device tool's `carry`.
#   bash tools/device/prepare.sh        (about 30 s; needs npm ci first)
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .device && mkdir -p .device
npm run build --silent > /dev/null
node_modules/.bin/esbuild tools/device/node-check.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile=.device/node-check.mjs --log-level=warning \
  --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
cp -r node_modules/node-api-headers/include .device/node-api-headers
cp -r "$(node -p "require('node-addon-api').include_dir")" .device/node-addon-api
xz -T0 -6 -c "$(command -v node)" > .device/node.xz
echo "node $(node --version) for $(uname -m)" > .device/README
du -sh .device
