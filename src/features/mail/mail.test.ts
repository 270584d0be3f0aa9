import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { ENGINES, createTestApp, createTestDb, type TestApp, type TestDb } from '../../../test/helpers.js';
import { inTransaction, type Db } from '../../db/database.js';
import { afterCommitSettled, withClock } from '../../db/runtime.js';
import { AppError } from '../../errors.js';
import { fixedClock } from '../../lib/clock.js';
import { isMailAddress } from '../../lib/email.js';
import { actorForUsername } from '../accounts/account.service.js';
import { checkMail } from './mail.js';
import { queueMail, sendMail } from './mail.service.js';

// ---------------------------------------------------------------- a real SMTP receiver

interface Received {
  from: string;
  to: string[];
  raw: string;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** An SMTP server on a free port that keeps what it receives, or refuses every recipient. */
async function startReceiver(opts: { refuse?: boolean } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onRcptTo(_address, _session, callback) {
      if (!opts.refuse) return callback();
      const err = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ---------------------------------------------------------------- just enough MIME to read a letter

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) back to text; adjacent words' bytes are joined first. */
function decodeHeader(value: string): string {
  // Whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  let out = '';
  let bytes: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(bytes).toString('utf8');
    bytes = [];
  };
  for (const m of joined.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
    assert.equal(m[1]!.toLowerCase(), 'utf-8');
    if (m.index > last) {
      flush();
      out += joined.slice(last, m.index);
    }
    bytes.push(m[2]!.toUpperCase() === 'B' ? Buffer.from(m[3]!, 'base64') : qpBytes(m[3]!.replace(/_/g, ' ')));
    last = m.index + m[0].length;
  }
  flush();
  return out + joined.slice(last);
}

function qpBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

/** A single-part message: its headers (unfolded, names in lower case) and its decoded body. */
function readMessage(raw: string): { headers: Map<string, string>; body: string } {
  const cut = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, cut).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const encoded = raw.slice(cut + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const body =
    cte === 'base64'
      ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? qpBytes(encoded.replace(/=\r\n/g, '')).toString('utf8')
        : encoded;
  return { headers, body };
}

// ---------------------------------------------------------------- the tests

const SUBJECT = '政府信息公开申请登记回执（〔2027〕第 12 号）';
const TEXT = '张三：\n\n您于 2027 年 3 月 1 日提交的政府信息公开申请已登记，我们将在 20 个工作日内答复。\n\n示例市财政局';

const rowsOf = (db: Db) => db.selectFrom('mailMessages').selectAll().orderBy('id').execute();

describe('mail, pure', () => {
  it('tells one address from what is not one', () => {
    for (const a of ['zhang.san@example.com', 'noreply@localhost', 'a+b@mail.gk.example.gov.cn', '申请人@例子.中国']) assert.ok(isMailAddress(a), a);
    for (const a of ['', 'zhangsan', 'a@', '@b.cn', 'a b@c.cn', 'a@b@c.cn', 'a@b.cn, c@d.cn', 'a@b.cn;c@d.cn', '<a@b.cn>', 'a@b..cn', 'a@.cn', `${'x'.repeat(250)}@b.cn`]) {
      assert.ok(!isMailAddress(a), a);
    }
  });

  it('refuses header injection, bad addresses and empty letters, naming the field', () => {
    const fields = (input: Parameters<typeof checkMail>[0]) => {
      try {
        checkMail(input);
      } catch (e) {
        assert.ok(e instanceof AppError && e.code === 'VALIDATION_FAILED');
        return Object.keys(e.fields ?? {}).sort();
      }
      return [];
    };
    const ok = { to: 'a@b.cn', subject: '回执', text: '正文' };
    assert.deepEqual(fields(ok), []);
    assert.deepEqual(fields({ ...ok, to: 'a@b.cn\r\nBcc: victim@example.com' }), ['to']);
    assert.deepEqual(fields({ ...ok, to: 'a@b.cn\nBcc: victim@example.com' }), ['to']);
    assert.deepEqual(fields({ ...ok, subject: '回执\r\nBcc: victim@example.com' }), ['subject']);
    assert.deepEqual(fields({ ...ok, subject: '回执\n' }), ['subject']);
    assert.deepEqual(fields({ ...ok, to: 'not an address' }), ['to']);
    assert.deepEqual(fields({ ...ok, to: 'a@b.cn, c@d.cn' }), ['to']);
    assert.deepEqual(fields({ ...ok, subject: '  ', text: '' }), ['subject', 'text']);
    assert.deepEqual(fields({ ...ok, related: { type: 'Request; DROP', id: 1 } }), ['related']);
    assert.deepEqual(checkMail({ ...ok, to: '  a@b.cn ', related: { type: 'request', id: 12 } }).related, { type: 'request', id: '12' });
    assert.equal(checkMail({ ...ok, to: '  a@b.cn ' }).to, 'a@b.cn');
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: mail without an SMTP server, in the office`, () => {
    let t: TestApp;
    let demoAgency: number;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      const reviewer = await actorForUsername(t.db, 'demo-reviewer', 'session');
      demoAgency = reviewer!.memberships.find((m) => m.role === 'office_reviewer')!.agencyId;
    });
    after(() => t.close());

    it('records the letter as held, sending nothing', async () => {
      const r = await sendMail(t.db, { to: 'zhang.san@example.com', subject: SUBJECT, text: TEXT, agencyId: demoAgency, related: { type: 'publication', id: 1 } });
      assert.equal(r.status, 'held');
      const [row] = (await rowsOf(t.db)).filter((m) => m.id === r.id);
      assert.ok(row);
      assert.equal(row.transport, 'outbox');
      assert.equal(row.status, 'held');
      assert.equal(row.toAddress, 'zhang.san@example.com');
      assert.equal(row.subject, SUBJECT);
      assert.equal(row.textBody, TEXT);
      assert.equal(row.agencyId, demoAgency);
      assert.equal(row.relatedType, 'publication');
      assert.equal(row.relatedId, '1');
      assert.equal(row.sentAt, null);
      assert.equal(row.messageId, null);
    });

    it('shows the letter to its agency’s office and not to another agency’s', async () => {
      const reviewer = await t.login('demo-reviewer');
      const home = await reviewer.get('/office');
      assert.match(home.body, /href="\/office\/mail"[^>]*>邮件发件箱</);
      const list = await reviewer.get('/office/mail');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(SUBJECT), 'the subject is listed');
      assert.ok(list.body.includes('zhang.san@example.com'));
      assert.ok(list.body.includes('未发出'));
      assert.ok(list.body.includes('SMTP_URL'), 'the office is told why nothing was sent');
      assert.match(list.body, /href="\/office\/publications\/1"/, 'links what the letter is about');
      const id = /href="\/office\/mail\/(\d+)"/.exec(list.body)?.[1];
      assert.ok(id);
      const page = await reviewer.get(`/office/mail/${id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('您于 2027 年 3 月 1 日提交的政府信息公开申请已登记'), 'the text body is shown');

      const other = await t.login('czj-reviewer');
      const otherList = await other.get('/office/mail');
      assert.equal(otherList.statusCode, 200);
      assert.ok(!otherList.body.includes(SUBJECT), 'another agency does not see it');
      assert.equal((await other.get(`/office/mail/${id}`)).statusCode, 403);

      const editor = await t.login('demo-editor');
      assert.equal((await editor.get('/office/mail')).statusCode, 403);
      assert.doesNotMatch((await editor.get('/office')).body, /邮件发件箱/);
    });

    it('shows the platform’s own letters to platform administrators only', async () => {
      await sendMail(t.db, { to: 'someone@example.com', subject: '平台通知：账号已开通', text: '您的账号已开通。' });
      assert.ok(!(await (await t.login('demo-reviewer')).get('/office/mail')).body.includes('平台通知：账号已开通'));
      assert.ok((await (await t.login('demo-admin')).get('/office/mail')).body.includes('平台通知：账号已开通'));
    });

    it('lists newest first and filters by status', async () => {
      await sendMail(t.db, { to: 'li.si@example.com', subject: '第二封回执', text: '正文', agencyId: demoAgency });
      const reviewer = await t.login('demo-reviewer');
      const body = (await reviewer.get('/office/mail')).body;
      assert.ok(body.indexOf('第二封回执') < body.indexOf(SUBJECT));
      assert.ok(!(await reviewer.get('/office/mail?status=sent')).body.includes(SUBJECT));
      assert.ok((await reviewer.get('/office/mail?status=held')).body.includes(SUBJECT));
    });

    it('keeps a held letter written in a transaction, and neither row nor letter when it rolls back', async () => {
      const before = (await rowsOf(t.db)).length;
      const queued = await inTransaction(t.db, (trx) => queueMail(trx, { to: 'wang.wu@example.com', subject: '事务内的回执', text: '正文', agencyId: demoAgency }));
      assert.equal(queued.status, 'held');
      await assert.rejects(
        inTransaction(t.db, async (trx) => {
          await queueMail(trx, { to: 'wang.wu@example.com', subject: '回滚的回执', text: '正文', agencyId: demoAgency });
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      const rows = await rowsOf(t.db);
      assert.equal(rows.length, before + 1);
      assert.ok(!rows.some((r) => r.subject === '回滚的回执'));
    });

    it('refuses a letter with a header break or a bad address before recording it', async () => {
      const before = (await rowsOf(t.db)).length;
      await assert.rejects(sendMail(t.db, { to: 'a@b.cn\r\nBcc: victim@example.com', subject: '回执', text: '正文' }), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && !!e.fields?.to);
      await assert.rejects(sendMail(t.db, { to: 'a@b.cn', subject: '回执\r\nBcc: victim@example.com', text: '正文' }), (e: unknown) => e instanceof AppError && !!e.fields?.subject);
      await assert.rejects(sendMail(t.db, { to: '张三', subject: '回执', text: '正文' }), (e: unknown) => e instanceof AppError && !!e.fields?.to);
      await assert.rejects(
        inTransaction(t.db, (trx) => queueMail(trx, { to: 'a@', subject: '回执', text: '正文' })),
        (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED',
      );
      assert.equal((await rowsOf(t.db)).length, before);
    });

    it('refuses to wait for a mail server inside a transaction', async () => {
      await assert.rejects(
        inTransaction(t.db, (trx) => sendMail(trx, { to: 'a@b.cn', subject: '回执', text: '正文' })),
        /queueMail/,
      );
    });
  });

  describe(`${engine}: mail through a real SMTP server`, () => {
    const NOW = '2027-03-01T02:30:00.000Z';
    let receiver: Receiver;
    let refusing: Receiver;
    let t: TestDb;
    let refused: TestDb;

    before(async () => {
      receiver = await startReceiver();
      refusing = await startReceiver({ refuse: true });
      t = await createTestDb(engine, { smtpUrl: receiver.url, mailFrom: '示例市财政局 <noreply@gk.example.gov.cn>', clock: fixedClock(NOW) });
      refused = await createTestDb(engine, { smtpUrl: refusing.url });
    });
    after(async () => {
      await afterCommitSettled();
      await t.close();
      await refused.close();
      await receiver.close();
      await refusing.close();
    });

    it('delivers the letter with its Chinese subject and body intact, and records it as sent', async () => {
      const r = await sendMail(t.db, { to: 'zhang.san@example.com', subject: SUBJECT, text: TEXT, related: { type: 'request', id: 12 } });
      assert.equal(r.status, 'sent', r.error);
      assert.equal(receiver.received.length, 1);
      const letter = receiver.received[0]!;
      assert.deepEqual(letter.to, ['zhang.san@example.com']);
      assert.equal(letter.from, 'noreply@gk.example.gov.cn');
      const { headers, body } = readMessage(letter.raw);
      assert.equal(decodeHeader(headers.get('subject')!), SUBJECT);
      assert.match(decodeHeader(headers.get('from')!), /示例市财政局.*<noreply@gk\.example\.gov\.cn>/);
      assert.equal(headers.get('to'), 'zhang.san@example.com');
      assert.equal(body.replace(/\r\n/g, '\n'), TEXT);

      const [row] = await rowsOf(t.db);
      assert.ok(row);
      assert.equal(row.transport, 'smtp');
      assert.equal(row.status, 'sent');
      assert.equal(row.error, '');
      assert.equal(row.messageId, headers.get('message-id'));
      assert.equal(row.createdAt, NOW);
      assert.equal(row.sentAt, NOW, 'sent at the runtime clock’s now');
    });

    it('keeps the mailer on a handle derived with another clock', async () => {
      const later = '2027-03-02T01:00:00.000Z';
      const r = await sendMail(withClock(t.db, fixedClock(later)), { to: 'zhao.liu@example.com', subject: '补正通知', text: '请补正申请内容。' });
      assert.equal(r.status, 'sent', r.error);
      const row = (await rowsOf(t.db)).find((m) => m.id === r.id);
      assert.equal(row?.transport, 'smtp');
      assert.equal(row?.sentAt, later);
      assert.deepEqual(receiver.received.at(-1)?.to, ['zhao.liu@example.com']);
    });

    it('records a refused recipient as failed with the server’s reason, without throwing', async () => {
      const r = await sendMail(refused.db, { to: 'nobody@example.com', subject: SUBJECT, text: TEXT });
      assert.equal(r.status, 'failed');
      assert.match(r.error, /Mailbox unavailable/);
      assert.equal(refusing.received.length, 0);
      const [row] = await rowsOf(refused.db);
      assert.ok(row);
      assert.equal(row.status, 'failed');
      assert.match(row.error, /550|Mailbox unavailable/);
      assert.equal(row.sentAt, null);
    });

    it('sends a letter queued in a transaction only once it has committed', async () => {
      const before = receiver.received.length;
      const queued = await inTransaction(t.db, async (trx) => {
        const q = await queueMail(trx, { to: 'li.si@example.com', subject: '答复告知书', text: '李四：现将答复告知书送达。' });
        // Give a premature delivery every chance to happen.
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(receiver.received.length, before, 'nothing is sent while the transaction is open');
        return q;
      });
      assert.equal(queued.status, 'queued');
      await afterCommitSettled();
      assert.equal(receiver.received.length, before + 1);
      assert.equal(decodeHeader(readMessage(receiver.received.at(-1)!.raw).headers.get('subject')!), '答复告知书');
      const row = (await rowsOf(t.db)).find((m) => m.id === queued.id);
      assert.equal(row?.status, 'sent');
      assert.equal(row?.sentAt, NOW);
    });

    it('neither records nor sends a letter queued in a transaction that rolls back', async () => {
      const rows = (await rowsOf(t.db)).length;
      const sent = receiver.received.length;
      await assert.rejects(
        inTransaction(t.db, async (trx) => {
          await queueMail(trx, { to: 'wang.wu@example.com', subject: '不应发出的邮件', text: '正文' });
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      await afterCommitSettled();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(receiver.received.length, sent);
      assert.equal((await rowsOf(t.db)).length, rows);
    });

    it('records a failure of a queued letter after commit, the use case having succeeded', async () => {
      const queued = await inTransaction(refused.db, (trx) => queueMail(trx, { to: 'nobody@example.com', subject: '回执', text: '正文' }));
      assert.equal(queued.status, 'queued');
      await afterCommitSettled();
      const row = (await rowsOf(refused.db)).find((m) => m.id === queued.id);
      assert.equal(row?.status, 'failed');
      assert.match(row?.error ?? '', /Mailbox unavailable/);
    });
  });
}
