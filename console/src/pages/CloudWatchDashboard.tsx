import { getJson, seg } from '../api';
import { Chart } from '../components/Chart';
import { Empty, ErrorNote, Loading, Page } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll } from '../hooks';
import type { CloudWatchDashboardData } from '../../../src/console/ConsoleApiTypes.ts';

/** A dashboard stored through PutDashboard (Terraform's aws_cloudwatch_dashboard): its metric graphs. */
export function CloudWatchDashboard(props: { name: string }) {
  const { data, error } = usePoll(() => getJson<CloudWatchDashboardData>(`cloudwatch-dashboards/${seg(props.name)}?minutes=180`), 10_000, [props.name]);
  return (
    <Page title={`CloudWatch dashboard ${props.name}`} actions={<a href={href('')}>Dashboard</a>}>
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : (
        <>
          {data.widgets.length === 0 ? <Empty>This dashboard has no metric graphs.</Empty> : null}
          <div class="charts wide">
            {data.widgets.map((w) => (
              <figure>
                <figcaption>{w.title}</figcaption>
                <Chart times={w.times} lines={w.lines} format={fmt.count} height={220} />
              </figure>
            ))}
          </div>
          {data.skipped.length > 0 ? <p class="muted small">Not drawn here: {data.skipped.join(', ')} widget(s).</p> : null}
        </>
      )}
    </Page>
  );
}
