/** bpmn-moddle ships no typings for its main entry; this is the part the engine uses. */
declare module 'bpmn-moddle' {
  export interface ModdleContext {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    references: unknown[];
    warnings: { message: string; element?: { id?: string; $type?: string } }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, type?: string): Promise<ModdleContext>;
  }
}
