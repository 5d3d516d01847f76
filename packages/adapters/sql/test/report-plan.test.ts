// The report reads the window's escalations through the history index of migration 5 (kind, at,
// instance), not by scanning the history; and it scans the instances once, in table order, not
// by walking the org-unit index (a random read per case). Checked on SQLite's query plans.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sqliteStore } from '../src/index.js'

const T0 = Date.UTC(2026, 2, 1)

describe('sqlite: the report query plans', () => {
  it('finds the window escalations by the history index and scans the instances in table order', async () => {
    const db = new Database(':memory:')
    const seen: string[] = []
    const recording = {
      prepare: (text: string) => {
        seen.push(text)
        return db.prepare(text)
      },
      close: () => undefined,
    }
    const store = sqliteStore({ database: recording })
    await store.migrate()
    seen.length = 0
    await store.reportFigures({ processId: ['p'], orgUnit: ['u', 'v'] }, { from: T0, to: T0 + 1, now: T0 })
    await store.findInstances({ escalatedFrom: T0, escalatedBefore: T0 + 1 }, { limit: 10 })
    const plans = [...new Set(seen)].map((text) => {
      const params = (text.match(/\?/g) ?? []).map(() => 1)
      return {
        text,
        plan: (db.prepare(`explain query plan ${text}`).all(params) as { detail: string }[]).map((r) => r.detail),
      }
    })
    const escalations = plans.filter((p) => /fq_history/.test(p.text))
    expect(escalations).toHaveLength(2)
    for (const p of escalations) {
      expect(
        p.plan.some((d) => /SEARCH fq_history USING (COVERING )?INDEX fq_history_kind_at/.test(d)),
        p.plan.join('\n'),
      ).toBe(true)
    }
    const counts = plans.find((p) => /closed_on_time/.test(p.text))
    expect(counts?.plan.join('\n')).not.toMatch(/fq_instances_org_unit/)
    await store.close()
    db.close()
  })
})
