import { certificateFileName } from '../../../engines/topics/delivery/Links.js';
import type { TopicsEngine } from '../../../engines/topics/TopicsEngine.js';
import { snsModel } from '../../models/sns.js';
import { AwsError, internalFailure } from '../../wire/AwsError.js';
import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../../wire/EdgeRequest.js';
import { header } from '../../wire/EdgeRequest.js';
import type { Logger } from '../../wire/Logger.js';
import { QueryXmlWriter } from '../../wire/query/QueryXmlWriter.js';
import { errorResponseXml, queryErrorWire } from '../../wire/query/queryErrors.js';
import { escapeXml } from '../../wire/query/xmlText.js';
import { snsError } from '../errors.js';

const PREFIX = '/sns/';

/**
 * The links Lakehose puts in what it sends, served on the edge port without SigV4 (the
 * token or the subscription ARN in the link is the credential, as with SNS's own links):
 *
 * - `GET /sns/confirm?TopicArn=…&Token=…`: confirms (SubscribeURL, and the link in a confirmation email)
 * - `GET /sns/unsubscribe?SubscriptionArn=…`: unsubscribes (UnsubscribeURL)
 * - `GET /sns/SimpleNotificationService-<id>.pem`: the signing certificate (SigningCertURL)
 *
 * Programs get SNS's XML answers (ConfirmSubscriptionResponse …); a browser (Accept:
 * text/html) gets a short page saying what happened.
 */
export function snsLinksRoute(topics: TopicsEngine, logger: Logger): EdgeRoute {
  const xml = new QueryXmlWriter(snsModel);
  return {
    name: 'sns-links',
    handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
      if (!req.rawPath.startsWith(PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
      const path = req.rawPath.slice(PREFIX.length);
      const params = new URLSearchParams(req.rawQuery);
      const html = (header(req, 'accept') ?? '').includes('text/html');
      if (path === certificateFileName(topics.signingCertificate.id)) {
        return Promise.resolve({ status: 200, headers: { 'content-type': 'application/x-x509-ca-cert', 'cache-control': 'max-age=86400' }, body: topics.signingCertificate.pem });
      }
      if (path === 'confirm') {
        return answer(req, html, 'ConfirmSubscription', async () => {
          const s = await topics.confirmSubscription(params.get('TopicArn') ?? '', params.get('Token') ?? '', { authenticated: false });
          return {
            output: { SubscriptionArn: s.arn },
            page: page('Subscription confirmed!', `You have successfully subscribed.`, `Your subscription's id is: ${s.arn}`, 'If it was not your intention to subscribe, use the unsubscribe link in any notification.'),
          };
        });
      }
      if (path === 'unsubscribe') {
        return answer(req, html, 'Unsubscribe', async () => {
          const s = await topics.unsubscribe(params.get('SubscriptionArn') ?? '', { authenticated: false });
          return {
            output: {},
            page: page('Subscription removed!', `Your subscription to the topic below has been deactivated for ${s.endpoint}.`, s.topicArn),
          };
        });
      }
      return undefined;
    },
  };

  async function answer(
    req: EdgeRequest,
    html: boolean,
    action: 'ConfirmSubscription' | 'Unsubscribe',
    run: () => Promise<{ output: Record<string, unknown>; page: string }>,
  ): Promise<EdgeResponse> {
    try {
      const { output, page: body } = await run();
      if (html) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
      const op = snsModel.operations[action]!;
      return { status: 200, headers: { 'content-type': 'text/xml' }, body: xml.response(action, op.output?.resultWrapper, op.output?.shape, output, req.requestId) };
    } catch (e) {
      let error = e instanceof AwsError ? e : snsError(e);
      if (!error) {
        logger.error('unexpected error in an SNS link', { requestId: req.requestId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        error = internalFailure();
      }
      const wire = queryErrorWire(snsModel, error);
      if (html) {
        return { status: wire.status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page('Something went wrong', error.message, `Error code: ${wire.code}`) };
      }
      return { status: wire.status, headers: { 'content-type': 'text/xml' }, body: errorResponseXml(wire, error.message, req.requestId, snsModel.metadata.xmlNamespace) };
    }
  }
}

function page(title: string, ...lines: string[]): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>` +
    `<body><h1>${escapeXml(title)}</h1>${lines.map((l) => `<p>${escapeXml(l)}</p>`).join('')}</body></html>`
  );
}
