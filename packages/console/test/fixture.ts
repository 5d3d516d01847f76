// A small county for the console's tests: people's mediation (and petitions) on one engine, on
// the memory store or SQLite, with a few cases in two villages and the users who act on them.
import type { AddressInfo } from 'node:net'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import {
  createEngine,
  manualClock,
  memoryStore,
  type Actor,
  type Engine,
  type OrgUnit,
  type Store,
} from '@fengqiao/core'
import { mediationParameters, mediationPlugin, roleLabels } from '@fengqiao/mediation'
import { sqliteStore } from '@fengqiao/adapter-sql'
import { consoleListener, type ConsoleOptions } from '../src/index.js'

export const orgUnits: OrgUnit[] = [
  { id: 'county', level: 'county', name: '某县' },
  { id: 'town', parent: 'county', level: 'township', name: '陈井镇' },
  { id: 'v1', parent: 'town', level: 'village', name: '一村' },
  { id: 'v2', parent: 'town', level: 'village', name: '二村' },
  { id: 'town2', parent: 'county', level: 'township', name: '别的镇' },
  { id: 'v3', parent: 'town2', level: 'village', name: '三村' },
]

/** The users the tests sign in as (the `x-test-user` header names one). */
export const users: Record<string, Actor> = {
  zhang: { id: 'zhang', roles: ['party'] },
  li: { id: 'li', roles: ['party'] },
  wang: { id: 'wang', roles: ['party'] },
  c1: { id: 'c1', roles: ['committee'], orgUnit: 'v1' },
  m1: { id: 'm1', roles: ['mediator'], orgUnit: 'v1' },
  c2: { id: 'c2', roles: ['committee'], orgUnit: 'v2' },
  c3: { id: 'c3', roles: ['committee'], orgUnit: 'v3' },
  head: { id: 'head', roles: ['township'], orgUnit: 'town' },
  head2: { id: 'head2', roles: ['township'], orgUnit: 'town2' },
  admin: { id: 'admin', roles: ['admin', 'county'], orgUnit: 'county' },
}

export const START = '2026-03-02T09:00:00+08:00'

export const baseInput = {
  parties: [
    { id: 'zhang', name: '张三' },
    { id: 'li', name: '李四' },
  ],
  disputeType: 'neighbour',
  facts: '宅基地边界围墙纠纷',
  request: '拆除越界围墙',
  applicants: ['zhang'],
}

export interface World {
  readonly engine: Engine
  readonly clock: ReturnType<typeof manualClock>
  readonly plugin: ReturnType<typeof mediationPlugin>
  /** Case ids by name: `v1a`, `v1b` (village 1), `v2a` (village 2), `v3a` (another township). */
  readonly cases: Record<string, string>
  /** While true, the police's intake (the `reportToPolice` effect) fails. */
  policeDown: boolean
  close(): Promise<void>
}

/**
 * An engine with four people's mediations: two in v1 (one accepted and with a mediator), one in
 * v2, one in v3 of another township.
 */
export async function makeWorld(kind: 'memory' | 'sqlite' = 'memory'): Promise<World> {
  let store: Store
  if (kind === 'sqlite') {
    const s = sqliteStore({ filename: ':memory:' })
    await s.migrate()
    store = s
  } else store = memoryStore()
  const clock = manualClock(START)
  const control = { policeDown: false }
  const plugin = mediationPlugin({
    effects: {
      reportToPolice: () => {
        if (control.policeDown) throw new Error('公安接口超时 (police intake timed out)')
      },
    },
  })
  const engine = createEngine({
    store,
    clock,
    plugins: [plugin],
    orgUnits,
    adminRoles: ['admin'],
    deliverAfterCommit: false,
    // One failed delivery opens an incident (the default waits for ten).
    incidents: { afterAttempts: 1 },
  })
  const start = async (orgUnit: string, facts: string) =>
    (await engine.start('mediation', { ...baseInput, facts }, { actor: users.zhang as Actor, orgUnit })).id
  const v1a = await start('v1', '宅基地边界围墙纠纷')
  const v1b = await start('v1', '相邻通行纠纷')
  const v2a = await start('v2', '二村的邻里纠纷')
  const v3a = await start('v3', '三村的邻里纠纷')
  await engine.send(v1a, { type: 'CONSENT', party: 'li' }, { actor: users.li as Actor })
  await engine.send(v1a, { type: 'ACCEPT' }, { actor: users.c1 as Actor })
  return {
    engine,
    clock,
    plugin,
    cases: { v1a, v1b, v2a, v3a },
    get policeDown() {
      return control.policeDown
    },
    set policeDown(v: boolean) {
      control.policeDown = v
    },
    close: () => engine.close(),
  }
}

/**
 * Opens an incident: the committee flags criminal risk on a case while the police's intake is
 * down, and the one delivery attempt fails.
 */
export async function openIncident(world: World, caseId: string): Promise<void> {
  world.policeDown = true
  await world.engine.send(
    caseId,
    { type: 'FLAG_CRIMINAL_RISK', by: 'c1', note: '扬言报复' },
    { actor: users.c1 as Actor },
  )
  await world.engine.runOutbox()
}

/** The console's options for a world, signing in the user the `x-test-user` header names. */
export function consoleOptions(world: World): ConsoleOptions<IncomingMessage> {
  return {
    engine: world.engine,
    processes: world.plugin.processes,
    parameters: [
      {
        processIds: world.plugin.processes.map((p) => p.id),
        rows: mediationParameters.rows(world.plugin.parameters as Parameters<typeof mediationParameters.rows>[0]),
      },
    ],
    roleLabels,
    orgUnits,
    resolveActor: (req) => {
      const name = req.headers['x-test-user']
      return typeof name === 'string' ? users[name] : undefined
    },
  }
}

/** A node:http server running the console at `basePath`, on a free port. */
export async function serve(
  options: ConsoleOptions<IncomingMessage>,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const listener = consoleListener(options)
  const server = createServer((req, res) => void listener(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${options.basePath ?? ''}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A signed-in client: fetches the session's CSRF token and sends it (and its cookie) with commands. */
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as each test asserts them */
/** What {@link client} returns. */
export interface Client {
  readonly session: { readonly status: number; readonly ok: boolean }
  readonly token: string
  get(path: string): Promise<{ status: number; headers: Headers; body: any }>
  post(path: string, body: unknown, opts?: { csrf?: boolean }): Promise<{ status: number; body: any }>
}

export async function client(url: string, user: string | undefined): Promise<Client> {
  const headers: Record<string, string> = user === undefined ? {} : { 'x-test-user': user }
  let cookie = ''
  let token = ''
  const session = await fetch(`${url}/api/session`, { headers })
  if (session.ok) {
    cookie = (session.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
    token = ((await session.json()) as { csrfToken: string }).csrfToken
  }
  return {
    session,
    token,
    async get(path: string) {
      const r = await fetch(`${url}${path}`, { headers })
      return { status: r.status, headers: r.headers, body: (await r.json()) as any }
    },
    async post(path: string, body: unknown, opts: { csrf?: boolean } = {}) {
      const r = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          cookie,
          ...(opts.csrf === false ? {} : { 'x-fengqiao-csrf': token }),
        },
        body: JSON.stringify(body),
      })
      return { status: r.status, body: (await r.json()) as any }
    },
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
