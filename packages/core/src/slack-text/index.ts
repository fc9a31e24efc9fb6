export { escapeMrkdwn } from './escape-mrkdwn.js';
