import { describe, expect, it } from 'vitest';
import { checkTemplate, maxReportedProblems } from './check-template.js';
import type { MessageContent } from './message-content.js';

const keys = { attributeKeys: ['tier', 'points'] };
const sms = (body: string): MessageContent => ({ channel: 'sms', body });
const codes = (content: MessageContent): string[] => checkTemplate(content, keys).problems.map((problem) => problem.code);

describe('checkTemplate', () => {
  it('passes the reference example with an SMS estimate of one segment', () => {
    const check = checkTemplate(sms("Hi {{name}}, here's 10% off on your next order!"), keys);
    expect(check).toEqual({ ok: true, problems: [], sms: { encoding: 'gsm7', units: 51, segments: 1, perSegment: 160, estimated: true } });
  });

  it('reports unknown variables by name and position on a multi-line template, suggesting the likely one', () => {
    const body = 'Hi {{ first_name | there }},\nyour {{frist_name}} order\n\n  ships to {{ town }} and {{attributes.teir}}';
    const check = checkTemplate({ channel: 'email', subject: 'Order', body }, keys);
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      {
        code: 'unknown_variable',
        severity: 'error',
        message: 'unknown variable "frist_name"; did you mean "first_name"?',
        field: 'body',
        start: 34,
        end: 48,
        line: 2,
        column: 6,
        variable: 'frist_name',
        suggestion: 'first_name',
      },
      expect.objectContaining({ variable: 'town', line: 4, column: 12, message: 'unknown variable "town"' }),
      expect.objectContaining({
        variable: 'attributes.teir',
        line: 4,
        column: 27,
        suggestion: 'attributes.tier',
        message: 'unknown variable "attributes.teir" (no customer attribute "teir" is known); did you mean "attributes.tier"?',
      }),
    ]);
    expect(body.slice(34, 48)).toBe('{{frist_name}}');
  });

  it('refuses attributes that were not declared or discovered, and accepts them once they are', () => {
    expect(codes(sms('{{attributes.shoe_size}}'))).toEqual(['unknown_variable']);
    expect(checkTemplate(sms('{{attributes.shoe_size}}'), { attributeKeys: ['shoe_size'] }).ok).toBe(true);
    expect(checkTemplate(sms('{{attributes.shoe_size}}'), { attributeKeys: 'any' }).ok).toBe(true);
  });

  it('reports syntax problems with the code syntax', () => {
    const check = checkTemplate(sms('Hi {{name\nBye {{}}'), keys);
    expect(check.problems.map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: 'syntax', line: 1, column: 4 },
      { code: 'syntax', line: 2, column: 5 },
    ]);
  });

  it('requires a subject for e-mail, refuses one elsewhere, and checks its variables too', () => {
    expect(codes({ channel: 'email', body: '<p>Hi</p>' })).toEqual(['subject_required']);
    expect(codes({ channel: 'email', body: '<p>Hi</p>', subject: '  ' })).toEqual(['subject_required']);
    expect(codes({ channel: 'whatsapp', body: 'Hi', subject: 'Hello' })).toEqual(['subject_not_allowed']);
    const check = checkTemplate({ channel: 'email', body: '{{nmae}}', subject: 'For {{frist_name}}' }, keys);
    expect(check.problems.map(({ field, variable }) => ({ field, variable }))).toEqual([
      { field: 'subject', variable: 'frist_name' },
      { field: 'body', variable: 'nmae' },
    ]);
    expect(codes({ channel: 'email', body: 'x', subject: 'x'.repeat(201) })).toEqual(['too_long']);
  });

  it('refuses an empty body and one beyond its channel limit, placing the overflow', () => {
    expect(codes(sms('   '))).toEqual(['empty']);
    const long = checkTemplate({ channel: 'whatsapp', body: `${'a'.repeat(4_000)}\n${'b'.repeat(200)}` }, keys);
    expect(long.problems).toEqual([expect.objectContaining({ code: 'too_long', start: 4_096, end: 4_201, line: 2, column: 96 })]);
    expect(checkTemplate({ channel: 'email', subject: 's', body: 'a'.repeat(4_097) }, keys).ok).toBe(true);
  });

  it('warns above one SMS segment and refuses more than ten, estimating with typical values or the longer fallback', () => {
    const one = checkTemplate(sms(`${'a'.repeat(154)} {{first_name}}`), keys);
    expect(one).toMatchObject({ ok: true, problems: [], sms: { units: 160, segments: 1 } });
    const two = checkTemplate(sms(`${'a'.repeat(155)} {{first_name}}`), keys);
    expect(two.ok).toBe(true);
    expect(two.sms).toMatchObject({ units: 161, segments: 2, estimated: true });
    expect(two.problems).toEqual([expect.objectContaining({ code: 'sms_multipart', severity: 'warning' })]);

    const fallback = checkTemplate(sms(`${'a'.repeat(150)}{{ first_name | my dearest friend }}`), keys);
    expect(fallback.sms?.units).toBe(167);

    const eleven = checkTemplate(sms(`${'ж'.repeat(700)}`), keys);
    expect(eleven.ok).toBe(false);
    expect(eleven.sms).toMatchObject({ encoding: 'ucs2', segments: 11 });
    expect(eleven.problems.map((problem) => problem.code)).toEqual(['sms_too_long']);
  });

  it('estimates no SMS cost for other channels', () => {
    expect(checkTemplate({ channel: 'whatsapp', body: 'Hi {{name}}' }, keys).sms).toBeUndefined();
  });

  it(`lists at most ${maxReportedProblems} problems, still answering not ok`, () => {
    const check = checkTemplate(sms('{{x}}'.repeat(300)), keys);
    expect(check.ok).toBe(false);
    expect(check.problems).toHaveLength(maxReportedProblems);
  });
});
