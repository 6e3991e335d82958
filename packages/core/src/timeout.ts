import type { CallOptions } from './backend.js';

/** Turns whatever a backend call threw into the error the caller sees. */
export type ErrorMapper = (error: unknown, operation: string) => unknown;

/**
 * One backend call in flight: a node of the store's deadline list, and the {@link CallOptions}
 * the backend gets (its `signal` is made only if the backend reads it).
 */
class PendingCall implements CallOptions {
  prev: PendingCall | undefined;
  next: PendingCall | undefined;
  /** Set once the call left the list (settled or timed out). */
  done = false;
  #controller: AbortController | undefined;
  #abortedWith: unknown;

  constructor(
    readonly operation: string,
    public deadline: number,
    readonly reject: (reason: unknown) => void,
    readonly progress: () => void,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortedWith !== undefined) this.#controller.abort(this.#abortedWith);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#abortedWith = reason;
    this.#controller?.abort(reason);
  }
}

/** A call that outlived its timeout; the mapper makes it the store's `STORE_UNAVAILABLE`. */
class CallTimeout extends Error {
  override readonly name = 'CallTimeout';
  /** Read by the error mapper as the reason (see `BackendFailureInfo`). */
  readonly reason: string;

  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.reason = this.message;
  }
}

const NO_DEADLINE: CallOptions = Object.freeze({});

/**
 * Per-call timeouts of one store without a timer per call. Every call of a store has the same
 * timeout, so deadlines arrive in call order: calls in flight sit in a linked list (append and
 * unlink are O(1)), and one unref'd timer, armed for the oldest deadline, rejects the calls
 * past theirs with `STORE_UNAVAILABLE` and aborts their signal. A call that settles in time
 * costs a list insert and unlink; no timer is created, cleared or raced against.
 */
export class CallDeadlines {
  readonly #ms: number;
  readonly #mapError: ErrorMapper;
  #head: PendingCall | undefined;
  #tail: PendingCall | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `ms`: the timeout of every call, 0 (or less) for none. */
  constructor(ms: number, mapError: ErrorMapper) {
    this.#ms = ms;
    this.#mapError = mapError;
  }

  /**
   * Runs `work` and settles like it, with its error mapped, or rejects with `STORE_UNAVAILABLE`
   * once the timeout has passed (the backend's signal is then aborted with the same error).
   */
  run<T>(operation: string, work: (options: CallOptions) => Promise<T>): Promise<T> {
    if (this.#ms <= 0) {
      return new Promise<T>((resolve, reject) => {
        work(NO_DEADLINE).then(resolve, (error: unknown) =>
          reject(this.#mapError(error, operation)),
        );
      });
    }
    return new Promise<T>((resolve, reject) => {
      const call: PendingCall = new PendingCall(
        operation,
        performance.now() + this.#ms,
        reject,
        () => this.#extend(call),
      );
      this.#append(call);
      let pending: Promise<T>;
      try {
        pending = work(call);
      } catch (error) {
        this.#settle(call);
        reject(this.#mapError(error, operation));
        return;
      }
      pending.then(
        (value) => {
          if (this.#settle(call)) resolve(value);
        },
        (error: unknown) => {
          if (this.#settle(call)) reject(this.#mapError(error, operation));
        },
      );
    });
  }

  #append(call: PendingCall): void {
    if (this.#tail === undefined) {
      this.#head = call;
    } else {
      this.#tail.next = call;
      call.prev = this.#tail;
    }
    this.#tail = call;
    // One timer for the whole list; when it fires it re-arms for the then-oldest deadline.
    if (this.#timer === undefined) this.#arm(this.#ms);
  }

  /**
   * A call that reported progress gets a whole timeout again. Its new deadline is the latest of
   * all, so moving it to the tail keeps the list in deadline order.
   */
  #extend(call: PendingCall): void {
    if (call.done) return;
    this.#settle(call);
    call.done = false;
    call.deadline = performance.now() + this.#ms;
    this.#append(call);
  }

  /** Unlinks a call that settled; false if it had timed out already. */
  #settle(call: PendingCall): boolean {
    if (call.done) return false;
    call.done = true;
    const { prev, next } = call;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    call.prev = undefined;
    call.next = undefined;
    return true;
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#sweep(), Math.max(1, Math.ceil(ms)));
    this.#timer.unref();
  }

  #sweep(): void {
    this.#timer = undefined;
    const now = performance.now();
    while (this.#head !== undefined && this.#head.deadline <= now) {
      const call = this.#head;
      this.#settle(call);
      const error = this.#mapError(new CallTimeout(this.#ms), call.operation);
      call.abort(error);
      call.reject(error);
    }
    if (this.#head !== undefined) this.#arm(this.#head.deadline - now);
  }
}
