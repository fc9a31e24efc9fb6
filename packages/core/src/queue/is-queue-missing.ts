/**
 * True when SQS says the queue does not exist (deleted, or an emulator restarted empty). The SDK
 * names the error QueueDoesNotExist over the JSON protocol; the query protocol (and the
 * x-amzn-query-error header the JSON protocol also carries) calls it AWS.SimpleQueueService.NonExistentQueue.
 */
export function isQueueMissing(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, Code } = err as { name?: unknown; Code?: unknown };
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue' || Code === 'AWS.SimpleQueueService.NonExistentQueue';
}
