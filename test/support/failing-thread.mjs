// A worker thread that fails as it starts: stands in for an SQS consumer thread that dies.
throw new Error('the consumer thread failed on purpose');
