import type { HttpDeliveryPolicy } from '../delivery/DeliveryPolicy.js';
import type { Links } from '../delivery/Links.js';
import type { NotificationDocuments } from '../delivery/NotificationDocuments.js';
import type { SignatureVersion } from '../signing/MessageSigner.js';
import type { Subscription } from '../types.js';

/** What the endpoints need to know from the engine about topics and subscriptions. */
export interface DeliveryContext {
  readonly documents: NotificationDocuments;
  readonly links: Links;
  /** The topic's SignatureVersion attribute ('1' unless set to '2'). */
  signatureVersion(topicArn: string): SignatureVersion;
  /** The topic's DisplayName, if set (email senders show it). */
  displayName(topicArn: string): string | undefined;
  httpPolicy(subscription: Subscription): HttpDeliveryPolicy;
}
