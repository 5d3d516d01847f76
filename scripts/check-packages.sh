#!/usr/bin/env bash
# Checks the published form of every package, as a new user meets it:
#   1. `pnpm pack` each package (workspace ranges become real ones);
#   2. publint --strict and @arethetypeswrong/cli (node16 profile: Node >= 20.19 is required, so the
#      pre-exports `node10` resolution is out of scope) on each tarball;
#   3. a fresh npm project with only the tarballs (and the peers from the registry or the local npm
#      cache) type-checks the README's embedding example as ESM and a CommonJS program under
#      `node16` and `bundler`, runs both, and runs the ESM example again on the oldest supported
#      xstate and zod. vitest is not installed there: the testing kit must load without it.
# Needs `pnpm build` first. Usage: scripts/check-packages.sh [workdir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d -t fengqiao-packages-XXXXXX)}"
mkdir -p "$work/tarballs"
packages=(packages/core packages/adapters/sql packages/petition packages/mediation packages/deliberation packages/grid packages/bpmn)

step() { printf '\n--- %s ---\n' "$*"; }

step "pack"
for p in "${packages[@]}"; do
  [ -f "$root/$p/dist/index.js" ] || { echo "$p is not built: run pnpm build first" >&2; exit 1; }
  (cd "$root/$p" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
ls "$work/tarballs"

step "publint --strict and attw"
for t in "$work"/tarballs/*.tgz; do
  echo "== $(basename "$t")"
  "$root/node_modules/.bin/publint" run "$t" --strict
  "$root/node_modules/.bin/attw" "$t" --profile node16 --format table-flipped --no-emoji
done

step "a fresh project from the tarballs"
app="$work/app"
rm -rf "$app" && mkdir -p "$app" && cd "$app"
npm init -y >/dev/null
npm_install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@"; }
npm_install "$work"/tarballs/*.tgz xstate@^5 zod@^4 typescript@~5.9.3 @types/node@^20.19.0
if [ -e node_modules/vitest ]; then echo "vitest got installed; the check needs a project without it" >&2; exit 1; fi

# The README's embedding example, exactly as printed there (an ES module: top-level await).
awk '/^## Embedding/{e=1} e&&/^```ts$/{c=1;next} c&&/^```$/{exit} c{print}' "$root/README.md" > app.mts
[ -s app.mts ] || { echo "no TypeScript example under '## Embedding' in README.md" >&2; exit 1; }
# A CommonJS program: every package through `require`, with its CommonJS types; the testing kit
# runs without vitest.
cat > program.cts <<'TS'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, isFengqiaoError, SUPPORTED_VERSIONS, type EventsOf } from '@fengqiao/core'
import { memoryStore } from '@fengqiao/core/store'
import { createTestEngine, manualClock } from '@fengqiao/core/testing'
import { postgresStore, sqliteStore } from '@fengqiao/adapter-sql'
import * as petition from '@fengqiao/petition'
import * as mediation from '@fengqiao/mediation'
import * as deliberation from '@fengqiao/deliberation'

const events = { DONE: { schema: z.object({}), roles: ['clerk'] } }
const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
  initial: 'open',
  states: { open: { after: { 86400000: 'late' }, on: { DONE: 'done' } }, late: { type: 'final' }, done: { type: 'final' } },
})
const ticket = defineProcess({ id: 'ticket', version: 1, machine, events })

async function main(): Promise<void> {
  const t = createTestEngine({ processes: [ticket] })
  const { id } = await t.process(ticket).start(undefined, { actor: { id: 'u1', roles: ['clerk'] } })
  await t.advance('1d')
  const late = await t.system.get(id)
  if (late.state !== 'late') throw new Error(`expected the timer to fire, got ${String(late.state)}`)
  try {
    await t.process(ticket).send(id, { type: 'DONE' }, { actor: { id: 'u1', roles: ['clerk'] } })
    throw new Error('a completed case accepted an event')
  } catch (e) {
    if (!isFengqiaoError(e, 'EVENT_NOT_ACCEPTED')) throw e
  }
  const loaded = [memoryStore, manualClock, postgresStore, sqliteStore, petition, mediation, deliberation].every((x) => x !== undefined)
  if (!loaded) throw new Error('a package export is missing')
  console.log('CommonJS ok', SUPPORTED_VERSIONS)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
TS

cat > tsconfig.node16.json <<'JSON'
{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true,
  "types": ["node"], "outDir": "out", "skipLibCheck": true }, "files": ["app.mts", "program.cts"] }
JSON
cat > tsconfig.bundler.json <<'JSON'
{ "compilerOptions": { "module": "preserve", "moduleResolution": "bundler", "target": "ES2022", "strict": true,
  "types": ["node"], "noEmit": true, "skipLibCheck": true }, "files": ["app.mts", "program.cts"] }
JSON
echo "tsc (node16)";  npx --no-install tsc -p tsconfig.node16.json
echo "tsc (bundler)"; npx --no-install tsc -p tsconfig.bundler.json

expect_out() { # file, text
  grep -qF -- "$2" "$1" || { echo "expected '$2' in the output:" >&2; cat "$1" >&2; exit 1; }
}
echo "node out/app.mjs (ESM)"
node out/app.mjs | tee esm.txt
expect_out esm.txt "agreed completed { parties: [ '张三', '李四' ], terms: '赔偿500元' }"
expect_out esm.txt "{ ok: true, entries: 3 }"
echo "node out/program.cjs (CommonJS, no vitest)"
node out/program.cjs | tee cjs.txt
expect_out cjs.txt "CommonJS ok"

step "the oldest supported xstate and zod"
xs="$(node -p "require('@fengqiao/core/package.json').peerDependencies.xstate.replace('^', '')")"
zd="$(node -p "require('@fengqiao/core/package.json').peerDependencies.zod.replace('^', '')")"
npm_install "xstate@$xs" "zod@$zd"
npx --no-install tsc -p tsconfig.node16.json
node out/app.mjs > old.txt && expect_out old.txt "{ ok: true, entries: 3 }"
echo "ok on xstate $xs and zod $zd"

step "an unsupported zod is refused at start"
npm_install "zod@^3.25.0"
if node out/app.mjs > zod3.txt 2>&1; then echo "zod 3 was not refused" >&2; exit 1; fi
expect_out zod3.txt "UNSUPPORTED_RUNTIME"
grep -m1 UNSUPPORTED_RUNTIME zod3.txt

echo
echo "packages ok ($work)"
