// Import a file: the books from another system (customers, contracts, invoices, payments — a
// .csv or .xlsx) or a bank statement (camt.053, BAI2 or CSV). Records are checked first (a dry
// run): the report goes into the "Import report" sheet, one line per error with its row and
// column, and the counts show here; Import is offered only after a clean check and sends exactly
// the file content that was checked. A statement is imported at once (the same statement twice
// adds nothing) and the "Cash to apply" sheet is refreshed with its lines to apply.
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Text } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { LedgerApi } from '../api/client.js';
import {
  BANK_STATEMENT_FORMATS,
  IMPORT_BANK_STATEMENT,
  IMPORT_KINDS,
  IMPORT_RECORDS,
  type BankStatementFormat,
  type ImportBankStatementData,
  type ImportFormat,
  type ImportKind,
  type ImportRecordsData,
  type ImportRecordsResult,
} from '../api/data-in-operations.js';
import type { FilterChoicesData, UserError } from '../api/operations.js';
import {
  countsText,
  csvHeaders,
  EMPTY_MAPPING,
  FORMAT_LABELS,
  guessMapping,
  IMPORT_MAX_BYTES,
  isClean,
  MAPPING_HEADERS,
  mappingInput,
  readFile,
  RECORDS_EXTENSIONS,
  recordsFormat,
  REPORT_TABLE,
  reportRows,
  STATEMENT_EXTENSIONS,
  statementFormatFor,
  statementSummary,
  TARGET_LABELS,
  tooLargeMessage,
  type CsvMapping,
  type ImportTarget,
} from './import-file.js';
import { useServices } from './services.js';
import { useStyles } from './styles.js';

interface Notice {
  intent: 'success' | 'info' | 'warning' | 'error';
  title: string;
  text?: string;
}

/** What was checked: the import it would be, and the very content sent. */
interface Checked {
  signature: string;
  kind: ImportKind;
  format: ImportFormat;
  content: string;
  entityCode: string | null;
}

const TARGETS: ImportTarget[] = [...IMPORT_KINDS, 'BANK_STATEMENT'];

const refusal = (title: string, errors: UserError[]): Notice => ({ intent: 'error', title, text: errors.map((e) => e.message).join(' ') });

/** The same file, kind and entity: a check of it still holds. */
const signatureOf = (file: File, kind: ImportTarget, entityCode: string) => JSON.stringify([file.name, file.size, file.lastModified, kind, entityCode.trim().toUpperCase()]);

export function ImportPanel({ api, canImport, readOnlyReason, choices, onStatementImported }: {
  api: LedgerApi;
  /** Importing needs an AR token. */
  canImport: boolean;
  readOnlyReason?: string;
  choices: FilterChoicesData | null;
  /** After a statement was imported (or found imported before): refresh "Cash to apply". */
  onStatementImported(): void;
}) {
  const styles = useStyles();
  const { office } = useServices();
  const [target, setTarget] = useState<ImportTarget>('CUSTOMERS');
  const [file, setFile] = useState<File | null>(null);
  const [entityCode, setEntityCode] = useState('');
  const [format, setFormat] = useState<BankStatementFormat>('CAMT053');
  const [mapping, setMapping] = useState<CsvMapping>(EMPTY_MAPPING);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [result, setResult] = useState<ImportRecordsResult | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const afterStatement = useRef(onStatementImported);
  afterStatement.current = onStatementImported;

  const bank = target === 'BANK_STATEMENT';
  const ready = checked !== null && file !== null && checked.signature === signatureOf(file, target, entityCode);

  /** A bank CSV's mapping is guessed from its header line. */
  async function prepareStatement(picked: File, chosen: BankStatementFormat): Promise<void> {
    if (chosen !== 'CSV') return;
    try {
      setMapping(guessMapping(csvHeaders(await readFile(picked.slice(0, 64 * 1024), 'text'))));
    } catch (error) {
      setMapping(EMPTY_MAPPING);
      setNotice({ intent: 'warning', title: 'Could not read the header line', text: `${(error as Error).message} Type the column names below.` });
    }
  }

  function pick(picked: File | null, forTarget = target): void {
    setFile(picked);
    setNotice(null);
    setResult(null);
    setChecked(null);
    if (picked && forTarget === 'BANK_STATEMENT') {
      const guessed = statementFormatFor(picked.name) ?? format;
      setFormat(guessed);
      void prepareStatement(picked, guessed);
    }
  }

  /** The file, if it can be sent: picked and within the limit. */
  function sendable(): File | null {
    if (!file) {
      setNotice({ intent: 'error', title: 'Pick a file first' });
      return null;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setNotice({ intent: 'error', title: `${file.name} is too large`, text: `${tooLargeMessage(file.size, target)} Nothing was sent.` });
      return null;
    }
    return file;
  }

  async function run(label: string, work: () => Promise<void>): Promise<void> {
    setBusy(label);
    setNotice(null);
    try {
      await work();
    } catch (error) {
      setNotice({ intent: 'error', title: `${label} failed`, text: (error as Error).message });
    } finally {
      setBusy(null);
    }
  }

  async function importRecords(dryRun: boolean): Promise<void> {
    const picked = sendable();
    if (!picked || target === 'BANK_STATEMENT') return;
    const kind = target;
    let input: Checked;
    if (dryRun) {
      const read = recordsFormat(picked.name, kind);
      if ('message' in read) {
        setNotice({ intent: 'error', title: 'Not a file this import takes', text: read.message });
        return;
      }
      const content = await readFile(picked, read.format === 'XLSX' ? 'base64' : 'text');
      input = { signature: signatureOf(picked, kind, entityCode), kind, format: read.format, content, entityCode: entityCode.trim().toUpperCase() || null };
    } else {
      if (!ready) return;
      input = checked!;
    }
    const data = await api.mutate<ImportRecordsData>(IMPORT_RECORDS, {
      input: { kind: input.kind, format: input.format, content: input.content, entityCode: input.entityCode, dryRun },
    });
    const answer = data.importRecords;
    setResult(answer);
    await office.writeTable(REPORT_TABLE, reportRows(answer));
    const what = TARGET_LABELS[kind].toLowerCase();
    if (dryRun) {
      setChecked(isClean(answer) ? input : null);
      if (answer.userErrors.length > 0) setNotice(refusal(`The file was refused`, answer.userErrors));
      else if (!isClean(answer)) {
        setNotice({
          intent: 'warning',
          title: `${answer.failed.toLocaleString('en-US')} ${answer.failed === 1 ? 'row has' : 'rows have'} errors`,
          text: `Each error is a line in the sheet “${REPORT_TABLE.sheetName}”, with its row and column. Fix the file and check it again; nothing was imported.`,
        });
      } else {
        setNotice({ intent: 'success', title: `Check passed: ${countsText(answer)}`, text: `Nothing was written yet. Import writes the ${what} of this file, all of them or none.` });
      }
      return;
    }
    setChecked(null);
    if (answer.userErrors.length > 0) setNotice(refusal(`Nothing was imported`, answer.userErrors));
    else setNotice({ intent: 'success', title: `Imported ${what}: ${countsText(answer)}`, text: `The report is in the sheet “${REPORT_TABLE.sheetName}”. Importing the same file again changes nothing.` });
  }

  async function importStatement(): Promise<void> {
    const picked = sendable();
    if (!picked) return;
    if (!entityCode.trim()) {
      setNotice({ intent: 'error', title: 'Choose the entity', text: 'A statement is imported for one entity: its lines are matched to that entity’s customers and invoices.' });
      return;
    }
    const csvMapping = format === 'CSV' ? mappingInput(mapping) : null;
    if (csvMapping && !csvMapping.bookingDate) {
      setNotice({ intent: 'error', title: 'Say which column holds the booking date', text: 'A CSV statement needs its booking date column and an amount column (or credit and debit columns).' });
      return;
    }
    const content = await readFile(picked, 'text');
    const data = await api.mutate<ImportBankStatementData>(IMPORT_BANK_STATEMENT, {
      input: { entityCode: entityCode.trim().toUpperCase(), format, content, csvMapping },
    });
    const payload = data.importBankStatement;
    if (payload.userErrors.length > 0) {
      setNotice(refusal(`${picked.name} was not imported`, payload.userErrors));
      return;
    }
    setNotice(statementSummary(payload));
    afterStatement.current();
  }

  const disabled = !canImport || busy !== null;
  const entityControl = choices ? (
    <Select value={entityCode} disabled={busy !== null} onChange={(_, d) => setEntityCode(d.value)}>
      <option value="">{bank ? 'Choose…' : 'From the file'}</option>
      {choices.entities.map((e) => (
        <option key={e.code} value={e.code}>{`${e.code} · ${e.name}`}</option>
      ))}
    </Select>
  ) : (
    <Input value={entityCode} disabled={busy !== null} placeholder={bank ? 'US01' : 'From the file'} onChange={(_, d) => setEntityCode(d.value)} />
  );

  return (
    <section className={styles.card} aria-label="Import a file">
      <Text as="h2" weight="semibold">
        Import a file
      </Text>
      <Text className={styles.hint}>
        {bank
          ? 'A camt.053 (.xml), BAI2 (.bai, .txt) or CSV statement: credit lines are matched to invoices; exact matches are applied at once, the rest go to “Cash to apply”.'
          : 'A .csv or .xlsx export (NetSuite, Salesforce or your own columns). Check it first: the report goes to the sheet “Import report”; Import writes all rows or none.'}
      </Text>
      <div className={styles.filters}>
        <Field label="What the file holds" size="small">
          <Select
            value={target}
            disabled={busy !== null}
            onChange={(_, d) => {
              const next = d.value as ImportTarget;
              setTarget(next);
              pick(file, next);
            }}
          >
            {TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={bank ? 'Statement entity' : 'Entity (when the file has none)'} required={bank} size="small">
          {entityControl}
        </Field>
        <Field label="File" className={styles.wide} size="small">
          <input
            type="file"
            aria-label="File"
            accept={bank ? STATEMENT_EXTENSIONS : RECORDS_EXTENSIONS}
            disabled={busy !== null}
            onChange={(event) => pick(event.currentTarget.files?.[0] ?? null)}
          />
        </Field>
        {bank && (
          <Field label="Statement format" size="small">
            <Select value={format} disabled={busy !== null} onChange={(_, d) => {
              const chosen = d.value as BankStatementFormat;
              setFormat(chosen);
              if (file) void prepareStatement(file, chosen);
            }}>
              {BANK_STATEMENT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </div>
      {bank && format === 'CSV' && (
        <div className={styles.filters} role="group" aria-label="CSV columns">
          {MAPPING_HEADERS.map(({ field, label }) => (
            <Field key={field} label={label} size="small" required={field === 'bookingDate'}>
              <Input value={mapping[field]} disabled={busy !== null} onChange={(_, d) => setMapping((m) => ({ ...m, [field]: d.value }))} />
            </Field>
          ))}
          <Field label="Default currency" size="small">
            <Input value={mapping.defaultCurrency} maxLength={3} placeholder="When no column" disabled={busy !== null} onChange={(_, d) => setMapping((m) => ({ ...m, defaultCurrency: d.value.toUpperCase() }))} />
          </Field>
          <Field label="Date format" size="small">
            <Select value={mapping.dateFormat} disabled={busy !== null} onChange={(_, d) => setMapping((m) => ({ ...m, dateFormat: d.value }))}>
              {['', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'].map((f) => (
                <option key={f} value={f}>
                  {f || 'YYYY-MM-DD'}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Decimal separator" size="small">
            <Select value={mapping.decimalSeparator} disabled={busy !== null} onChange={(_, d) => setMapping((m) => ({ ...m, decimalSeparator: d.value }))}>
              <option value="">. (1234.50)</option>
              <option value=",">, (1234,50)</option>
            </Select>
          </Field>
        </div>
      )}
      {readOnlyReason && <Text className={styles.hint}>{readOnlyReason}</Text>}
      <div className={styles.actions}>
        {bank ? (
          <Button appearance="primary" disabled={disabled} onClick={() => void run('Import statement', importStatement)}>
            Import statement
          </Button>
        ) : (
          <>
            <Button appearance={ready ? 'secondary' : 'primary'} disabled={disabled} onClick={() => void run('Check', () => importRecords(true))}>
              Check
            </Button>
            <Button appearance={ready ? 'primary' : 'secondary'} disabled={disabled || !ready} onClick={() => void run('Import', () => importRecords(false))}>
              Import
            </Button>
          </>
        )}
        {busy && <Spinner size="tiny" label={`${busy}…`} />}
      </div>
      {!bank && result && (
        <Text className={styles.hint} aria-label="Import counts">
          {countsText(result)}
        </Text>
      )}
      {notice && (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : 'status'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.text}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
