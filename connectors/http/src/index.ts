import { defineConnector } from '@hub/connector-sdk';
import { post } from './actions/post.js';

/** Outbound only: sends HTTP requests, receives no webhooks. */
export const http = defineConnector({
  id: 'http',
  version: '0.1.0',
  name: 'HTTP',
  events: {},
  fixtures: {},
  actions: { post },
});

export default http;

export { PostInput } from './actions/post.js';
