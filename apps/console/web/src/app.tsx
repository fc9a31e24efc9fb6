import { lazy, Suspense, useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api/console-api';
import { publishChange } from './api/live-changes';
import { openLiveStream, type StreamState } from './api/live-stream';
import { AlertsPage } from './alerts/alerts-page';
import { TokenForm } from './auth/token-form';
import { forgetToken, readToken } from './auth/token-store';
import { ConnectorPage } from './connector/connector-page';
import { DlqPage } from './dlq/dlq-page';
import { EventPage } from './events/event-page';
import { EventsPage } from './events/events-page';
import { OverviewPage } from './overview/overview-page';
import { useRoute, type Route } from './router';

// The workflow pages carry React Flow and the builder (most of the bundle): loaded when first opened.
const WorkflowBuilderPage = lazy(() => import('./workflows/builder/workflow-builder-page').then((m) => ({ default: m.WorkflowBuilderPage })));
const WorkflowDetailPage = lazy(() => import('./workflows/manage/workflow-detail-page').then((m) => ({ default: m.WorkflowDetailPage })));
const WorkflowsListPage = lazy(() => import('./workflows/manage/workflows-list-page').then((m) => ({ default: m.WorkflowsListPage })));

function Page({ route }: { route: Route }) {
  const [first, second] = route.path;
  if (first === 'connectors' && second && route.path[2] === 'accounts' && route.path[3]) return <ConnectorPage id={second} account={route.path[3]} />;
  if (first === 'connectors' && second) return <ConnectorPage id={second} />;
  if (first === 'events' && second) return <EventPage eventId={second} />;
  if (first === 'events') return <EventsPage params={route.params} />;
  if (first === 'dlq' && second) return <DlqPage connector={second} view={route.params.get('view') === 'quarantined' ? 'quarantined' : 'dead_lettered'} />;
  if (first === 'alerts') return <AlertsPage />;
  if (first === 'workflows' && second === 'new') return <WorkflowBuilderPage />;
  if (first === 'workflows' && second && route.path[2] === 'edit') return <WorkflowBuilderPage name={second} saved={route.params.get('saved')} />;
  if (first === 'workflows' && second && second !== 'new' && route.path.length === 2) return <WorkflowDetailPage name={second} tab={route.params.get('tab')} />;
  if (first === 'workflows' && !second) return <WorkflowsListPage />;
  return <OverviewPage />;
}

export function App() {
  const route = useRoute();
  const [needToken, setNeedToken] = useState(false);
  const [session, setSession] = useState(0);
  const [stream, setStream] = useState<StreamState>('connecting');

  useEffect(() => setUnauthorizedHandler(() => setNeedToken(true)), []);
  // One live connection per signed-in session; pages subscribe to what it announces.
  useEffect(() => (needToken ? undefined : openLiveStream(publishChange, setStream)), [needToken, session]);

  if (needToken) {
    return (
      <TokenForm
        rejected={readToken() !== null}
        onSaved={() => {
          setNeedToken(false);
          setSession((s) => s + 1);
        }}
      />
    );
  }
  return (
    <div className="shell" key={session}>
      <header className="top">
        <a href="#/" className="brand">
          Integration Hub
        </a>
        <nav>
          <a href="#/">Overview</a>
          <a href="#/events">Events</a>
          <a href="#/alerts">Alerts</a>
          <a href="#/workflows">Workflows</a>
        </nav>
        <span className={`live live-${stream}`} data-testid="live" data-state={stream}>
          {stream === 'live' ? '● live' : stream === 'connecting' ? '○ connecting' : '○ offline, retrying'}
        </span>
        {readToken() ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              forgetToken();
              setNeedToken(true);
            }}
          >
            Sign out
          </button>
        ) : null}
      </header>
      <main>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </div>
  );
}
