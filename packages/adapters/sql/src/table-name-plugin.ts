/**
 * A Kysely plugin that maps the store's logical table names (`instances`, `timers`, …) to their
 * real names: with the table prefix and, on PostgreSQL, the schema.
 *
 * @module
 * @internal
 */
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type TableNode,
  type UnknownRow,
} from 'kysely'

/** The logical names of the store's tables. */
export const TABLES = [
  'instances',
  'history',
  'timers',
  'tasks',
  'outbox',
  'idempotency',
  'incidents',
  'migrations',
] as const

/** One of {@link TABLES}. */
export type TableName = (typeof TABLES)[number]

/** Largest prefix accepted: keeps `<prefix>idempotency` and index names within 63 characters. */
const MAX_PREFIX = 32

class TableNameTransformer extends OperationNodeTransformer {
  readonly #prefix: string
  readonly #schema: string | undefined
  readonly #logical: ReadonlySet<string> = new Set(TABLES)

  constructor(prefix: string, schema: string | undefined) {
    super()
    this.#prefix = prefix
    this.#schema = schema
  }

  protected override transformTable(node: TableNode, queryId?: QueryId): TableNode {
    const t = super.transformTable(node, queryId)
    const name = t.table.identifier.name
    if (t.table.schema !== undefined || !this.#logical.has(name)) return t
    const identifier = { kind: 'IdentifierNode', name: this.#prefix + name } as const
    const schema = this.#schema === undefined ? undefined : ({ kind: 'IdentifierNode', name: this.#schema } as const)
    return {
      kind: 'TableNode',
      table:
        schema === undefined
          ? { kind: 'SchemableIdentifierNode', identifier }
          : { kind: 'SchemableIdentifierNode', schema, identifier },
    }
  }
}

/**
 * Rewrites logical table names into prefixed (and schema-qualified) ones in every query,
 * including tables named with `sql.table(...)` inside raw SQL.
 *
 * @internal
 */
export class TableNamePlugin implements KyselyPlugin {
  readonly #transformer: TableNameTransformer

  /**
   * @param prefix - prepended to every table name
   * @param schema - the schema that holds the tables (PostgreSQL), or undefined for the default
   */
  constructor(prefix: string, schema?: string) {
    this.#transformer = new TableNameTransformer(prefix, schema)
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId)
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/**
 * Checks a table prefix (or schema name): letters, digits and underscores, starting with a letter
 * or underscore, at most 32 characters.
 *
 * @param name - the prefix or schema name
 * @param allowEmpty - whether `''` is acceptable (it is for a prefix)
 * @returns whether `name` is usable unquoted on every supported database
 */
export function isSafeIdentifier(name: string, allowEmpty: boolean): boolean {
  return (allowEmpty && name === '') || (name.length <= MAX_PREFIX && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
}
