import { describe, expect, it } from 'vitest';
import { escapeForChannel } from './escape-for-channel.js';

describe('escapeForChannel', () => {
  it('escapes HTML in e-mail bodies so a value cannot inject markup', () => {
    expect(escapeForChannel('<script>alert("x")</script>', 'email')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeForChannel(`Tom & Jerry's`, 'email')).toBe('Tom &amp; Jerry&#39;s');
  });

  it('leaves e-mail subjects as plain text but on one line, so a value cannot add a header', () => {
    expect(escapeForChannel('<b>Tom & Jerry</b>', 'email', 'subject')).toBe('<b>Tom & Jerry</b>');
    expect(escapeForChannel('Mohit\r\nBcc: victim@example.com', 'email', 'subject')).toBe('Mohit Bcc: victim@example.com');
  });

  it('neutralises WhatsApp formatting markers so a name cannot bold, italicise, strike or code text', () => {
    const escaped = escapeForChannel('*bold* _italic_ ~strike~ `code`', 'whatsapp');
    expect(escaped).not.toMatch(/[*_~`]/);
    expect(escaped).toBe('∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ');
  });

  it('collapses line breaks in SMS and WhatsApp values to one space', () => {
    expect(escapeForChannel('Mohit\n\n  Sharma', 'sms')).toBe('Mohit Sharma');
    expect(escapeForChannel('a\r\nb\rc\u2028d', 'whatsapp')).toBe('a b c d');
    expect(escapeForChannel('line\nbreak', 'email')).toBe('line\nbreak');
  });

  it('drops control characters and bidirectional overrides on every channel, and turns tabs into spaces', () => {
    const hostile = 'Mo\u0000hi\u0007t\u001b[31m\u007f\u0085 \u202Egnp.exe\tX';
    expect(escapeForChannel(hostile, 'sms')).toBe('Mohit[31m gnp.exe X');
    expect(escapeForChannel(hostile, 'email')).toBe('Mohit[31m gnp.exe X');
    expect(escapeForChannel(hostile, 'whatsapp')).toBe('Mohit[31m gnp.exe X');
  });

  it('leaves ordinary values untouched', () => {
    for (const channel of ['sms', 'email', 'whatsapp'] as const) expect(escapeForChannel('Priya Nair, Kochi 😀', channel)).toBe('Priya Nair, Kochi 😀');
  });
});
