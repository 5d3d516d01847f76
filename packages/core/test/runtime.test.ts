import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SUPPORTED_VERSIONS, assertSupportedRuntime, isFengqiaoError } from '../src/index.js'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: Record<string, string>
}

describe('supported runtimes', () => {
  it('names the same ranges as the package’s peer dependencies', () => {
    for (const [name, range] of Object.entries(SUPPORTED_VERSIONS)) expect(manifest.peerDependencies[name]).toBe(range)
  })

  it('accepts the installed xstate and zod', () => {
    expect(() => assertSupportedRuntime()).not.toThrow()
  })

  it('refuses zod 3 and an older xstate 5, naming what is installed and what is supported', () => {
    let err: unknown
    try {
      assertSupportedRuntime({ xstate: '5.19.2', zod: '3.25.76' })
    } catch (e) {
      err = e
    }
    expect(isFengqiaoError(err, 'UNSUPPORTED_RUNTIME')).toBe(true)
    const message = (err as Error).message
    expect(message).toContain(`xstate 5.19.2 (supported: ${SUPPORTED_VERSIONS.xstate})`)
    expect(message).toContain(`zod 3.25.76 (supported: ${SUPPORTED_VERSIONS.zod})`)
    expect(message).toContain(`npm install xstate@"${SUPPORTED_VERSIONS.xstate}" zod@"${SUPPORTED_VERSIONS.zod}"`)
  })

  it('refuses a later major and accepts later minors', () => {
    expect(() => assertSupportedRuntime({ xstate: '6.0.0' })).toThrow(/xstate 6\.0\.0/)
    expect(() => assertSupportedRuntime({ xstate: '5.40.1', zod: '4.9.0-beta.1' })).not.toThrow()
  })

  it('does not refuse versions it cannot read (a bundle without manifests)', () => {
    expect(() => assertSupportedRuntime({})).not.toThrow()
  })
})
