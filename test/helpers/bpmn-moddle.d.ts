// bpmn-moddle ships its types under a subpath only; this is the part the tests use.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, object>);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fromXML(xml: string, type?: string): Promise<{ rootElement: any; warnings: { message: string }[] }>;
  }
}
