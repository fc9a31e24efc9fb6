import type { Dispatcher } from 'undici';

/** Set on a request's options to be told when its bytes start leaving on a connected socket. */
export const onRequestWritten = Symbol('hub.onRequestWritten');

type Handler = Dispatcher.DispatchHandler;

/** Passes every callback on; the first tells the caller the request is being written. */
class WrittenNotifier implements Handler {
  constructor(
    private readonly inner: Handler,
    private readonly notify: () => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    // undici calls this on a connected socket, right before it writes the request line: from here
    // on the provider may receive the request (and act on it) whatever happens to the answer.
    this.notify();
    this.inner.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(...args: Parameters<NonNullable<Handler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }
  onResponseStart(...args: Parameters<NonNullable<Handler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...args);
  }
  onResponseData(...args: Parameters<NonNullable<Handler['onResponseData']>>): void {
    this.inner.onResponseData?.(...args);
  }
  onResponseEnd(...args: Parameters<NonNullable<Handler['onResponseEnd']>>): void {
    this.inner.onResponseEnd?.(...args);
  }
  onResponseError(...args: Parameters<NonNullable<Handler['onResponseError']>>): void {
    this.inner.onResponseError?.(...args);
  }
}

/**
 * An undici interceptor that tells "never sent" (refused, DNS failure, connect timeout: nothing
 * reached the provider) from "sent": a request whose options carry `onRequestWritten` has it
 * called when it is handed to a connected socket.
 */
export function trackRequestWritten(dispatch: Dispatcher['dispatch']): Dispatcher['dispatch'] {
  return (opts, handler) => {
    const notify = (opts as { [onRequestWritten]?: () => void })[onRequestWritten];
    return dispatch(opts, notify ? new WrittenNotifier(handler, notify) : handler);
  };
}
