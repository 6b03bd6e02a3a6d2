import type { DeliveryEndpoint, MailSender } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import type { DeliveryContext } from './DeliveryContext.js';

const DEFAULT_SUBJECT = 'AWS Notification Message';
const CONFIRMATION_SUBJECT = 'AWS Notification - Subscription Confirmation';
const DEFAULT_SENDER_NAME = 'AWS Notifications';

/**
 * `email` and `email-json` subscriptions, through the configured SMTP server. The sender's
 * name is the topic's DisplayName, as with SNS. `email` gets the message as plain text with
 * an unsubscribe link; `email-json` gets the same JSON document an HTTP endpoint would.
 * A confirmation request carries a link to Lakehose's confirmation page.
 */
export class EmailEndpoint implements DeliveryEndpoint {
  constructor(
    private readonly context: DeliveryContext,
    private readonly mail: MailSender,
  ) {}

  async deliver(notification: Notification, subscription: Subscription): Promise<DeliveryOutcome> {
    const displayName = this.context.displayName(notification.topicArn);
    const fromName = displayName ?? DEFAULT_SENDER_NAME;
    let subject: string;
    let text: string;
    if (subscription.protocol === 'email-json') {
      const doc = await this.context.documents.document(notification, subscription, this.context.signatureVersion(notification.topicArn));
      subject = notification.type === 'SubscriptionConfirmation' ? CONFIRMATION_SUBJECT : (notification.subject ?? DEFAULT_SUBJECT);
      text = JSON.stringify(doc, null, 2);
    } else if (notification.type === 'SubscriptionConfirmation') {
      subject = CONFIRMATION_SUBJECT;
      text = confirmationText(notification.topicArn, displayName, this.context.links.emailConfirmUrl(notification.topicArn, notification.token ?? '', subscription.endpoint));
    } else {
      subject = notification.subject ?? DEFAULT_SUBJECT;
      text = notificationText(this.context.documents.messageFor(notification, 'email'), this.context.links.unsubscribeUrl(subscription.arn));
    }
    try {
      await this.mail.send({ fromName, to: subscription.endpoint, subject, text });
      return { ok: true };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      // 5xx from the server about the recipient will not get better by trying again.
      const permanent = typeof code === 'number' && code >= 500 && code < 600 && code !== 554;
      return { ok: false, retryable: !permanent, reason: e instanceof Error ? e.message : String(e) };
    }
  }
}

export function confirmationText(topicArn: string, displayName: string | undefined, link: string): string {
  return (
    `You have chosen to subscribe to the topic: \n${topicArn}${displayName ? ` (${displayName})` : ''}\n\n` +
    'To confirm this subscription, click or visit the link below (If this was in error no action is necessary): \n' +
    `Confirm subscription: ${link}\n`
  );
}

export function notificationText(message: string, unsubscribeUrl: string): string {
  return (
    `${message}\n\n--\n` +
    'If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n' +
    `${unsubscribeUrl}\n`
  );
}
