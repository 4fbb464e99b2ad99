// onChanged on a worksheet or a table: handlers registered and removed at sync.
import type { ChangedEventArgs, ChangedHandler } from '../model.js';
import type { FakeRequestContext } from './request-context.js';

export class FakeEventHandlerResult {
  constructor(
    readonly context: FakeRequestContext,
    private readonly handlers: () => Set<ChangedHandler>,
    private readonly handler: ChangedHandler,
  ) {}

  remove(): void {
    this.context._queue(() => void this.handlers().delete(this.handler), 0, 'onChanged.remove');
  }
}

export class FakeEventHandlers {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly handlers: () => Set<ChangedHandler>,
  ) {}

  add(handler: (args: ChangedEventArgs) => Promise<unknown>): FakeEventHandlerResult {
    // One wrapper per registration, so the same function registered twice is removed once.
    const registered: ChangedHandler = (args) => handler(args);
    this.context._queue(() => {
      this.context.model.requireApi('1.7', 'onChanged');
      this.handlers().add(registered);
    }, 0, 'onChanged.add');
    return new FakeEventHandlerResult(this.context, this.handlers, registered);
  }
}
