import { z } from 'zod';
import { channelSchema } from '../channels.js';
import { checkTemplate, type TemplateProblem } from './check-template.js';
import { templateHardLimit } from './message-limits.js';
import type { AttributeKeys } from './template-variables.js';

/**
 * A message as the editor sends it: only its shape is checked here (an unknown channel, a body that is
 * not text or is beyond any channel's size is malformed). What is wrong inside the text is for
 * checkTemplate, which the editor shows inline, or for messageContentSchema, which refuses it.
 */
export const messageContentInputSchema = z.strictObject({
  channel: channelSchema,
  /** The template; e-mail bodies are HTML. */
  body: z.string().max(templateHardLimit),
  /** E-mail only, and required there. */
  subject: z.string().max(templateHardLimit).optional(),
});
export type MessageContent = z.infer<typeof messageContentInputSchema>;

// Problems placed inside the text carry their line and column in the message, for a reader who sees
// only the message (a 400's `errors`); the params carry them for the editor.
const placedCodes = new Set<TemplateProblem['code']>(['syntax', 'unknown_variable', 'too_long']);

function issueMessage(problem: TemplateProblem): string {
  return placedCodes.has(problem.code) ? `line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message;
}

function withTemplateChecks(attributeKeys: AttributeKeys) {
  return messageContentInputSchema.superRefine((content, ctx) => {
    for (const problem of checkTemplate(content, { attributeKeys }).problems) {
      if (problem.severity !== 'error') continue;
      const { code, start, end, line, column, variable, suggestion } = problem;
      ctx.addIssue({
        code: 'custom',
        path: [problem.field],
        message: issueMessage(problem),
        params: { problem: code, start, end, line, column, ...(variable ? { variable } : {}), ...(suggestion ? { suggestion } : {}) },
      });
    }
  });
}

/**
 * A message a flow may save: a body within its channel's limit, a subject exactly when it is an
 * e-mail, valid template syntax, and only known variables. Attribute keys are not known to a static
 * schema, so any well-formed `attributes.<key>` passes here; check against the installation's keys
 * with messageContentSchemaFor (or checkTemplate) where they are at hand.
 */
export const messageContentSchema = withTemplateChecks('any');

/** messageContentSchema, with `attributes.<key>` allowed only for the keys given. */
export function messageContentSchemaFor(attributeKeys: readonly string[]) {
  return withTemplateChecks(attributeKeys);
}
