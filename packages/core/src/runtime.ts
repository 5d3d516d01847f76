/**
 * The versions of the shared runtimes (xstate, zod) this engine is tested with, and the check
 * that the host app installed them.
 *
 * @module
 */
import { createRequire } from 'node:module'
import { FengqiaoError } from './errors.js'

/**
 * The peer dependency ranges of `@fengqiao/core`: the versions of xstate and zod it is tested with.
 * A test holds this equal to `peerDependencies` in the package's `package.json`.
 */
export const SUPPORTED_VERSIONS = Object.freeze({ xstate: '^5.23.0', zod: '^4.1.12' } as const)

/** The installed version of each peer, as read from its `package.json`; `undefined` when unreadable. */
export type InstalledVersions = Readonly<Partial<Record<keyof typeof SUPPORTED_VERSIONS, string>>>

let checked = false

/**
 * Throws `UNSUPPORTED_RUNTIME` when an installed peer lies outside {@link SUPPORTED_VERSIONS}
 * (zod 3, an xstate older than the tested one), naming what is installed and what is supported.
 * Runs once per process, on the first `defineProcess`, so a wrong install fails at start rather
 * than as an opaque type or runtime error deep inside a command. A build where the versions cannot
 * be read (a bundle without the packages' manifests) is not refused.
 *
 * @param installed - the versions to check; by default those resolved from this package
 * @throws {FengqiaoError} UNSUPPORTED_RUNTIME
 */
export function assertSupportedRuntime(installed: InstalledVersions = readInstalledVersions()): void {
  const wrong = (Object.keys(SUPPORTED_VERSIONS) as Array<keyof typeof SUPPORTED_VERSIONS>).filter((name) => {
    const v = installed[name]
    return v !== undefined && !satisfiesCaret(v, SUPPORTED_VERSIONS[name])
  })
  if (wrong.length === 0) return
  const list = wrong.map((n) => `${n} ${installed[n]} (supported: ${SUPPORTED_VERSIONS[n]})`).join(', ')
  const fix = wrong.map((n) => `${n}@"${SUPPORTED_VERSIONS[n]}"`).join(' ')
  throw new FengqiaoError(
    'UNSUPPORTED_RUNTIME',
    `@fengqiao/core found ${list}. Install supported versions next to it: npm install ${fix}`,
    { installed: { ...installed }, supported: { ...SUPPORTED_VERSIONS } },
  )
}

/** Runs {@link assertSupportedRuntime} on the first call only. */
export function checkRuntimeOnce(): void {
  if (checked) return
  assertSupportedRuntime()
  checked = true
}

function readInstalledVersions(): InstalledVersions {
  const out: Partial<Record<keyof typeof SUPPORTED_VERSIONS, string>> = {}
  let req: NodeJS.Require
  try {
    req = createRequire(import.meta.url)
  } catch {
    return out
  }
  for (const name of Object.keys(SUPPORTED_VERSIONS) as Array<keyof typeof SUPPORTED_VERSIONS>) {
    try {
      const v = (req(`${name}/package.json`) as { version?: unknown }).version
      if (typeof v === 'string') out[name] = v
    } catch {
      // Not readable here (bundled, or an exports map without package.json): not refused.
    }
  }
  return out
}

/** Whether `version` satisfies `^M.m.p` (same major, not older); prereleases are compared by their release. */
function satisfiesCaret(version: string, range: string): boolean {
  const v = /^(\d+)\.(\d+)\.(\d+)/.exec(version)
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)
  if (v === null || r === null) return false
  const [vm, vn, vp] = v.slice(1).map(Number) as [number, number, number]
  const [rm, rn, rp] = r.slice(1).map(Number) as [number, number, number]
  if (vm !== rm) return false
  return vn > rn || (vn === rn && vp >= rp)
}
