// bpmn-moddle ships no type declarations; this is the part of its API Fengqiao uses.
declare module 'bpmn-moddle' {
  /** A model element: its `$type`, properties and any unknown attributes in `$attrs`. */
  export interface ModdleElement {
    readonly $type: string
    $parent?: ModdleElement
    $attrs?: Record<string, string>
    id?: string
    name?: string
    get(name: string): unknown
    set(name: string, value: unknown): void
    [key: string]: unknown
  }
  export interface ParseResult {
    rootElement: ModdleElement
    warnings: Array<{ message: string; element?: ModdleElement; property?: string }>
    references: unknown[]
    elementsById: Record<string, ModdleElement>
  }
  export default class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>)
    create(type: string, attrs?: Record<string, unknown>): ModdleElement
    fromXML(xml: string, typeName?: string): Promise<ParseResult>
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>
  }
}
