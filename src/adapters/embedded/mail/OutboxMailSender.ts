import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailMessage, MailSender } from '../../../engines/topics/ports.js';

/**
 * With no SMTP server configured, email is written to a folder instead (one `.eml` file
 * per message, readable by any mail program), so local runs can still follow
 * confirmation links and read notifications.
 */
export class OutboxMailSender implements MailSender {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => number = Date.now,
  ) {}

  async send(mail: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const date = new Date(this.now());
    const from = mail.fromName ? `"${mail.fromName.replace(/["\\\r\n]/g, '')}" <${this.from}>` : this.from;
    const text = [
      `From: ${from}`,
      `To: ${mail.to}`,
      `Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`,
      `Date: ${date.toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      mail.text.replace(/\r?\n/g, '\r\n'),
    ].join('\r\n');
    const name = `${date.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
    await writeFile(join(this.dir, name), text);
  }

  async close(): Promise<void> {}
}
