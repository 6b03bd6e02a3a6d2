import { useState } from 'preact/hooks';
import { API, getJson, seg } from '../api';
import { Empty, ErrorNote, Loading, Page } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll } from '../hooks';
import type { BucketRow, ObjectListing } from '../../../src/console/ConsoleApiTypes.ts';

export function Buckets() {
  const { data, error } = usePoll(() => getJson<BucketRow[]>('buckets'), 15_000, []);
  return (
    <Page title="Buckets">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.length === 0 ? (
        <Empty>No buckets.</Empty>
      ) : (
        <table class="grid" data-testid="buckets-table">
          <thead>
            <tr>
              <th>Bucket</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {data.map((b) => (
              <tr>
                <td>
                  <a href={href('buckets', b.name)}>{b.name}</a>
                </td>
                <td class="small">{fmt.dateTime(b.createdMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

/** One bucket as folders (common prefixes at `/`), a page of keys at a time. */
export function BucketPage(props: { bucket: string; prefix: string }) {
  const [pages, setPages] = useState<string[]>([]); // tokens of the pages after the first
  const token = pages[pages.length - 1];
  const { data, error } = usePoll(
    () => getJson<ObjectListing>(`buckets/${seg(props.bucket)}/objects?prefix=${encodeURIComponent(props.prefix)}${token ? `&token=${encodeURIComponent(token)}` : ''}`),
    10_000,
    [props.bucket, props.prefix, token],
  );
  const crumbs = props.prefix.split('/').filter((p) => p !== '');
  const at = (n: number) => `${href('buckets', props.bucket)}?prefix=${encodeURIComponent(crumbs.slice(0, n).join('/') + (n > 0 ? '/' : ''))}`;
  return (
    <Page title={`Bucket ${props.bucket}`} actions={<a href={href('buckets')}>All buckets</a>}>
      <nav class="crumbs" data-testid="crumbs">
        <a href={at(0)} onClick={() => setPages([])}>
          {props.bucket}
        </a>
        {crumbs.map((c, i) => (
          <>
            {' / '}
            <a href={at(i + 1)} onClick={() => setPages([])}>
              {c}
            </a>
          </>
        ))}
      </nav>
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.folders.length === 0 && data.objects.length === 0 ? (
        <Empty>Nothing here.</Empty>
      ) : (
        <table class="grid" data-testid="objects-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Size</th>
              <th>Last modified</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.folders.map((f) => (
              <tr>
                <td colSpan={4}>
                  <a href={`${href('buckets', props.bucket)}?prefix=${encodeURIComponent(f)}`} onClick={() => setPages([])}>
                    📁 {f.slice(props.prefix.length)}
                  </a>
                </td>
              </tr>
            ))}
            {data.objects.map((o) => (
              <tr data-testid="object-row">
                <td class="mono small">{o.key.slice(props.prefix.length)}</td>
                <td class="small">{fmt.bytes(o.size)}</td>
                <td class="small">{fmt.dateTime(o.lastModifiedMs)}</td>
                <td>
                  <a class="button small" href={`${API}buckets/${seg(props.bucket)}/download?key=${encodeURIComponent(o.key)}`} download>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        {pages.length > 0 ? <button onClick={() => setPages(pages.slice(0, -1))}>Previous</button> : null}
        {data?.nextToken ? <button onClick={() => setPages([...pages, data.nextToken!])}>Next</button> : null}
      </div>
    </Page>
  );
}
