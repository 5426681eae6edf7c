import type { Channel } from '../channels.js';
import { escapeForChannel, type MessageField } from './escape-for-channel.js';
import type { MessageContent } from './message-content.js';
import { measureSms, type SmsLength } from './sms-length.js';
import type { TemplateCustomer } from './template-customer.js';
import { parseTemplate } from './template-syntax.js';
import { createVariableRegistry, type TemplateOptions, type ValueReader } from './template-variables.js';

// One engine for preview and send: the editor's preview and a million-recipient campaign both go
// through compileTemplate, so what the marketer saw is what customers get. A template is parsed once;
// rendering a customer is then a walk over a short list of strings and readers.
//
// Rendering is lenient on purpose (check first with checkTemplate): syntax mistakes stay as the text
// they were, and an unknown variable renders like one without a value.

/** A message for one customer. */
export interface RenderedMessage {
  body: string;
  /** E-mail only. */
  subject?: string;
  /** Variables that had no value and no fallback, in order of first use; each rendered as nothing. */
  missing: string[];
  /** SMS only: the cost of this very text. */
  sms?: SmsLength;
}

/** Renders one prepared template for a customer. */
export type MessageRenderer = (customer: TemplateCustomer) => RenderedMessage;

interface Slot {
  name: string;
  fallback: string | null;
  read: ValueReader;
}
type Part = string | Slot;
type CompiledField = (customer: TemplateCustomer, missing: string[]) => string;

const unknownVariable: ValueReader = () => null;

function compileField(source: string, channel: Channel, field: MessageField, readerOf: (name: string) => ValueReader | undefined): CompiledField {
  const parts: Part[] = parseTemplate(source).segments.map((segment) =>
    segment.kind === 'text' ? segment.text : { name: segment.name, fallback: segment.fallback, read: readerOf(segment.name) ?? unknownVariable },
  );
  if (parts.every((part) => typeof part === 'string')) {
    const constant = parts.join('');
    return () => constant;
  }
  return (customer, missing) => {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = part.read(customer);
      if (value !== null) text += escapeForChannel(value, channel, field);
      // A fallback is the marketer's own text: inserted as written, like the rest of the template.
      else if (part.fallback !== null) text += part.fallback;
      else if (!missing.includes(part.name)) missing.push(part.name);
    }
    return text;
  };
}

/** Parses a message once and returns a renderer to call per customer; deterministic and pure. */
export function compileTemplate(content: MessageContent, options: TemplateOptions): MessageRenderer {
  const registry = createVariableRegistry(options.attributeKeys);
  const readerOf = (name: string): ValueReader | undefined => registry.reader(name);
  const body = compileField(content.body, content.channel, 'body', readerOf);
  const subject = content.channel === 'email' && content.subject !== undefined ? compileField(content.subject, 'email', 'subject', readerOf) : undefined;
  const isSms = content.channel === 'sms';
  return (customer) => {
    const missing: string[] = [];
    const rendered: RenderedMessage = { body: body(customer, missing), missing };
    if (subject) rendered.subject = subject(customer, missing);
    if (isSms) rendered.sms = measureSms(rendered.body);
    return rendered;
  };
}

/** One message for one customer; for many customers, compile once with compileTemplate. */
export function renderMessage(content: MessageContent, customer: TemplateCustomer, options: TemplateOptions): RenderedMessage {
  return compileTemplate(content, options)(customer);
}
