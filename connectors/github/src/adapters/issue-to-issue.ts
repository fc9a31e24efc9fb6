import { adapterVersion, type Issue } from '@hub/models';
import { IssuesEvent } from '../events/issues.js';

/**
 * `issues` -> Issue. GitHub webhooks carry no API version; the REST version whose `issue`
 * object they match is used as the version name.
 */
export const issuesToIssue = {
  model: 'Issue',
  versions: {
    '2022-11-28': adapterVersion(IssuesEvent, ({ issue, repository }): Issue => ({
      source: { connector: 'github', id: String(issue.id) },
      key: `${repository.full_name}#${issue.number}`,
      title: issue.title,
      body: issue.body,
      status: issue.state,
      author: issue.user.login,
      labels: issue.labels.map((l) => l.name),
      url: issue.html_url,
      createdAt: issue.created_at,
      updatedAt: issue.updated_at,
    })),
  },
};
