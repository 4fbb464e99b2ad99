// `npm run manifest -- --url https://host:port [--out file] [--id guid]`
// Writes a copy of manifest.xml whose URLs point at another address (the checked-in one points
// at https://localhost:4000). The copy gets its own add-in Id, derived from the address unless
// --id is given, and the host in its display name, so it can be sideloaded beside the original.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_ORIGIN = 'https://localhost:4000';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** https://host:port (a trailing path is dropped: the add-in is served at the root). Throws with the accepted form. */
export function addinOrigin(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error(`"${input}" is not a URL; give it like https://ledger.example.com or https://host:4000.`);
  }
  if (url.protocol !== 'https:') throw new Error(`Excel loads add-ins over HTTPS only; "${input}" is ${url.protocol.replace(':', '')}.`);
  return url.origin;
}

/** A stable GUID for an address (SHA-1 based, RFC 4122 version 5 layout). */
export function idFor(origin: string): string {
  const hash = crypto.createHash('sha1').update(`ledgerline-addin:${origin}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function rewriteManifest(xml: string, options: { origin: string; id?: string }): string {
  const { origin } = options;
  if (origin === DEFAULT_ORIGIN && !options.id) return xml;
  const id = options.id ?? idFor(origin);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`--id "${id}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
  const host = new URL(origin).host;
  return xml
    .split(DEFAULT_ORIGIN)
    .join(origin)
    .replace(/<Id>[^<]*<\/Id>/, `<Id>${id}</Id>`)
    .replace(/<DisplayName DefaultValue="[^"]*"\/>/, `<DisplayName DefaultValue="Ledgerline (${host})"/>`);
}

function main(): void {
  const { values } = parseArgs({ options: { url: { type: 'string' }, out: { type: 'string' }, id: { type: 'string' } } });
  if (!values.url) {
    console.error('Usage: npm run manifest -- --url https://host:port [--out manifest.host.xml] [--id <guid>]');
    process.exit(2);
  }
  let origin: string;
  let xml: string;
  try {
    origin = addinOrigin(values.url);
    xml = rewriteManifest(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'), { origin, id: values.id });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const url = new URL(origin);
  const out = path.resolve(values.out ?? `manifest.${url.hostname}${url.port ? `-${url.port}` : ''}.xml`);
  fs.writeFileSync(out, xml);
  console.log(`Wrote ${out}: the add-in at ${origin}/index.html. Sideload it as README.md describes.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
