/**
 * Coordinates for the diagram, from ELK's layered layout: every subprocess is a nested graph,
 * boundary events are ports on their host's lower border. Nothing here places a shape itself:
 * positions are ELK's, shifted from container-relative to absolute.
 *
 * @module
 */
import ElkModule from 'elkjs/lib/elk.bundled.js'
import type { ElkExtendedEdge, ElkNode, ELK as ElkApi } from 'elkjs/lib/elk-api.js'
import type { GraphNode, NodeKind, ProcessGraph } from './graph.js'

/** A shape's absolute bounds. */
export interface Bounds {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** Where everything goes. */
export interface Layout {
  readonly shapes: ReadonlyMap<string, Bounds>
  readonly edges: ReadonlyMap<string, ReadonlyArray<{ x: number; y: number }>>
}

const SIZE: Record<NodeKind, readonly [number, number]> = {
  startEvent: [36, 36],
  endEvent: [36, 36],
  escalationEnd: [36, 36],
  messageCatch: [36, 36],
  timerCatch: [36, 36],
  boundaryTimer: [36, 36],
  boundaryMessage: [36, 36],
  boundaryEscalation: [36, 36],
  exclusiveGateway: [50, 50],
  parallelGateway: [50, 50],
  userTask: [120, 80],
  task: [120, 80],
  callActivity: [120, 80],
  subProcess: [0, 0],
}

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.portConstraints': 'FIXED_SIDE',
}

// elkjs is CommonJS; under Node's ESM loader the class may arrive as the module itself.
const Elk = ((ElkModule as unknown as { default?: unknown }).default ?? ElkModule) as unknown as new () => ElkApi

/**
 * Lays the graph out.
 *
 * @param graph - from `buildGraph`
 * @returns absolute bounds per node and waypoints per flow
 */
export async function layoutGraph(graph: ProcessGraph): Promise<Layout> {
  const containers = new Map<string | null, ElkNode>()
  const root: ElkNode = {
    id: '__root',
    layoutOptions: { ...LAYERED, 'elk.padding': '[top=20,left=20,bottom=20,right=20]' },
    children: [],
    edges: [],
  }
  containers.set(null, root)
  const elkNodes = new Map<string, ElkNode>()
  const boundary: GraphNode[] = []
  for (const n of graph.nodes) {
    if (n.attachedTo !== undefined) {
      boundary.push(n)
      continue
    }
    const [width, height] = SIZE[n.kind]
    const node: ElkNode =
      n.kind === 'subProcess'
        ? {
            id: n.id,
            layoutOptions: { ...LAYERED, 'elk.padding': '[top=36,left=24,bottom=36,right=24]' },
            children: [],
            edges: [],
          }
        : { id: n.id, width, height, layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' } }
    elkNodes.set(n.id, node)
    if (n.kind === 'subProcess') containers.set(n.id, node)
  }
  for (const n of graph.nodes) {
    if (n.attachedTo !== undefined) continue
    containers.get(n.scope)?.children?.push(elkNodes.get(n.id) as ElkNode)
  }
  for (const b of boundary) {
    const host = elkNodes.get(b.attachedTo as string) as ElkNode
    host.ports = [
      ...(host.ports ?? []),
      { id: b.id, width: 36, height: 36, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.borderOffset': '-18' } },
    ]
  }
  for (const f of graph.flows) {
    const edge: ElkExtendedEdge = { id: f.id, sources: [f.source], targets: [f.target] }
    containers.get(f.scope)?.edges?.push(edge)
  }
  const laid = await new Elk().layout(root)

  const shapes = new Map<string, Bounds>()
  const edges = new Map<string, Array<{ x: number; y: number }>>()
  const visit = (node: ElkNode, ox: number, oy: number): void => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0)
      const y = oy + (child.y ?? 0)
      shapes.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 })
      for (const p of child.ports ?? [])
        shapes.set(p.id, { x: x + (p.x ?? 0), y: y + (p.y ?? 0), width: p.width ?? 36, height: p.height ?? 36 })
      visit(child, x, y)
    }
    for (const e of node.edges ?? []) {
      const points: Array<{ x: number; y: number }> = []
      for (const s of e.sections ?? []) {
        for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: ox + p.x, y: oy + p.y })
      }
      edges.set(e.id, points)
    }
  }
  visit(laid, laid.x ?? 0, laid.y ?? 0)
  return { shapes, edges }
}
