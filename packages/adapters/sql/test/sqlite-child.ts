/**
 * Run by sqlite.test.ts in child processes: migrates a SQLite file and writes to it, to check
 * that several processes can do so at once.
 *
 * Usage: node --conditions=@fengqiao/source --import tsx sqlite-child.ts <file> <tag> <count>
 */
import { sqliteStore } from '../src/index.js'
import { instance, start, update } from './fixtures.js'

const [file, tag, count] = process.argv.slice(2)
if (file === undefined || tag === undefined) throw new Error('usage: sqlite-child.ts <file> <tag> <count>')
const store = sqliteStore({ filename: file })
await store.migrate()
for (let i = 0; i < Number(count ?? 20); i++) {
  await store.commit(start(instance(`${tag}-${i}`)))
  await store.commit(update(instance(`${tag}-${i}`), 1))
}
await store.close()
