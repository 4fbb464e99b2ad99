// ?host=fake: an in-memory workbook stands in for Excel (end-to-end tests, a demo without
// Office). Loaded only by that path, as its own chunk.
import { installFakeExcel } from './in-memory-excel/index.js';

declare global {
  interface Window {
    __fakeExcel?: unknown;
  }
}

export async function installFakeHost(): Promise<void> {
  window.__fakeExcel = await installFakeExcel();
}
