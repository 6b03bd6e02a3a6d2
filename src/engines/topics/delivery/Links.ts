/**
 * The URLs Lakehose puts in what it sends: where to confirm a subscription, where to
 * unsubscribe, where the signing certificate is. They point at Lakehose's own edge port
 * (or `topics.publicUrl` when subscribers reach it under another name); the edge serves
 * them (src/aws/sns/links).
 */
export class Links {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly certificateId: string,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  subscribeUrl(topicArn: string, token: string): string {
    return `${this.base}/sns/confirm?TopicArn=${encodeURIComponent(topicArn)}&Token=${encodeURIComponent(token)}`;
  }

  /** The link in a confirmation email: the same confirmation, shown as a page to the person who clicks it. */
  emailConfirmUrl(topicArn: string, token: string, endpoint: string): string {
    return `${this.subscribeUrl(topicArn, token)}&Endpoint=${encodeURIComponent(endpoint)}`;
  }

  unsubscribeUrl(subscriptionArn: string): string {
    return `${this.base}/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;
  }

  get signingCertUrl(): string {
    return `${this.base}/sns/${certificateFileName(this.certificateId)}`;
  }
}

/** AWS names its certificates `SimpleNotificationService-<id>.pem`; so does Lakehose. */
export function certificateFileName(certificateId: string): string {
  return `SimpleNotificationService-${certificateId}.pem`;
}
