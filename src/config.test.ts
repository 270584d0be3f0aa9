import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for the embedded database', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, 'sqlite:./data/gongkai.db');
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'http://localhost:3000');
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: '99999', PUBLIC_URL: 'gk.example', TRUST_PROXY: 'maybe' });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      const text = e.problems.join('\n');
      for (const name of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'TRUST_PROXY']) assert.match(text, new RegExp(name));
    }
  });

  it('requires a session secret and an audit key in production', () => {
    const key = { AUDIT_KEY: 'a'.repeat(40), DATA_KEY: 'd'.repeat(40) };
    assert.throws(() => loadConfig({ NODE_ENV: 'production', ...key }), /SESSION_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short', ...key }), /32/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }), /AUDIT_KEY: required/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), AUDIT_KEY: 'a'.repeat(40) }), /DATA_KEY: required/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), AUDIT_KEY: 'short' }), /AUDIT_KEY: must be at least 32/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), ...key });
    assert.equal(c.sessionSecret, 'x'.repeat(40));
    assert.equal(c.auditKey, 'a'.repeat(40));
    assert.deepEqual(c.developmentSecrets, []);
  });

  it('uses fixed development secrets outside production, and names them for the start-up warning', () => {
    const c = loadConfig({});
    assert.deepEqual(c.developmentSecrets, ['SESSION_SECRET', 'AUDIT_KEY', 'DATA_KEY']);
    assert.deepEqual(loadConfig({ AUDIT_KEY: 'b'.repeat(32) }).developmentSecrets, ['SESSION_SECRET', 'DATA_KEY']);
  });

  it('trims a trailing slash from the public URL', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://gk.example.gov.cn/' }).publicUrl, 'https://gk.example.gov.cn');
  });

  it('sends no mail unless SMTP_URL names a server, and checks it', () => {
    assert.equal(loadConfig({}).smtpUrl, null);
    assert.equal(loadConfig({ SMTP_URL: 'smtps://noreply%40gk.example.gov.cn:s3cret@smtp.example.gov.cn:465' }).smtpUrl, 'smtps://noreply%40gk.example.gov.cn:s3cret@smtp.example.gov.cn:465');
    assert.equal(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl, 'smtp://127.0.0.1:2525');
    for (const bad of ['smtp.example.gov.cn', 'http://smtp.example.gov.cn', 'smtp://', 'smtp://host:99999']) {
      assert.throws(() => loadConfig({ SMTP_URL: bad }), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('SMTP_URL:')), bad);
    }
  });

  it('does not repeat a password from a bad URL in its message', () => {
    try {
      loadConfig({ SMTP_URL: 'smtp://noreply:s3cret/word@smtp.example.gov.cn:99999' });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /SMTP_URL/);
      assert.doesNotMatch(e.message, /s3cret/);
    }
  });

  it('takes the sender from MAIL_FROM, with or without a name', () => {
    assert.equal(loadConfig({}).mailFrom, '"政府信息公开平台" <noreply@localhost>');
    for (const ok of ['示例市财政局 <noreply@gk.example.gov.cn>', '"示例市财政局" <noreply@gk.example.gov.cn>', 'noreply@gk.example.gov.cn']) {
      assert.equal(loadConfig({ MAIL_FROM: ok }).mailFrom, ok);
    }
    for (const bad of ['示例市财政局', '示例市财政局 <>', '<noreply>', 'a@b.cn, c@d.cn', 'a@b.cn\r\nBcc: x@y.cn', '平台 <a@b.cn> <c@d.cn>']) {
      assert.throws(() => loadConfig({ MAIL_FROM: bad }), /MAIL_FROM/, bad);
    }
  });
});
