/**
 * The process diagram the pages draw with bpmn-js: the BPMN export of `@fengqiao/bpmn`, laid out
 * once per process version and kept.
 *
 * @module
 */
import { toBpmn } from '@fengqiao/bpmn'
import type { AnyProcessDefinition } from '@fengqiao/core'

const cache = new WeakMap<AnyProcessDefinition, Map<string, Promise<string>>>()

/**
 * The process version as BPMN 2.0 XML with diagram layout (each state's element carries its
 * state path as `fq:state`, which the case page uses to mark the current state).
 *
 * @param def - a registered process version
 * @param lang - the labels' language
 * @returns the XML
 */
export function bpmnOf(def: AnyProcessDefinition, lang: 'zh-CN' | 'en'): Promise<string> {
  let byLang = cache.get(def)
  if (byLang === undefined) {
    byLang = new Map()
    cache.set(def, byLang)
  }
  let xml = byLang.get(lang)
  if (xml === undefined) {
    xml = toBpmn(def, { lang })
    byLang.set(lang, xml)
  }
  return xml
}
