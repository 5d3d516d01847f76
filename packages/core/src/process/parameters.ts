/**
 * Statutory parameters: every number (or rule switch) a procedure uses, with its default, the
 * article it comes from, how far that source is verified, and a zod schema that checks a
 * deployment's override. One declaration gives the resolver, the defaults and the docs table.
 *
 * @module
 */
import type { z } from 'zod'
import { FengqiaoError } from '../errors.js'
import type { Labels } from './define-process.js'

/**
 * How far a parameter's default is confirmed: `'V'` checked against the legal text, `'S'` local
 * practice or a source of lower rank, `'U'` unverified (configurable on purpose), `'design'` a
 * choice of the package where the law is silent.
 */
export type VerificationStatus = 'V' | 'S' | 'U' | 'design'

/** One parameter: its default, its source and the schema an override must pass. */
export interface ParameterSpec<T = unknown> {
  /** The value in force when a deployment does not override it. */
  readonly default: T
  /** The legal source, for example `'XF Art. 34'`, or the practice behind the default. */
  readonly article: string
  /** How far the default is confirmed. */
  readonly status: VerificationStatus
  /** What the parameter limits, in Chinese and English. */
  readonly description: Labels
  /** Checks an override (and the default). */
  readonly schema: z.ZodType<T>
  /** The unit for people, for example `'calendar days (日)'`. */
  readonly unit?: string
  /** How the docs table shows a value. @defaultValue `String(value)` (JSON for objects) */
  readonly format?: (value: T) => string
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a spec of any value type; `format` makes ParameterSpec<T> invariant in T
type AnySpec = ParameterSpec<any>

/** A parameter or a named group of parameters (resolved and overridden group by group). */
export type ParameterEntry = AnySpec | { readonly [name: string]: AnySpec }

/** The declarations {@link defineParameters} takes: parameters, or groups of them. */
export type ParameterSpecs = { readonly [name: string]: ParameterEntry }

type ValueOfSpec<E> = E extends { readonly schema: infer Z extends z.ZodType } ? z.output<Z> : never
type ValueOfEntry<E> = E extends { readonly schema: z.ZodType }
  ? ValueOfSpec<E>
  : { readonly [K in keyof E]: ValueOfSpec<E[K]> }

/** The resolved values of a set of parameter declarations. */
export type ParameterValues<S extends ParameterSpecs> = { readonly [K in keyof S]: ValueOfEntry<S[K]> }

/** An override: any parameter, and within a group any of its members. */
export type ParameterOverrides<S extends ParameterSpecs> = {
  readonly [K in keyof S]?: S[K] extends { readonly schema: z.ZodType }
    ? ValueOfSpec<S[K]>
    : { readonly [M in keyof S[K]]?: ValueOfSpec<S[K][M]> }
}

/** One row of the parameter table. */
export interface ParameterRow {
  /** The parameter's name; `group.name` inside a group. */
  readonly name: string
  /** The value, as the docs show it. */
  readonly value: string
  readonly article: string
  readonly status: VerificationStatus
  readonly unit: string | undefined
  readonly description: Labels
}

/** A checked set of parameters, made by {@link defineParameters}. */
export interface ParameterSet<S extends ParameterSpecs> {
  /** What the set is called in error messages, for example `'petition'`. */
  readonly name: string
  /** The declarations. */
  readonly specs: S
  /** The defaults, frozen. */
  readonly defaults: ParameterValues<S>
  /**
   * The defaults with overrides applied, checked and frozen.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS naming the parameter, its article and what is wrong
   */
  resolve(overrides?: ParameterOverrides<S>): ParameterValues<S>
  /** The table rows for a resolved set (the defaults when omitted), in declaration order. */
  rows(values?: ParameterValues<S>): readonly ParameterRow[]
  /** The Markdown table of {@link ParameterSet.rows}, as the generated docs print it. */
  table(values?: ParameterValues<S>): string
}

/** Options of {@link defineParameters}. */
export interface DefineParametersOptions<S extends ParameterSpecs> {
  /**
   * A check across parameters, run after each one passed its own schema: return a message per
   * problem, keyed by the parameter (`'group.name'` inside a group) it is reported against.
   */
  readonly check?: (values: ParameterValues<S>) => ReadonlyArray<readonly [parameter: string, message: string]>
}

const STATUS_WORDS: Readonly<Record<VerificationStatus, string>> = {
  V: 'verified',
  S: 'local practice',
  U: '**[U]** unverified',
  design: 'design choice',
}

const isSpec = (e: unknown): e is AnySpec =>
  typeof e === 'object' &&
  e !== null &&
  'schema' in e &&
  typeof (e as { schema?: { safeParse?: unknown } }).schema?.safeParse === 'function' &&
  'default' in e

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

/**
 * Formats zod issues as `path: message; path: message`, the way every INVALID_* message of the
 * house reads.
 *
 * @param issues - `error.issues` of a failed `safeParse`
 * @param prefix - a path to put in front of every issue's own path
 * @returns one line
 */
export function formatIssues(
  issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>,
  prefix: readonly string[] = [],
): string {
  return issues.map((i) => `${[...prefix, ...i.path.map(String)].join('.') || '(root)'}: ${i.message}`).join('; ')
}

/**
 * Declares a procedure's parameters once: defaults, articles, verification status, validation and
 * the docs table all come from it.
 *
 * @param name - what the set is called in error messages (`'petition'`)
 * @param specs - each parameter (or group of parameters) with default, article, status, schema
 * @param options - a check across parameters
 * @returns the parameter set: `defaults`, `resolve(overrides)`, `rows()`, `table()`
 * @throws {FengqiaoError} INVALID_DEFINITION when a default fails its own schema or check
 * @example
 * ```ts
 * const petitionParameters = defineParameters('petition', {
 *   handleDays: { default: 60, article: 'XF Art. 34', status: 'V', schema: z.number().int().positive(), unit: 'calendar days (日)', description: { 'zh-CN': '办结期限', en: 'Handling period' } },
 * })
 * petitionParameters.resolve({ handleDays: 45 }).handleDays // 45
 * ```
 */
export function defineParameters<const S extends ParameterSpecs>(
  name: string,
  specs: S,
  options: DefineParametersOptions<S> = {},
): ParameterSet<S> {
  const entries = Object.entries(specs)
  const specAt = (path: string): AnySpec | undefined => {
    const [g, m] = path.split('.') as [string, string | undefined]
    const e = Object.hasOwn(specs, g) ? specs[g] : undefined
    if (e === undefined) return undefined
    if (m === undefined) return isSpec(e) ? e : undefined
    return isSpec(e) ? undefined : Object.hasOwn(e, m) ? e[m] : undefined
  }
  const fail = (
    code: 'INVALID_OPTIONS' | 'INVALID_DEFINITION',
    parameter: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): FengqiaoError => {
    const spec = specAt(parameter)
    return new FengqiaoError(
      code,
      `Invalid ${name} parameter "${parameter}"${spec === undefined ? '' : ` (${spec.article})`}: ${message}`,
      { parameter, ...(spec === undefined ? {} : { article: spec.article }), ...extra },
    )
  }
  const unknown = (parameter: string, known: readonly string[]): FengqiaoError =>
    new FengqiaoError('INVALID_OPTIONS', `Unknown ${name} parameter "${parameter}" (known: ${known.join(', ')}).`, {
      parameter,
      known: [...known],
    })
  const checkOne = (
    code: 'INVALID_OPTIONS' | 'INVALID_DEFINITION',
    path: string,
    spec: AnySpec,
    value: unknown,
  ): unknown => {
    const r = spec.schema.safeParse(value)
    if (!r.success) throw fail(code, path, `${formatIssues(r.error.issues)}.`, { value, issues: r.error.issues })
    return r.data
  }
  const build = (
    code: 'INVALID_OPTIONS' | 'INVALID_DEFINITION',
    overrides: Record<string, unknown>,
  ): ParameterValues<S> => {
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `The ${name} parameter overrides must be an object of { name: value }; got ${overrides === null ? 'null' : typeof overrides}.`,
        {},
      )
    }
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(overrides)) {
      if (!Object.hasOwn(specs, key)) throw unknown(key, Object.keys(specs))
    }
    for (const [key, entry] of entries) {
      const given = overrides[key]
      if (isSpec(entry)) {
        out[key] = checkOne(code, key, entry, given === undefined ? entry.default : given)
        continue
      }
      if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
        throw fail(
          'INVALID_OPTIONS',
          key,
          `a group of parameters is overridden with an object (known: ${Object.keys(entry).join(', ')}).`,
        )
      }
      const group: Record<string, unknown> = {}
      const g = (given ?? {}) as Record<string, unknown>
      for (const m of Object.keys(g)) if (!Object.hasOwn(entry, m)) throw unknown(`${key}.${m}`, Object.keys(entry))
      for (const [m, spec] of Object.entries(entry))
        group[m] = checkOne(code, `${key}.${m}`, spec, g[m] === undefined ? spec.default : g[m])
      out[key] = group
    }
    const values = out as ParameterValues<S>
    const problems = options.check?.(values) ?? []
    if (problems.length > 0) {
      const [first] = problems
      throw fail(code, first![0], `${problems.map(([p, m]) => (p === first![0] ? m : `${p}: ${m}`)).join('; ')}.`, {
        problems: problems.map(([parameter, message]) => ({ parameter, message })),
      })
    }
    return deepFreeze(values)
  }
  for (const [key, entry] of entries) {
    if (isSpec(entry)) continue
    if (typeof entry !== 'object' || entry === null || Object.values(entry).some((s) => !isSpec(s))) {
      throw new FengqiaoError(
        'INVALID_DEFINITION',
        `Parameter "${key}" of ${name} needs { default, article, status, description, schema } (or a group of such).`,
        { parameter: key },
      )
    }
  }
  const defaults = build('INVALID_DEFINITION', {})
  const rows = (values: ParameterValues<S> = defaults): readonly ParameterRow[] =>
    entries.flatMap(([key, entry]) => {
      const list: Array<[string, AnySpec, unknown]> = isSpec(entry)
        ? [[key, entry, (values as Record<string, unknown>)[key]]]
        : Object.entries(entry).map(([m, s]) => [
            `${key}.${m}`,
            s,
            ((values as Record<string, Record<string, unknown>>)[key] ?? {})[m],
          ])
      return list.map(([n, s, v]) => ({
        name: n,
        value:
          s.format !== undefined ? s.format(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v),
        article: s.article,
        status: s.status,
        unit: s.unit,
        description: s.description,
      }))
    })
  const table = (values: ParameterValues<S> = defaults): string =>
    [
      '| Parameter | Default | Unit | Source | Status | Meaning |',
      '|---|---|---|---|---|---|',
      ...rows(values).map(
        (r) =>
          `| \`${r.name}\` | ${r.value} | ${r.unit ?? ''} | ${r.article} | ${STATUS_WORDS[r.status]} | ${r.description.en} (${r.description['zh-CN']}) |`,
      ),
      '',
    ].join('\n')
  return Object.freeze({
    name,
    specs,
    defaults,
    resolve: (overrides?: ParameterOverrides<S>) =>
      build('INVALID_OPTIONS', (overrides ?? {}) as Record<string, unknown>),
    rows,
    table,
  })
}
