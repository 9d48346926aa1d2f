/**
 * A stand-in for the Chromium step of document rendering, used by the whole-case tests that are
 * about the procedure rather than the PDFs (dibao-granted-and-refused.test.ts renders real PDFs;
 * test/documents covers the renderer itself). Why: on this shared two-core machine Chromium takes
 * about ten seconds per document, and a case has up to a dozen documents.
 *
 * Everything before Chromium is real: the template's zod schema, the Handlebars template, the font
 * coverage check (`DocumentRenderer.html`), the 文号, the archive and its hash chain. Instead of
 * printing, it records what it was asked to render and returns a one-page PDF titled like the
 * document, with the same source hash the real renderer computes.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { canonicalJson, DocumentRenderer, type RenderedDocument } from '../../../server/documents/renderer';

export interface Recorded {
  template: string;
  title: string;
  data: Record<string, unknown>;
}

export class RecordingRenderer {
  readonly rendered: Recorded[] = [];
  readonly pool = { size: 1 };

  private constructor(private readonly real: DocumentRenderer) {}

  static async create(fontDir?: string): Promise<RecordingRenderer> {
    return new RecordingRenderer(await DocumentRenderer.create(fontDir ? { fontDir } : {}));
  }

  validate(template: string, data: unknown) {
    return this.real.validate(template, data);
  }

  async render(template: string, data: unknown): Promise<RenderedDocument> {
    const { spec, data: valid } = await this.real.html(template, data);
    const doc = await PDFDocument.create();
    doc.setTitle(spec.title);
    doc.addPage();
    const pdf = Buffer.from(await doc.save());
    const sourceSha256 = createHash('sha256')
      .update(`${template}\n${canonicalJson(valid)}`)
      .digest('hex');
    this.rendered.push({ template: spec.name, title: spec.title, data: valid });
    return { pdf, pages: 1, title: spec.title, spec, data: valid, sourceSha256, chromiumMs: 0 };
  }

  close(): Promise<void> {
    return this.real.close();
  }
}
