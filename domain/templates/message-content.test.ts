import { describe, expect, it } from 'vitest';
import { messageContentInputSchema, messageContentSchema, messageContentSchemaFor } from './message-content.js';

function issues(input: unknown, schema = messageContentSchema): Array<{ path: PropertyKey[]; message: string }> {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

describe('messageContentSchema', () => {
  it('accepts a valid message of each channel', () => {
    expect(messageContentSchema.parse({ channel: 'sms', body: 'Hi {{name}}' })).toEqual({ channel: 'sms', body: 'Hi {{name}}' });
    expect(issues({ channel: 'whatsapp', body: 'Hi {{ first_name | there }}' })).toEqual([]);
    expect(issues({ channel: 'email', subject: 'Hello {{first_name}}', body: '<p>Hi</p>' })).toEqual([]);
  });

  it('names template problems under body and subject with their line and column', () => {
    expect(issues({ channel: 'email', subject: 'For {{nam}}', body: 'Hi\n  {{frist_name}} {{name' })).toEqual([
      { path: ['subject'], message: 'line 1, column 5: unknown variable "nam"; did you mean "name"?' },
      { path: ['body'], message: 'line 2, column 3: unknown variable "frist_name"; did you mean "first_name"?' },
      { path: ['body'], message: 'line 2, column 18: "{{" is not closed: end the variable with "}}" on the same line (write \\{{ for a literal "{{")' },
    ]);
  });

  it('carries each problem and its place in the issue params for the editor', () => {
    const result = messageContentSchema.safeParse({ channel: 'sms', body: 'Hi {{frist_name}}' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      code: 'custom',
      params: { problem: 'unknown_variable', start: 3, end: 17, line: 1, column: 4, variable: 'frist_name', suggestion: 'first_name' },
    });
  });

  it('refuses an empty body, a body over the channel limit, and a subject where none belongs or missing where one must be', () => {
    expect(issues({ channel: 'sms', body: '' }).map((issue) => issue.path)).toEqual([['body']]);
    expect(issues({ channel: 'sms', body: 'a'.repeat(1_601) })[0]?.message).toMatch(/^line 1, column 1601: an SMS is 1,601 characters/);
    expect(issues({ channel: 'sms', body: 'Hi', subject: 'x' })).toEqual([{ path: ['subject'], message: 'only e-mails have a subject; SMS messages have a body only' }]);
    expect(issues({ channel: 'email', body: 'Hi' })).toEqual([{ path: ['subject'], message: 'an e-mail needs a subject' }]);
  });

  it('keeps a multipart SMS (a warning) but refuses one estimated at more than ten parts', () => {
    expect(issues({ channel: 'sms', body: 'a'.repeat(400) })).toEqual([]);
    expect(issues({ channel: 'sms', body: 'ж'.repeat(700) })[0]?.message).toMatch(/about 11 SMS/);
  });

  it('refuses unknown channels and keys as malformed', () => {
    expect(issues({ channel: 'pigeon', body: 'Hi' }).map((issue) => issue.path)).toEqual([['channel']]);
    expect(issues({ channel: 'sms', body: 'Hi', $set: {} }).length).toBe(1);
    expect(messageContentInputSchema.safeParse({ channel: 'sms', body: 'x'.repeat(100_001) }).success).toBe(false);
  });

  it('accepts any well-formed attribute statically, and only known ones when given the keys', () => {
    expect(issues({ channel: 'sms', body: '{{attributes.tier}}' })).toEqual([]);
    expect(issues({ channel: 'sms', body: '{{attributes.tier}}' }, messageContentSchemaFor(['points']))).toHaveLength(1);
    expect(issues({ channel: 'sms', body: '{{attributes.tier}}' }, messageContentSchemaFor(['tier']))).toEqual([]);
  });
});
