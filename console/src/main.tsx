import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { deleteJson, getJson, setUnauthorizedHandler } from './api';
import { href, useLocation } from './hooks';
import { AlarmPage, Alarms } from './pages/Alarms';
import { BucketPage, Buckets } from './pages/Buckets';
import { Catalog, TablePage } from './pages/Catalog';
import { CloudWatchDashboard } from './pages/CloudWatchDashboard';
import { Dashboard } from './pages/Dashboard';
import { DeliveryStreams, Streams, Topics } from './pages/Resources';
import { SignIn } from './pages/SignIn';
import { Sql } from './pages/Sql';
import type { SessionInfo } from '../../src/console/ConsoleApiTypes.ts';
import './styles.css';

const NAV: Array<[string, string]> = [
  ['', 'Dashboard'],
  ['alarms', 'Alarms'],
  ['topics', 'Topics'],
  ['streams', 'Streams'],
  ['delivery-streams', 'Delivery streams'],
  ['buckets', 'Buckets'],
  ['catalog', 'Catalog'],
  ['sql', 'SQL'],
];

function App() {
  const loc = useLocation();
  const [session, setSession] = useState<SessionInfo | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    setUnauthorizedHandler(() => setSession((s) => (s ? { ...s, signedIn: false } : s)));
    getJson<SessionInfo>('session').then(setSession, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error) return <p class="error">The console cannot reach Lakehose: {error}</p>;
  if (!session) return <p class="muted">Loading…</p>;
  if (!session.signedIn) return <SignIn onSignedIn={setSession} />;
  const [first = '', ...rest] = loc.path;
  return (
    <div class="layout">
      <nav class="side">
        <a class="brand" href={href('')}>
          Lakehose
        </a>
        {NAV.map(([path, label]) => (
          <a class={first === path ? 'active' : ''} href={href(path)} data-testid={`nav-${path || 'dashboard'}`}>
            {label}
          </a>
        ))}
        <div class="side-foot small">
          <div>{session.region}</div>
          <div class="mono">{session.accountId}</div>
          <div class="muted">v{session.version}</div>
          {session.authRequired ? (
            <button class="link" onClick={() => void deleteJson('session').then(() => setSession({ ...session, signedIn: false }))}>
              Sign out {session.accessKeyId}
            </button>
          ) : null}
        </div>
      </nav>
      <main>{route(first, rest, loc)}</main>
    </div>
  );
}

function route(first: string, rest: string[], loc: ReturnType<typeof useLocation>) {
  switch (first) {
    case '':
      return <Dashboard loc={loc} />;
    case 'alarms':
      return rest[0] ? <AlarmPage name={rest.join('/')} /> : <Alarms />;
    case 'topics':
      return <Topics />;
    case 'streams':
      return <Streams />;
    case 'delivery-streams':
      return <DeliveryStreams />;
    case 'buckets':
      return rest[0] ? <BucketPage bucket={rest[0]} prefix={loc.query.get('prefix') ?? ''} /> : <Buckets />;
    case 'catalog':
      return rest[0] && rest[1] ? <TablePage database={rest[0]} table={rest[1]} /> : <Catalog />;
    case 'sql':
      return <Sql loc={loc} />;
    case 'cloudwatch':
      return <CloudWatchDashboard name={rest.join('/')} />;
    default:
      return <p class="error">No such page: {first}</p>;
  }
}

render(<App />, document.getElementById('app')!);
