import { getJson, seg } from '../api';
import { Empty, ErrorNote, Loading, Page } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll } from '../hooks';
import type { CatalogDatabase, CatalogTableDetail } from '../../../src/console/ConsoleApiTypes.ts';

export function Catalog() {
  const { data, error } = usePoll(() => getJson<CatalogDatabase[]>('catalog'), 15_000, []);
  return (
    <Page title="Catalog">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.length === 0 ? (
        <Empty>No databases. Declare them in lakehose.yaml, with the Glue API, or `CREATE DATABASE` on the SQL page.</Empty>
      ) : (
        data.map((db) => (
          <article class="card" data-testid={`database-${db.name}`}>
            <h2>{db.name}</h2>
            {db.description ? <p class="muted">{db.description}</p> : null}
            {db.tables.length === 0 ? (
              <Empty>No tables.</Empty>
            ) : (
              <table class="grid">
                <thead>
                  <tr>
                    <th>Table</th>
                    <th>Format</th>
                    <th>Columns</th>
                    <th>Partitioned by</th>
                    <th>Location</th>
                  </tr>
                </thead>
                <tbody>
                  {db.tables.map((t) => (
                    <tr>
                      <td>
                        <a href={href('catalog', db.name, t.name)}>{t.name}</a>
                      </td>
                      <td>{t.format ?? '–'}</td>
                      <td>{t.columns}</td>
                      <td class="small">{t.partitionKeys.join(', ') || '–'}</td>
                      <td class="small mono">{t.location ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        ))
      )}
    </Page>
  );
}

export function TablePage(props: { database: string; table: string }) {
  const { data, error } = usePoll(() => getJson<CatalogTableDetail>(`catalog/${seg(props.database)}/${seg(props.table)}`), 0, [props.database, props.table]);
  const sql = `SELECT * FROM "${props.database}"."${props.table}" LIMIT 100`;
  return (
    <Page title={`${props.database}.${props.table}`} actions={<a href={`${href('sql')}?q=${encodeURIComponent(sql)}&db=${encodeURIComponent(props.database)}`}>Query it</a>}>
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : (
        <>
          {data.description ? <p>{data.description}</p> : null}
          <dl class="facts">
            <dt>Location</dt>
            <dd class="mono">{data.location ?? '–'}</dd>
            <dt>Format</dt>
            <dd class="mono small">{data.serde ?? data.inputFormat ?? '–'}</dd>
            <dt>Partitions</dt>
            <dd>{data.partitionCount}</dd>
            <dt>Updated</dt>
            <dd>{fmt.dateTime(data.updatedMs)}</dd>
          </dl>
          <h2>Columns</h2>
          <table class="grid">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {data.columns.map((c) => (
                <tr>
                  <td class="mono">{c.name}</td>
                  <td class="mono small">{c.type}</td>
                  <td class="small">{c.comment ?? ''}</td>
                </tr>
              ))}
              {data.partitionKeys.map((c) => (
                <tr>
                  <td class="mono">{c.name}</td>
                  <td class="mono small">{c.type}</td>
                  <td class="small muted">partition key</td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(data.parameters).length > 0 ? (
            <>
              <h2>Properties</h2>
              <dl class="facts small">
                {Object.entries(data.parameters).map(([k, v]) => (
                  <>
                    <dt class="mono">{k}</dt>
                    <dd class="mono">{v}</dd>
                  </>
                ))}
              </dl>
            </>
          ) : null}
        </>
      )}
    </Page>
  );
}
