// Diagram source text that reached a built page unrendered: a fenced block of a diagram language,
// or a Mermaid / PlantUML / Graphviz header in any code block. The docs show pictures only.

const LANGUAGES = ['mermaid', 'plantuml', 'puml', 'dot', 'graphviz', 'bpmn', 'd2', 'nomnoml']
const HEADERS =
  /^\s*(stateDiagram(-v2)?|flowchart\s|graph\s+(TD|TB|LR|RL|BT)\b|sequenceDiagram|classDiagram|erDiagram|gantt\b|@startuml|digraph\s|<\?xml[^>]*\?>\s*<bpmn)/m

/**
 * The code blocks of an HTML page that hold diagram source.
 *
 * @param html - a built page
 * @returns the first line of each offending block (empty when the page has none)
 */
export function unrenderedDiagrams(html: string): string[] {
  const found: string[] = []
  for (const m of html.matchAll(/<code(?:\s+class="([^"]*)")?[^>]*>([\s\S]*?)<\/code>/g)) {
    const cls = m[1] ?? ''
    const text = (m[2] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
    const lang = /language-([\w-]+)/.exec(cls)?.[1]
    if ((lang !== undefined && LANGUAGES.includes(lang)) || HEADERS.test(text)) found.push(text.split('\n')[0] ?? '')
  }
  return found
}
