// Names for people, from the processes' own label tables (the catalog the server sends).
import { label, t, type Word } from './i18n.js'
import type { Catalog, Colour, ProcessDescription } from './types.js'

let catalog: Catalog = { processes: [], roleLabels: {}, orgUnits: [] }

/** Keeps the catalog for every label. */
export function setCatalog(c: Catalog): void {
  catalog = c
}

/** The catalog. */
export function getCatalog(): Catalog {
  return catalog
}

/** A process's description (the given version, or the newest). */
export function processOf(id: string, version?: number): ProcessDescription | undefined {
  const all = catalog.processes.filter((p) => p.id === id)
  return version === undefined ? all.sort((a, b) => b.version - a.version)[0] : all.find((p) => p.version === version)
}

/** A process's name. */
export function processName(id: string): string {
  return label(processOf(id)?.label, id)
}

/**
 * A state key's name: per parallel region (`|`), the label of the deepest labelled state on its
 * path, the regions joined by ` · `.
 */
export function stateName(processId: string, stateKey: string): string {
  const p = processOf(processId)
  return stateKey
    .split('|')
    .map((region) => {
      const parts = region.split('.')
      // A task's state node is its id, `<machine id>.<path>`: drop the machine's id.
      if (parts.length > 1 && !(p?.states.some((x) => x.path === parts[0]) ?? true)) parts.shift()
      for (let i = parts.length; i > 0; i--) {
        const s = p?.states.find((x) => x.path === parts.slice(0, i).join('.'))
        if (s?.label) return label(s.label, region)
      }
      return region
    })
    .join(' · ')
}

/** An event's name. */
export function eventName(processId: string, type: string): string {
  return label(processOf(processId)?.events.find((e) => e.type === type)?.label, type)
}

/** A role's name. */
export function roleName(role: string): string {
  return label(catalog.roleLabels[role], role)
}

/** An org unit's name. */
export function unitName(id: string | null | undefined): string {
  if (id === null || id === undefined) return '—'
  return catalog.orgUnits.find((u) => u.id === id)?.name ?? id
}

/** A colour's word. */
export function colourName(c: Colour | null | undefined): string {
  return c === null || c === undefined ? '—' : t(c)
}

/** A status's word. */
export function statusName(s: string): string {
  return ['active', 'completed', 'failed', 'suspended', 'cancelled'].includes(s) ? t(s as Word) : s
}
