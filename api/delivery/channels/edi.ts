// The EDI channel: writes the invoice's UBL file where the EDI transfer picks it up. Called only
// by the outbox worker. Written atomically (a temporary file in the same folder, flushed to
// disk, then renamed), so the transfer never sees half a file; a file already there with the
// same content is left as it is (a repeat after a crash changes nothing).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Writes `<dir>/<number>.xml`; returns its path. */
export async function writeEdiFile(dir: string, invoiceNumber: string, xml: string): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(invoiceNumber)) throw new Error(`The invoice number "${invoiceNumber}" cannot name a file.`);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${invoiceNumber}.xml`);
  const existing = await readFile(target, 'utf8').catch(() => null);
  if (existing === xml) return target;
  const temporary = path.join(dir, `.${invoiceNumber}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(xml, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
  return target;
}

/** Makes the rename itself durable (where the platform lets a directory be opened). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
