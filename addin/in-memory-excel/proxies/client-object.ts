// What every proxy shares, with office.js semantics: methods and property writes queue commands
// that run at context.sync(); properties are readable only after load() + sync(); *OrNullObject
// lookups answer isNullObject after a sync. Collections load their items the same way.
import { FakeOfficeError, notLoaded } from '../errors.js';
import { payloadBytes } from './payload.js';
import type { FakeRequestContext } from './request-context.js';

export interface PropSpec<M> {
  get?: (m: M) => unknown;
  set?: (m: M, value: unknown, ctx: FakeRequestContext) => void;
}

/** throw: the lookup fails at sync when missing; orNull: answers isNullObject; lazy: resolved on first use (navigation properties, created objects). */
export type Mode = 'throw' | 'orNull' | 'lazy';

export abstract class FakeClientObject<M> {
  private _resolved = false;
  private _model: M | undefined;
  private _isNull: boolean | undefined;
  private readonly _loaded = new Map<string, unknown>();
  private readonly _nav = new Map<string, unknown>();

  protected abstract readonly _type: string;
  protected abstract _specs(): Record<string, PropSpec<M>>;

  constructor(
    readonly context: FakeRequestContext,
    private readonly _locate: () => M | undefined,
    mode: Mode,
  ) {
    context._countObject();
    if (mode === 'orNull') context._queue(() => void this._resolveOrNull());
    else if (mode === 'throw') context._queue(() => void this._resolve());
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded('isNullObject', this._type);
    return this._isNull;
  }

  /** @internal Points a created proxy at the object its creating command made. */
  _bind(model: M): void {
    this._resolved = true;
    this._model = model;
    this._isNull = false;
  }

  /** @internal */
  _resolveOrNull(): M | undefined {
    if (!this._resolved) {
      this._resolved = true;
      this._model = this._locate();
      this._isNull = this._model === undefined;
    }
    return this._model;
  }

  /** @internal */
  _resolve(): M {
    const model = this._resolveOrNull();
    if (model === undefined) throw new FakeOfficeError('ItemNotFound', `The requested ${this._type} doesn't exist.`);
    return model;
  }

  protected _nested<T>(key: string, make: () => T): T {
    let value = this._nav.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this._nav.set(key, value);
    }
    return value;
  }

  protected _command(run: (m: M) => void, requestBytes = 0, label = ''): void {
    this.context._queue(() => run(this._resolve()), requestBytes, label);
  }

  /** @internal */
  _getProperty(name: string): unknown {
    if (!this._loaded.has(name)) throw notLoaded(name, this._type);
    return this._loaded.get(name);
  }

  /** @internal */
  _setProperty(name: string, value: unknown): void {
    const spec = this._specs()[name];
    if (!spec?.set) throw new TypeError(`${this._type}.${name} is read-only`);
    this._loaded.set(name, value);
    const set = spec.set;
    this._command((m) => set(m, value, this.context), payloadBytes(value), `${this._type}.${name}`);
  }

  load(option?: string | string[] | { select?: string; expand?: string }): this {
    const own: string[] = [];
    for (const name of loadNames(option)) {
      const slash = name.indexOf('/');
      const head = slash >= 0 ? name.slice(0, slash) : name;
      if (slash < 0 && this._specs()[name]?.get) {
        own.push(name);
        continue;
      }
      const nav = (this as unknown as Record<string, unknown>)[head];
      if (!(nav instanceof FakeClientObject)) throw new FakeOfficeError('InvalidArgument', `${this._type} has no property ${name}.`);
      nav.load(slash >= 0 ? name.slice(slash + 1) : undefined);
    }
    const all = own.length === 0 && loadNames(option).length === 0;
    this.context._queue(() => this._loadNow(all ? undefined : own));
    return this;
  }

  /** @internal Reads properties into the proxy now (inside a sync); returns the response bytes. */
  _loadNow(names: string[] | undefined): number {
    const specs = this._specs();
    const model = this._resolveOrNull();
    let bytes = 0;
    for (const name of names ?? Object.keys(specs).filter((k) => specs[k]?.get)) {
      const spec = specs[name];
      if (!spec?.get) throw new FakeOfficeError('InvalidArgument', `${this._type} has no property ${name}.`);
      const value = model === undefined ? null : spec.get(model);
      this._loaded.set(name, value);
      bytes += payloadBytes(value);
    }
    return bytes;
  }

  set(properties: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(properties)) {
      const target = (this as unknown as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && target instanceof FakeClientObject) {
        target.set(value as Record<string, unknown>);
      } else {
        (this as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

function loadNames(option: string | string[] | { select?: string; expand?: string } | undefined): string[] {
  if (option === undefined) return [];
  const list = typeof option === 'string' ? option.split(',') : Array.isArray(option) ? option : [option.select ?? '', option.expand ?? ''].join(',').split(',');
  return list.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Generates the property accessors of a proxy class from its specs. */
export function defineProperties(cls: { prototype: object }, names: string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      get(this: FakeClientObject<unknown>) {
        return this._getProperty(name);
      },
      set(this: FakeClientObject<unknown>, value: unknown) {
        this._setProperty(name, value);
      },
    });
  }
}

export class FakeClientResult<T> {
  private _value: T | undefined;
  private _ready = false;

  /** @internal */
  _set(value: T): void {
    this._value = value;
    this._ready = true;
  }

  get value(): T {
    if (!this._ready) throw notLoaded('value', 'ClientResult');
    return this._value as T;
  }
}

export function count(ctx: FakeRequestContext, compute: () => number): FakeClientResult<number> {
  const result = new FakeClientResult<number>();
  ctx._queue(() => result._set(compute()));
  return result;
}

export abstract class FakeCollection<M, P extends FakeClientObject<M>> extends FakeClientObject<M[]> {
  private _items: P[] | undefined;

  /** A proxy of an item: at `locate`, looked up as `mode` says. */
  protected abstract _proxy(locate: () => M | undefined, mode: Mode): P;

  protected override _specs(): Record<string, PropSpec<M[]>> {
    return { count: { get: (list) => list.length } };
  }

  get items(): P[] {
    if (!this._items) throw notLoaded('items', this._type);
    return this._items;
  }

  override load(option?: string | string[] | { select?: string; expand?: string }): this {
    const names = loadNames(option);
    const itemNames = names.map((n) => n.replace(/^items\/?/, '')).filter((n) => n !== '' && n !== 'count');
    this.context._queue(() => {
      const models = this._resolve();
      this._items = models.map((model) => {
        const item = this._proxy(() => model, 'lazy');
        item._bind(model);
        return item;
      });
      let bytes = names.includes('count') ? this._loadNow(['count']) : 0;
      for (const item of this._items) bytes += item._loadNow(itemNames.length > 0 ? itemNames : undefined);
      return bytes;
    });
    return this;
  }
}

defineProperties(FakeCollection, ['count']);

/** A collection whose items are looked up by key: getItem fails at sync when there is none, getItemOrNullObject answers isNullObject. */
export abstract class FakeKeyedCollection<M, P extends FakeClientObject<M>, K = string> extends FakeCollection<M, P> {
  protected abstract _find(key: K): M | undefined;

  getItem(key: K): P {
    return this._proxy(() => this._find(key), 'throw');
  }

  getItemOrNullObject(key: K): P {
    return this._proxy(() => this._find(key), 'orNull');
  }
}
