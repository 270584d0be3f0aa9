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

  it('requires a session secret in production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }), /32/);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).sessionSecret, 'x'.repeat(40));
  });

  it('trims a trailing slash from the public URL', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://gk.example.gov.cn/' }).publicUrl, 'https://gk.example.gov.cn');
  });
});
