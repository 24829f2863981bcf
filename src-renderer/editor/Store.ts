/** A value that changes, and the views that follow it (what React's useSyncExternalStore expects). */
export class Store<T> {
  private readonly listeners = new Set<() => void>()

  constructor(private value: T) {}

  get = (): T => this.value

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  set(value: T): void {
    this.value = value
    for (const listener of this.listeners) listener()
  }
}
