// `pnpm demo --console` (or `pnpm console`): after the simulated month, the Fengqiao Console on
// the same engine and SQLite file, at a printed localhost address.
//
// DEMO ONLY: who is signed in comes from a cookie the page's role switcher sets, so anyone who
// can reach the port can be anyone. A real host resolves the actor from its own sign-in
// (session, token, single sign-on) in `resolveActor`, and never lets the browser choose.
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { Actor } from '@fengqiao/core'
import { consoleListener } from '@fengqiao/console'
import { deliberationParameters, roleLabels as deliberationRoles } from '@fengqiao/deliberation'
import { roleLabels as gridRoles } from '@fengqiao/grid'
import { mediationParameters, roleLabels as mediationRoles } from '@fengqiao/mediation'
import { petitionParameters, roleLabels as petitionRoles } from '@fengqiao/petition'
import {
  bureau,
  COUNTY,
  officials,
  organ,
  organHead,
  reviewOrgan,
  TOWN,
  orgUnits,
  villages,
  villageBodies,
} from './town.js'
import type { World } from './world.js'

/** The demo's people, for the role switcher: label and actor. */
export function demoUsers(): { label: string; actor: Actor }[] {
  const v = villages[0] as (typeof villages)[number]
  const village = officials(v.id)
  const town = officials(TOWN)
  const county = officials(COUNTY)
  const bodies = villageBodies(v.id)
  return [
    { label: `${village.mediator.id}（${v.id}人民调解员）`, actor: village.mediator },
    { label: `${village.committee.id}`, actor: village.committee },
    { label: `${town.mediator.id}（${TOWN}人民调解员）`, actor: town.mediator },
    { label: `${town.leader.id}（乡镇负责人）`, actor: town.leader },
    { label: `${county.leader.id}（县级）`, actor: county.leader },
    { label: `${bureau(TOWN).id}`, actor: bureau(TOWN) },
    { label: `${organ.id}`, actor: organ },
    { label: `${organHead.id}`, actor: organHead },
    { label: `${reviewOrgan.id}`, actor: reviewOrgan },
    { label: `${bodies.committee.id}`, actor: bodies.committee },
    { label: '系统管理员（admin，诸暨市）', actor: { id: '系统管理员', roles: ['admin'], orgUnit: COUNTY } },
  ]
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

/**
 * Serves the console for the demo's engine until the process is stopped.
 *
 * @param world - the demo's engine and plugins
 * @param port - the port (0: any free one)
 * @returns the address, and a function that stops the server
 */
export async function serveConsole(world: World, port: number): Promise<{ url: string; close(): Promise<void> }> {
  // The console's page is built by Vite (`pnpm console` builds it first); build it now if missing.
  const app = new URL('../../../packages/console/app/', import.meta.url)
  if (!existsSync(fileURLToPath(new URL('../dist/app/index.html', app)))) {
    const { build } = await import('vite')
    await build({ configFile: fileURLToPath(new URL('vite.config.ts', app)), logLevel: 'warn' })
  }
  const users = demoUsers()
  const { mediation, petition, deliberation, grid } = world.plugins
  const listener = consoleListener({
    engine: world.engine,
    processes: [...mediation.processes, ...petition.processes, ...deliberation.processes, ...grid.processes],
    parameters: [
      {
        processIds: mediation.processes.map((p) => p.id),
        rows: mediationParameters.rows(mediation.parameters as Parameters<typeof mediationParameters.rows>[0]),
      },
      {
        processIds: petition.processes.map((p) => p.id),
        rows: petitionParameters.rows(petition.parameters as Parameters<typeof petitionParameters.rows>[0]),
      },
      {
        processIds: deliberation.processes.map((p) => p.id),
        rows: deliberationParameters.rows(deliberation.parameters as Parameters<typeof deliberationParameters.rows>[0]),
      },
    ],
    roleLabels: {
      ...petitionRoles,
      ...deliberationRoles,
      ...mediationRoles,
      ...gridRoles,
      admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
    },
    orgUnits: orgUnits.map((u) => ({ id: u.id, name: u.name ?? u.id, parent: u.parent ?? null })),
    // DEMO ONLY (see the top of this file): the switcher's cookie picks the user.
    demoUsers: users.map((u) => ({ id: u.actor.id, label: u.label })),
    resolveActor: (req) => {
      const id = cookie(req, 'fq_demo_user')
      return (users.find((u) => u.actor.id === id) ?? users[0])?.actor
    },
  })
  const server = createServer((req, res) => void listener(req, res))
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
