/**
 * What the host gives the console.
 *
 * @module
 */
import type { Actor, AnyProcessDefinition, Engine, Labels, ParameterRow } from '@fengqiao/core'

/**
 * Who is asking, as the host knows it: the host's own authentication (session cookie, bearer
 * token, single sign-on) turns the request into an {@link Actor}. Return `null` or `undefined` for
 * a request without a signed-in user; the console answers 401 and reads nothing. The console
 * never makes up an identity of its own.
 *
 * @typeParam R - the request as the mount passes it: a Fetch `Request`, a `node:http`
 *   `IncomingMessage`, or a `FastifyRequest`
 */
export type ResolveActor<R> = (request: R) => Actor | null | undefined | Promise<Actor | null | undefined>

/** The statutory parameters in force for some processes, with their articles. */
export interface ParameterTable {
  /** The processes the parameters govern (their ids). */
  readonly processIds: readonly string[]
  /** The rows, as `ParameterSet.rows(values)` gives them. */
  readonly rows: readonly ParameterRow[]
}

/** Options of {@link createConsole}. */
export interface ConsoleOptions<R = Request> {
  /** The host's engine. Every read and command of the console goes through it, as the actor. */
  readonly engine: Engine
  /** Turns a request into the signed-in actor (see {@link ResolveActor}). */
  readonly resolveActor: ResolveActor<R>
  /**
   * The processes the engine runs (the same definitions given to `createEngine`, or a plugin's
   * `processes`): the Processes page, the labels, and the forms generated from event schemas.
   */
  readonly processes: readonly AnyProcessDefinition[]
  /** Statutory parameters to show on the Processes page (`xxxParameters.rows(plugin.parameters)`). */
  readonly parameters?: readonly ParameterTable[]
  /** Role names for people, by role (the procedure packages export `roleLabels`). */
  readonly roleLabels?: Readonly<Record<string, Labels>>
  /**
   * Org-unit names for people, by id (the engine's `orgUnits` option, whose `name`s are shown).
   */
  readonly orgUnits?: readonly {
    readonly id: string
    readonly name?: string | undefined
    readonly parent?: string | null | undefined
  }[]
  /**
   * The path the console is mounted at, for example `'/console'` (the Fastify plugin takes it
   * from its prefix). @defaultValue `''` (the root)
   */
  readonly basePath?: string
  /**
   * Where the built single-page app is (its `index.html` and `assets/`).
   * @defaultValue the package's own `dist/app`
   */
  readonly appDir?: string
  /**
   * A demo-only list of users the page offers in a role switcher. A real host leaves it out:
   * identity comes from `resolveActor` alone. @internal
   */
  readonly demoUsers?: readonly { readonly id: string; readonly label: string }[]
}
