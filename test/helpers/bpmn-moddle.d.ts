// bpmn-moddle ships its types under a subpath only; this is the part the tests use.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, object>);

    fromXML(xml: string, type?: string): Promise<{ rootElement: any; warnings: { message: string }[] }>;
  }
}
