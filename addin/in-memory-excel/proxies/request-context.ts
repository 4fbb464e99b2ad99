// Excel.RequestContext: commands queue up and run in order at sync(); each sync's request and
// response are measured and capped like Excel on the web.
//
// Excel on the web caps the payload of a request at 5 MB
// (https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins),
// and the request is the whole batch office.js sends: one action per queued call (its name and its
// arguments as JSON) and one object path per proxy the batch refers to, not only the values
// written. The fake counts each as a fixed envelope (the JSON office.js wraps around an action or
// an object path, measured from its request format) plus the name and the arguments.
import { FakeOfficeError } from '../errors.js';
import type { WorkbookModel } from '../model.js';
import { FakeWorkbookProxy } from './workbook.js';

/** Bytes of the JSON around one action: {"Id":12,"ActionType":4,"Name":"","ObjectPathId":11,"ArgumentInfo":{"Arguments":[]}}. */
export const ACTION_BYTES = 80;
/** Bytes of one object path and the action that instantiates it. */
export const OBJECT_PATH_BYTES = 150;

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
  /** @internal Object paths referred to since the last sync. */
  _objectBytes = 0;
  private _applying = false;

  constructor(readonly model: WorkbookModel) {
    this.workbook = new FakeWorkbookProxy(this);
  }

  /** @internal */
  _queue(run: () => number | void, requestBytes = 0, label = ''): void {
    this._ops.push({ run, requestBytes: ACTION_BYTES + label.length + requestBytes, label });
  }

  /** @internal A proxy was made: its object path goes into the next request. */
  _countObject(): void {
    // Proxies made while a sync applies (the items of a loaded collection) come with the response.
    if (!this._applying) this._objectBytes += OBJECT_PATH_BYTES;
  }

  async sync(): Promise<void> {
    const ops = this._ops;
    this._ops = [];
    const objectBytes = this._objectBytes;
    this._objectBytes = 0;
    const record = {
      requestBytes: objectBytes + ops.reduce((s, op) => s + op.requestBytes, 0),
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
    this._applying = true;
    try {
      for (const op of ops) {
        const bytes = op.run();
        if (typeof bytes === 'number') record.responseBytes += bytes;
      }
    } finally {
      this._applying = false;
    }
    if (record.responseBytes > this.model.options.responseLimitBytes) {
      throw new FakeOfficeError(
        'ResponsePayloadSizeLimitExceeded',
        `The response payload size (${record.responseBytes} bytes) has exceeded the limit of ${this.model.options.responseLimitBytes} bytes.`,
      );
    }
  }
}
