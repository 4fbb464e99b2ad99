import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, printedSchema } from '../../scripts/print-schema.js';

describe('schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:print` after changing the API)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });
});
