// The adapter keeps a few per-column tables next to `instanceColumns` / `historyColumns`: the
// PostgreSQL types of the typed commit and the field behind each updatable column. A column
// added to one and not the others would break commits on one database only; these tests fail
// first.
import type { HistoryEntry } from '@fengqiao/core/store'
import { describe, expect, it } from 'vitest'
import { HISTORY_TYPES, INSTANCE_TYPES } from '../src/postgres/column-types.js'
import {
  COLUMN_FIELDS,
  IMMUTABLE_INSTANCE_COLUMNS,
  UPDATED_INSTANCE_COLUMNS,
  historyColumns,
  instanceColumns,
  toText,
} from '../src/columns.js'
import { instance } from './fixtures.js'

describe('per-column tables', () => {
  const row = instanceColumns(instance('a'), toText)

  it('give a PostgreSQL type for every instance and history column', () => {
    expect(Object.keys(INSTANCE_TYPES).sort()).toEqual(Object.keys(row).sort())
    const h: HistoryEntry = {
      instanceId: 'a',
      seq: 1,
      at: 0,
      kind: 'started',
      event: null,
      actor: null,
      from: null,
      to: 's',
      version: 1,
      detail: null,
      prevHash: '',
      hash: 'h',
    }
    expect(Object.keys(HISTORY_TYPES).sort()).toEqual(Object.keys(historyColumns(h, toText)).sort())
  })

  it('name the field behind every column an update may set, and only those', () => {
    expect(Object.keys(COLUMN_FIELDS).sort()).toEqual([...UPDATED_INSTANCE_COLUMNS].sort())
    expect(UPDATED_INSTANCE_COLUMNS.filter((c) => IMMUTABLE_INSTANCE_COLUMNS.has(c))).toEqual([])
    // Each column's value is the named field's (encoded for JSON columns, 0/1 for breached).
    const source = instance('a', {
      processVersion: 7,
      stateKey: 'k',
      version: 9,
      orgUnit: 'u',
      updatedAt: 11,
      historySeq: 12,
      historyHash: 'hh',
      dueAt: 13,
      warnAt: 16,
      completedAt: 14,
      outcome: 'o',
      escalations: 15,
    })
    const encoded = instanceColumns(source, toText) as Record<string, unknown>
    for (const [column, field] of Object.entries(COLUMN_FIELDS)) {
      const value: unknown = source[field]
      const expected =
        column === 'breached'
          ? value === true
            ? 1
            : 0
          : typeof value === 'object' && value !== null
            ? JSON.stringify(value)
            : value
      expect([column, encoded[column]]).toEqual([column, expected])
    }
  })
})
