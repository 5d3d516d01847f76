/**
 * PostgreSQL types of the instance and history columns, for the casts of the typed parameters
 * of the one-statement commit.
 *
 * @module
 * @internal
 */

/** PostgreSQL types of the instance columns, for the casts of typed parameters. @internal */
export const INSTANCE_TYPES: Readonly<Record<string, string>> = {
  id: 'text',
  process_id: 'text',
  process_version: 'integer',
  status: 'text',
  state_key: 'text',
  snapshot: 'jsonb',
  timers: 'jsonb',
  tasks: 'jsonb',
  version: 'integer',
  org_unit: 'text',
  business_key: 'text',
  parent_id: 'text',
  parent_done_event: 'text',
  created_at: 'bigint',
  updated_at: 'bigint',
  history_seq: 'integer',
  history_hash: 'text',
  deadlines: 'jsonb',
  due_at: 'bigint',
  warn_at: 'bigint',
  breached: 'integer',
  completed_at: 'bigint',
  outcome: 'text',
  escalations: 'integer',
}

/** PostgreSQL types of the history columns. @internal */
export const HISTORY_TYPES: Readonly<Record<string, string>> = {
  instance_id: 'text',
  seq: 'integer',
  at: 'bigint',
  kind: 'text',
  event: 'jsonb',
  actor: 'jsonb',
  from_state: 'text',
  to_state: 'text',
  version: 'integer',
  detail: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
  key_id: 'text',
  row_digest: 'text',
}
