import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, MailSender } from '../../../engines/topics/ports.js';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** The address mail comes from (`From:`); the topic's DisplayName becomes its name. */
  readonly from: string;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure: boolean;
  /** Require STARTTLS. */
  readonly requireTls: boolean;
  /** Accept a server certificate no CA vouches for (local test servers). */
  readonly allowSelfSignedCertificates: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  readonly timeoutMs: number;
}

/**
 * Sends email through an SMTP server with nodemailer (a dependency-free, widely used client:
 * STARTTLS, AUTH, MIME and header encodings are done right there, and they are easy to get
 * wrong by hand). A small pool of connections is kept open.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 4,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTls,
      tls: { rejectUnauthorized: !settings.allowSelfSignedCertificates },
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
    });
  }

  async send(mail: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: mail.fromName ? { name: mail.fromName, address: this.settings.from } : this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
