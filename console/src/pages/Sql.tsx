import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { API, getJson, postJson, seg } from '../api';
import { Chart } from '../components/Chart';
import { Badge, ErrorNote, Page } from '../components/ui';
import * as fmt from '../format';
import { usePoll, type Location } from '../hooks';
import type { CatalogDatabase, QueryColumn, QueryStatus } from '../../../src/console/ConsoleApiTypes.ts';

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|double|float|real|decimal)/;
const TIME = /^(timestamp|date)/;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function Sql(props: { loc: Location }) {
  const [sql, setSql] = useState(props.loc.query.get('q') ?? 'SELECT 1 AS answer');
  const [database, setDatabase] = useState(props.loc.query.get('db') ?? '');
  const [status, setStatus] = useState<QueryStatus | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [view, setView] = useState<'table' | 'chart'>('table');
  const running = useRef<string | undefined>(undefined);
  const databases = usePoll(() => getJson<CatalogDatabase[]>('catalog'), 0, []);
  const history = usePoll(() => getJson<QueryStatus[]>('queries'), 0, []);

  useEffect(() => () => void (running.current = undefined), []);

  const follow = async (id: string) => {
    running.current = id;
    for (let wait = 150; running.current === id; wait = Math.min(1000, wait * 1.5)) {
      const s = await getJson<QueryStatus>(`queries/${seg(id)}`);
      if (running.current !== id) return;
      setStatus(s);
      if (FINISHED.has(s.state)) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    if (running.current === id) running.current = undefined;
    history.refresh();
  };

  const run = async () => {
    setError(undefined);
    try {
      const started = await postJson<QueryStatus>('queries', { sql, ...(database ? { database } : {}) });
      setStatus(started);
      await follow(started.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const stop = async () => {
    if (!status) return;
    try {
      setStatus(await postJson<QueryStatus>(`queries/${seg(status.id)}/stop`, {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const open = (q: QueryStatus) => {
    setSql(q.sql);
    if (q.database) setDatabase(q.database);
    void follow(q.id).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const busy = status !== undefined && !FINISHED.has(status.state);
  return (
    <Page title="SQL">
      <form
        class="sql-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <textarea
          data-testid="sql-editor"
          value={sql}
          spellcheck={false}
          rows={6}
          onInput={(e) => setSql((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
              e.preventDefault();
              void run();
            }
          }}
        />
        <div class="sql-bar">
          <label>
            Database{' '}
            <select value={database} onChange={(e) => setDatabase((e.target as HTMLSelectElement).value)} data-testid="sql-database">
              <option value="">(default)</option>
              {(databases.data ?? []).map((d) => (
                <option value={d.name}>{d.name}</option>
              ))}
            </select>
          </label>
          <button type="submit" class="primary" disabled={busy} data-testid="sql-run">
            Run
          </button>
          {busy ? (
            <button type="button" onClick={() => void stop()}>
              Stop
            </button>
          ) : null}
          <span class="muted small">Ctrl+Enter runs · Trino SQL, as Athena</span>
        </div>
      </form>
      <ErrorNote error={error} />
      {status ? <Outcome status={status} view={view} setView={setView} /> : null}
      <h2>Recent queries</h2>
      <table class="grid small" data-testid="query-history">
        <tbody>
          {(history.data ?? []).map((q) => (
            <tr>
              <td class="nowrap">{fmt.dateTime(q.submittedMs)}</td>
              <td>
                <Badge state={q.state} />
              </td>
              <td class="mono sql-cell">
                <a
                  href="#/sql"
                  onClick={(e) => {
                    e.preventDefault();
                    open(q);
                  }}
                >
                  {q.sql.length > 160 ? `${q.sql.slice(0, 160)}…` : q.sql}
                </a>
              </td>
              <td class="nowrap">{q.elapsedMs !== undefined ? `${(q.elapsedMs / 1000).toFixed(2)} s` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}

function Outcome(props: { status: QueryStatus; view: 'table' | 'chart'; setView: (v: 'table' | 'chart') => void }) {
  const s = props.status;
  const r = s.result;
  return (
    <section class="outcome" data-testid="sql-outcome" data-state={s.state}>
      <div class="sql-status">
        <Badge state={s.state} testId="sql-state" />
        {s.elapsedMs !== undefined ? <span>{(s.elapsedMs / 1000).toFixed(2)} s</span> : null}
        {s.progressPercent !== undefined ? <span>{Math.round(s.progressPercent)} %</span> : null}
        <span class="muted">{fmt.bytes(s.scannedBytes)} scanned</span>
        {r ? (
          <span data-testid="sql-row-count">
            {r.updateCount !== undefined ? `${fmt.count(r.updateCount)} rows written` : `${fmt.count(r.totalRows)} rows${r.truncated ? ` (first ${r.rows.length} shown)` : ''}`}
          </span>
        ) : null}
        {s.state === 'SUCCEEDED' ? (
          <a class="button" href={`${API}queries/${seg(s.id)}/csv`} download data-testid="sql-download">
            Download CSV
          </a>
        ) : null}
      </div>
      {s.error ? (
        <pre class="error" data-testid="sql-error">
          {s.error}
        </pre>
      ) : null}
      {r && r.updateCount === undefined ? (
        <>
          <div class="segmented">
            <button class={props.view === 'table' ? 'on' : ''} onClick={() => props.setView('table')} data-testid="sql-view-table">
              Table
            </button>
            <button class={props.view === 'chart' ? 'on' : ''} onClick={() => props.setView('chart')} data-testid="sql-view-chart">
              Chart
            </button>
          </div>
          {props.view === 'table' ? <ResultTable columns={r.columns} rows={r.rows} /> : <ResultChart columns={r.columns} rows={r.rows} />}
        </>
      ) : null}
    </section>
  );
}

function ResultTable(props: { columns: QueryColumn[]; rows: Array<Array<string | null>> }) {
  return (
    <div class="scroll">
      <table class="grid results" data-testid="sql-results">
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th title={c.type}>{c.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {row.map((v, i) => (
                <td class={NUMERIC.test(props.columns[i]?.type ?? '') ? 'num' : ''}>{v === null ? <span class="null">NULL</span> : v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Athena writes timestamps as `2024-05-01 12:00:00.000` (UTC, no zone). */
function timeOf(v: string | null): number | null {
  if (v === null) return null;
  const t = Date.parse(`${v.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`);
  return Number.isNaN(t) ? null : t;
}

function ResultChart(props: { columns: QueryColumn[]; rows: Array<Array<string | null>> }) {
  const numeric = props.columns.map((c, i) => ({ c, i })).filter(({ c }) => NUMERIC.test(c.type));
  const firstNonNumeric = props.columns.findIndex((c) => !NUMERIC.test(c.type));
  const [x, setX] = useState(firstNonNumeric >= 0 ? firstNonNumeric : 0);
  const ys = numeric.filter(({ i }) => i !== x);
  const xType = props.columns[x]?.type ?? '';
  const chart = useMemo(() => {
    const lines = ys.map(({ c, i }) => ({ label: c.name, values: props.rows.map((r) => (r[i] === null || r[i] === undefined ? null : Number(r[i]))) }));
    if (TIME.test(xType)) {
      // uPlot wants time ascending; rows are re-ordered by time, nulls dropped.
      const order = props.rows.map((r, k) => ({ t: timeOf(r[x] ?? null), k })).filter((p) => p.t !== null).sort((a, b) => a.t! - b.t!);
      return { times: order.map((p) => p.t!), lines: lines.map((l) => ({ ...l, values: order.map((p) => l.values[p.k] ?? null) })) };
    }
    return { categories: props.rows.map((r) => r[x] ?? 'NULL'), lines };
  }, [props.rows, x, xType, ys.length]);
  if (ys.length === 0) return <p class="muted">No numeric column to draw: the chart plots numeric columns against the first other one.</p>;
  return (
    <div class="result-chart">
      <label class="small">
        X axis{' '}
        <select value={x} onChange={(e) => setX(Number((e.target as HTMLSelectElement).value))}>
          {props.columns.map((c, i) => (
            <option value={i}>{c.name}</option>
          ))}
        </select>
      </label>
      <Chart testId="sql-chart" height={300} lines={chart.lines} {...('times' in chart ? { times: chart.times } : { categories: chart.categories })} format={fmt.count} />
    </div>
  );
}
