// A Map and a Set that allocate nothing until first used. V8 gives every `new Map()` or
// `new Set()` its hash table up front (about 150-230 bytes); a station holds dozens of them (timers
// per EVSE, sessions, listeners) that stay empty for its whole life in a load-test fleet of
// thousands. Lookups on one never written answer as an empty one would; iterating makes the real
// collection, so that what an iteration adds is visited exactly as a Map or Set would visit it.

export class LazyMap<K, V> {
  private map: Map<K, V> | undefined;

  get size(): number {
    return this.map?.size ?? 0;
  }

  get(key: K): V | undefined {
    return this.map?.get(key);
  }

  has(key: K): boolean {
    return this.map?.has(key) ?? false;
  }

  set(key: K, value: V): this {
    this.real().set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.map?.delete(key) ?? false;
  }

  clear(): void {
    this.map?.clear();
  }

  keys(): IterableIterator<K> {
    return this.real().keys();
  }

  values(): IterableIterator<V> {
    return this.real().values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.real().entries();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.real()[Symbol.iterator]();
  }

  private real(): Map<K, V> {
    this.map ??= new Map();
    return this.map;
  }
}

export class LazySet<T> {
  private set: Set<T> | undefined;

  get size(): number {
    return this.set?.size ?? 0;
  }

  has(value: T): boolean {
    return this.set?.has(value) ?? false;
  }

  add(value: T): this {
    this.real().add(value);
    return this;
  }

  delete(value: T): boolean {
    return this.set?.delete(value) ?? false;
  }

  clear(): void {
    this.set?.clear();
  }

  values(): IterableIterator<T> {
    return this.real().values();
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.real()[Symbol.iterator]();
  }

  private real(): Set<T> {
    this.set ??= new Set();
    return this.set;
  }
}
