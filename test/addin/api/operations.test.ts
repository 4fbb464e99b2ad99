// The add-in's operations are typed by hand from schema.graphql; this holds them to it: every
// document parses and validates against the printed contract.
import { buildSchema, parse, validate } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as operations from '../../../addin/api/operations.js';

const schema = buildSchema(fs.readFileSync(path.resolve(import.meta.dirname, '../../../schema.graphql'), 'utf8'));
const documents = Object.entries(operations as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('operations against schema.graphql', () => {
  it('covers every query and batch mutation the pane uses', () => {
    expect(documents.map(([name]) => name).sort()).toEqual([
      'AGING_REPORT', 'COLLECTIONS_WORKLIST', 'DELIVERIES_PAGE', 'FILTER_CHOICES', 'INVOICES_PAGE', 'KPI_HISTORY', 'KPI_SCORECARD', 'LOG_COLLECTION_ACTIVITIES', 'ME',
      'POST_ADJUSTMENTS', 'PROJECTS_PAGE', 'RECORD_DELIVERY', 'RISKS', 'RUN_DUNNING', 'SET_KPI_ACTUALS', 'SET_KPI_TARGETS', 'UPDATE_PROJECTS', 'UPDATE_RISKS',
    ]);
  });

  it.each(documents)('%s validates', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
