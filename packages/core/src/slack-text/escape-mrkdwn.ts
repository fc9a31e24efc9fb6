/**
 * Makes text from a payload, a provider or a user safe to place in a Slack message: Slack reads
 * `<!channel>`, `<@U123>`, `<#C123>` and `<https://x|label>` as mentions and links only through
 * `<` and `>`, and `&` starts an entity, so these three are written as the entities Slack
 * documents (https://api.slack.com/reference/surfaces/formatting#escaping). The text then shows
 * as typed: it pings nobody and links nowhere. Formatting characters (`*`, `_`, `~`, backticks)
 * are left alone: they can only restyle the text they are in. With `maxLength` the escaped text
 * is cut to fit (Slack limits a text object to 3,000 characters), with an ellipsis.
 */
export function escapeMrkdwn(text: string, maxLength?: number): string {
  const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  if (maxLength === undefined || escaped.length <= maxLength) return escaped;
  // Cut after escaping (Slack counts the entities), never inside one.
  return `${escaped.slice(0, maxLength - 1).replace(/&[a-z]*$/, '')}…`;
}
