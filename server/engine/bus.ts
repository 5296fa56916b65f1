/**
 * A typed, synchronous, in-process event bus. Handlers are kept in plain arrays per event type so
 * that a publish is a map lookup and a loop: this sits on the tick path.
 */
export interface BusEvent {
  readonly type: string;
}

type Handler<E> = (event: E) => void;
type Unsubscribe = () => void;

export class EventBus<E extends BusEvent> {
  private readonly byType = new Map<E["type"], Handler<E>[]>();
  private anyHandlers: Handler<E>[] = [];
  private readonly counts = new Map<E["type"], number>();
  private total = 0;
  private errors = 0;

  constructor(private readonly onHandlerError: (error: unknown, event: E) => void = () => {}) {}

  subscribe<T extends E["type"]>(type: T, handler: Handler<Extract<E, { type: T }>>): Unsubscribe {
    const list = this.byType.get(type) ?? [];
    const h = handler as Handler<E>;
    this.byType.set(type, [...list, h]);
    return () => {
      const current = this.byType.get(type) ?? [];
      this.byType.set(
        type,
        current.filter((x) => x !== h),
      );
    };
  }

  subscribeAll(handler: Handler<E>): Unsubscribe {
    this.anyHandlers = [...this.anyHandlers, handler];
    return () => {
      this.anyHandlers = this.anyHandlers.filter((x) => x !== handler);
    };
  }

  /** Delivers to every handler; one failing handler never stops the others or the publisher. */
  publish(event: E): void {
    this.total++;
    this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
    const list = this.byType.get(event.type);
    if (list !== undefined) for (const h of list) this.deliver(h, event);
    for (const h of this.anyHandlers) this.deliver(h, event);
  }

  stats(): { total: number; handlerErrors: number; byType: Record<string, number> } {
    return { total: this.total, handlerErrors: this.errors, byType: Object.fromEntries(this.counts) };
  }

  private deliver(h: Handler<E>, event: E): void {
    try {
      h(event);
    } catch (error) {
      this.errors++;
      this.onHandlerError(error, event);
    }
  }
}
