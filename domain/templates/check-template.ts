import { escapeForChannel, type MessageField } from './escape-for-channel.js';
import type { MessageContent } from './message-content.js';
import { bodyMaxLength, smsMaxSegments, subjectMaxLength } from './message-limits.js';
import { measureSms, type SmsLength } from './sms-length.js';
import { parseTemplate, type TemplateSegment } from './template-syntax.js';
import { createVariableRegistry, type TemplateOptions, type VariableRegistry } from './template-variables.js';
import { createLocator } from './text-position.js';

// Everything the editor tells a marketer about a message before it is saved, in one pass: syntax,
// unknown variables (with a guess at what was meant), lengths, the subject an e-mail needs, and for SMS
// what it will probably cost. The same function backs the zod schema a flow's message node uses, so
// the editor and the save refuse exactly the same things.

/** Every kind of problem a message can have. */
export const templateProblemCodes = [
  'syntax',
  'unknown_variable',
  'empty',
  'too_long',
  'subject_required',
  'subject_not_allowed',
  'sms_multipart',
  'sms_too_long',
] as const;
export type TemplateProblemCode = (typeof templateProblemCodes)[number];

/** Errors stop a save; warnings (a multipart SMS) are worth knowing but may be intended. */
export type ProblemSeverity = 'error' | 'warning';

/** One thing to tell the marketer, placed in the field: offsets 0-based (`end` exclusive), line and column 1-based. */
export interface TemplateProblem {
  code: TemplateProblemCode;
  severity: ProblemSeverity;
  message: string;
  field: MessageField;
  start: number;
  end: number;
  line: number;
  column: number;
  /** The variable an `unknown_variable` problem is about. */
  variable?: string;
  /** The known variable it probably meant. */
  suggestion?: string;
}

/** The SMS cost of a template with typical values in place of its variables. */
export interface SmsEstimate extends SmsLength {
  estimated: true;
}

/** A message's problems; `ok` when none of them is an error. */
export interface TemplateCheck {
  ok: boolean;
  problems: TemplateProblem[];
  /** SMS only. */
  sms?: SmsEstimate;
}

/** More problems than this are not listed: the editor cannot show more usefully, and the answer stays small. */
export const maxReportedProblems = 100;

const fieldOrder: Record<MessageField, number> = { subject: 0, body: 1 };
const channelNames = { sms: 'SMS', whatsapp: 'WhatsApp', email: 'e-mail' } as const;
const messageNouns = { sms: 'an SMS', whatsapp: 'a WhatsApp message', email: 'an e-mail' } as const;

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function wholeField(source: string): Pick<TemplateProblem, 'start' | 'end' | 'line' | 'column'> {
  return { start: 0, end: source.length, line: 1, column: 1 };
}

/** Syntax and unknown-variable problems of one field; returns its segments for the length estimate. */
function checkVariables(source: string, field: MessageField, registry: VariableRegistry, problems: TemplateProblem[]): TemplateSegment[] {
  const { segments, problems: syntax } = parseTemplate(source);
  for (const problem of syntax) problems.push({ code: 'syntax', severity: 'error', field, ...problem });
  for (const segment of segments) {
    if (segment.kind !== 'variable' || registry.reader(segment.name)) continue;
    const { name, start, end, line, column } = segment;
    const suggestion = registry.suggest(name);
    const attribute = name.startsWith('attributes.') ? ` (no customer attribute "${name.slice('attributes.'.length)}" is known)` : '';
    problems.push({
      code: 'unknown_variable',
      severity: 'error',
      message: `unknown variable "${name}"${attribute}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      field,
      start,
      end,
      line,
      column,
      variable: name,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  return segments;
}

function checkLength(source: string, field: MessageField, limit: number, what: string, problems: TemplateProblem[]): void {
  if (source.length <= limit) return;
  problems.push({
    code: 'too_long',
    severity: 'error',
    message: `${what} is ${formatCount(source.length)} characters; at most ${formatCount(limit)} are allowed`,
    field,
    start: limit,
    end: source.length,
    ...createLocator(source)(limit),
  });
}

/**
 * The text an SMS template probably becomes: each variable replaced by the longer of its typical
 * value and its fallback, so the estimate errs long rather than short.
 */
function typicalSms(segments: readonly TemplateSegment[], registry: VariableRegistry): string {
  return segments
    .map((segment) => {
      if (segment.kind === 'text') return segment.text;
      const typical = registry.reader(segment.name) ? escapeForChannel(registry.example(segment.name), 'sms') : '';
      const fallback = segment.fallback ?? '';
      return fallback.length > typical.length ? fallback : typical;
    })
    .join('');
}

function checkSmsCost(body: string, estimate: SmsEstimate, problems: TemplateProblem[]): void {
  if (estimate.segments <= 1) return;
  const cost = `about ${estimate.segments} SMS per customer (${estimate.encoding === 'ucs2' ? 'Unicode: 70' : '160'} characters fit in one)`;
  problems.push(
    estimate.segments > smsMaxSegments
      ? { code: 'sms_too_long', severity: 'error', message: `${cost}; at most ${smsMaxSegments} are allowed`, field: 'body', ...wholeField(body) }
      : { code: 'sms_multipart', severity: 'warning', message: `${cost}; each is billed`, field: 'body', ...wholeField(body) },
  );
}

/** Every problem of a message: syntax, unknown variables, lengths, subject, and the estimated SMS cost. */
export function checkTemplate(content: MessageContent, options: TemplateOptions): TemplateCheck {
  const registry = createVariableRegistry(options.attributeKeys);
  const { channel, body, subject } = content;
  const problems: TemplateProblem[] = [];

  if (body.trim() === '') problems.push({ code: 'empty', severity: 'error', message: 'write the message', field: 'body', ...wholeField(body) });
  checkLength(body, 'body', bodyMaxLength[channel], messageNouns[channel], problems);
  const segments = checkVariables(body, 'body', registry, problems);

  if (channel === 'email') {
    if (subject === undefined || subject.trim() === '') {
      problems.push({ code: 'subject_required', severity: 'error', message: 'an e-mail needs a subject', field: 'subject', ...wholeField(subject ?? '') });
    } else {
      checkLength(subject, 'subject', subjectMaxLength, 'the subject', problems);
      checkVariables(subject, 'subject', registry, problems);
    }
  } else if (subject !== undefined) {
    problems.push({
      code: 'subject_not_allowed',
      severity: 'error',
      message: `only e-mails have a subject; ${channelNames[channel]} messages have a body only`,
      field: 'subject',
      ...wholeField(subject),
    });
  }

  let sms: SmsEstimate | undefined;
  if (channel === 'sms') {
    sms = { ...measureSms(typicalSms(segments, registry)), estimated: true };
    // A body over the limit is already refused; its part count would only say so again.
    if (body.length <= bodyMaxLength.sms) checkSmsCost(body, sms, problems);
  }
  const ok = !problems.some((problem) => problem.severity === 'error');
  problems.sort((a, b) => fieldOrder[a.field] - fieldOrder[b.field] || a.start - b.start);
  return { ok, problems: problems.slice(0, maxReportedProblems), ...(sms ? { sms } : {}) };
}
