// A TypeDoc plugin for Fengqiao's API reference: each entry point's module is named by the package
// import a user writes (`@fengqiao/core`, `@fengqiao/core/testing`), not by its source folder
// (`core/src`), and a package's main module opens with the package's one-line description.
// The names come from each package.json's `exports` (the `@fengqiao/source` condition maps an
// import path to its source file), so a new entry point needs no change here.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { Comment, Converter, ReflectionKind } from 'typedoc'

/** The package.json above a source file, with its directory. */
function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) return { dir, pkg: JSON.parse(readFileSync(manifest, 'utf8')) }
  }
  return undefined
}

/** The import path of a source file, and the package it belongs to, from the package's exports. */
export function importPathOf(file) {
  const found = packageOf(file)
  if (found === undefined || typeof found.pkg.name !== 'string') return undefined
  const source = `./${relative(found.dir, file).split('\\').join('/')}`
  for (const [subpath, target] of Object.entries(found.pkg.exports ?? {})) {
    if (typeof target === 'object' && target !== null && target['@fengqiao/source'] === source) {
      return {
        name: subpath === '.' ? found.pkg.name : `${found.pkg.name}${subpath.slice(1)}`,
        root: subpath === '.',
        description: found.pkg.description,
      }
    }
  }
  return undefined
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const modules = new Map()
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return
    const file = context.getSymbolFromReflection(reflection)?.getDeclarations()?.[0]?.getSourceFile().fileName
    const entry = file === undefined ? undefined : importPathOf(file)
    if (entry !== undefined) modules.set(reflection, entry)
  })
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const [reflection, entry] of modules) {
      reflection.name = entry.name
      if (entry.root && typeof entry.description === 'string') {
        const rest = reflection.comment?.summary ?? []
        const summary = [{ kind: 'text', text: `${entry.description}\n\n` }, ...rest]
        reflection.comment = new Comment(
          summary,
          reflection.comment?.blockTags ?? [],
          reflection.comment?.modifierTags ?? new Set(),
        )
      }
    }
    // The reference opens with every entry point and its package's description, linked.
    const project = context.project
    const parts = [
      {
        kind: 'text',
        text: 'Every entry point of the Fengqiao packages, by the import you write. The guides start at [Getting started](__SITE__/getting-started.html).\n\n',
      },
    ]
    const sorted = [...modules].sort((a, b) => a[1].name.localeCompare(b[1].name))
    for (const [reflection, entry] of sorted) {
      const summary = entry.root
        ? entry.description
        : (reflection.comment?.summary ?? [])
            .map((p) => p.text)
            .join('')
            .split('\n\n')[0]
            ?.replace(/\s+/g, ' ')
            .replace(/^`[^`]+`\s*[—-]\s*/, '')
      parts.push(
        { kind: 'text', text: '- ' },
        { kind: 'inline-tag', tag: '@link', text: entry.name, target: reflection },
        { kind: 'text', text: ` — ${summary ?? ''}\n` },
      )
    }
    project.readme = parts
    modules.clear()
  })
}
