import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qrSvg } from './qr.js';

describe('QR codes', () => {
  it('draws an SVG for a page address', () => {
    const svg = qrSvg('https://gk.example.gov.cn/fgj/zfxxgk/content/42');
    assert.match(svg, /^<svg[^>]+role="img"/);
    assert.match(svg, /<path d="M/);
  });

  it('never throws for an address too long to encode', () => {
    const long = `https://gk.example.gov.cn/search?q=${'政'.repeat(3000)}`;
    const svg = qrSvg(long);
    assert.match(svg, /^<svg/, 'falls back to the address without its query');
    assert.equal(qrSvg(`https://gk.example.gov.cn/${'a'.repeat(5000)}`), '');
  });
});
