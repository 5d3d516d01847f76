// The report's definitions are one table: REPORT_DEFINITIONS, printed in docs/operations.md
// ("Reports and the cases behind them"). This fails when the committed copy is stale
// (regenerate with: pnpm docs:report), and when a figure of the report has no definition.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { REPORT_DEFINITIONS, reportDefinitionsTable } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8')

describe('the report definitions table', () => {
  it('is current in docs/operations.md', () => {
    const m = /<!-- report-definitions:[^\n]*-->\n([\s\S]*?)\n<!-- \/report-definitions -->/.exec(doc)
    expect(m, 'the markers in docs/operations.md').not.toBeNull()
    expect(m?.[1]).toBe(reportDefinitionsTable())
  })

  it('defines every figure the report has', async () => {
    const t = createTestEngine()
    const r = await t.system.report({ from: 0, to: 1 })
    const defined = REPORT_DEFINITIONS.flatMap((d) => d.figure.split(' / ').map((f) => f.replace(/\..*$/, '')))
    const figures = Object.keys(r.total).filter((k) => k !== 'drillDown' && k !== 'byState')
    expect(figures.filter((k) => !defined.includes(k))).toEqual([])
    // And every counted figure has its drill-down.
    expect(Object.keys(r.total.drillDown ?? {}).sort()).toEqual(
      [...figures.filter((k) => !/Rate$|MeanTime|meanTime/.test(k))].sort(),
    )
  })
})
