import { z } from 'zod';
import { customerIdSchema } from '../customers.js';
import { templateProblemCodes } from './check-template.js';
import { messageContentInputSchema } from './message-content.js';

// What the template API answers with and accepts: shared by the server (validation, OpenAPI) and the
// web app's message editor (token picker, inline problems, preview).

/** `POST /api/templates/check`. */
export const templateCheckRequestSchema = z.strictObject({ content: messageContentInputSchema });

/** A problem of a message, placed in its field (offsets 0-based, line and column 1-based). */
export const templateProblemSchema = z.object({
  code: z.enum(templateProblemCodes),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  field: z.enum(['body', 'subject']),
  start: z.number().int(),
  end: z.number().int(),
  line: z.number().int(),
  column: z.number().int(),
  variable: z.string().optional(),
  suggestion: z.string().optional(),
});

/** The SMS cost of a text. */
export const smsLengthSchema = z.object({
  encoding: z.enum(['gsm7', 'ucs2']),
  units: z.number().int(),
  segments: z.number().int(),
  perSegment: z.number().int(),
});

/** A message's problems; for SMS, its cost with typical values in place of the variables. */
export const templateCheckSchema = z.object({
  ok: z.boolean().describe('No problem is an error (warnings may remain)'),
  problems: z.array(templateProblemSchema),
  sms: smsLengthSchema.extend({ estimated: z.literal(true) }).optional(),
});
export type TemplateCheckView = z.infer<typeof templateCheckSchema>;

/** `POST /api/templates/preview`. */
export const templatePreviewRequestSchema = z.strictObject({
  content: messageContentInputSchema,
  customerId: customerIdSchema.optional().describe('Whom to preview for; without it, the most recently added customer'),
});

/** The message as one customer would get it, and the message's problems. */
export const templatePreviewSchema = z.object({
  customer: z.object({
    /** Null for the made-up example customer. */
    id: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    sample: z.boolean().describe('True when there are no customers yet and a made-up one stands in'),
  }),
  rendered: z.object({
    body: z.string(),
    subject: z.string().optional(),
    missing: z.array(z.string()).describe('Variables this customer has no value for and that have no fallback; rendered as nothing'),
    sms: smsLengthSchema.optional(),
  }),
  problems: z.array(templateProblemSchema),
});
export type TemplatePreview = z.infer<typeof templatePreviewSchema>;

/** `GET /api/templates/variables`: what the token picker offers. */
export const templateVariablesSchema = z.object({
  variables: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      description: z.string(),
      source: z.enum(['builtin', 'attribute']),
      example: z.string(),
    }),
  ),
});
export type TemplateVariables = z.infer<typeof templateVariablesSchema>;
