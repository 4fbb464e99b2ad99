// The size of what a sync sends or receives, measured as Excel on the web counts it: the JSON
// text in UTF-8 bytes.

/** JSON payload size in bytes, as the fake measures a sync. */
export function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code > 0x7f) bytes += code > 0x7ff ? (code >= 0xd800 && code <= 0xdbff ? 1 : 2) : 1;
  }
  return bytes;
}
