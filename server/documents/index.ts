/**
 * The documents service as the rest of the app uses it: one renderer (one Chromium, a page pool)
 * and the archive's file store, configured from server/config.ts.
 */
import type { Config } from '../config';
import { FileStore } from './archive/file-store';
import { DocumentRenderer } from './renderer';

export interface DocumentServices {
  renderer: DocumentRenderer;
  store: FileStore;
  close(): Promise<void>;
}

export async function createDocumentServices(config: Config): Promise<DocumentServices> {
  const d = config.documents;
  const renderer = await DocumentRenderer.create({
    fontDir: d.fontDir,
    size: d.pages,
    timeoutMs: d.timeoutMs,
    recycleAfter: d.recycleAfter,
    maxRssMb: d.maxRssMb,
  });
  return { renderer, store: new FileStore(d.archiveDir), close: () => renderer.close() };
}
