// Excel.RequestContext: commands queue up and run in order at sync(); each sync's request and
// response are measured and capped like Excel on the web.
import { FakeOfficeError } from '../errors.js';
import type { WorkbookModel } from '../model.js';
import { FakeWorkbookProxy } from './workbook.js';

interface Op {
  run: () => number | void;
  requestBytes: number;
  /** What the command is, e.g. "Range.values" or "Table.resize" (empty for lookups and loads). */
  label: string;
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbookProxy;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  /** @internal */
  _ops: Op[] = [];

  constructor(readonly model: WorkbookModel) {
    this.workbook = new FakeWorkbookProxy(this);
  }

  /** @internal */
  _queue(run: () => number | void, requestBytes = 0, label = ''): void {
    this._ops.push({ run, requestBytes, label });
  }

  async sync(): Promise<void> {
    const ops = this._ops;
    this._ops = [];
    const record = {
      requestBytes: ops.reduce((s, op) => s + op.requestBytes, 0),
      responseBytes: 0,
      operations: ops.length,
      commands: ops.map((op) => op.label).filter((label) => label !== ''),
    };
    this.model.syncLog.push(record);
    await Promise.resolve();
    if (record.requestBytes > this.model.options.requestLimitBytes) {
      throw new FakeOfficeError(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size (${record.requestBytes} bytes) has exceeded the limit of ${this.model.options.requestLimitBytes} bytes.`,
      );
    }
    for (const op of ops) {
      const bytes = op.run();
      if (typeof bytes === 'number') record.responseBytes += bytes;
    }
    if (record.responseBytes > this.model.options.responseLimitBytes) {
      throw new FakeOfficeError(
        'ResponsePayloadSizeLimitExceeded',
        `The response payload size (${record.responseBytes} bytes) has exceeded the limit of ${this.model.options.responseLimitBytes} bytes.`,
      );
    }
  }
}
