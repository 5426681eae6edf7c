import type { z } from 'zod';
import type { FieldError } from './problem.js';

/** Turns zod issues into field errors with dotted paths, prefixed by where the input came from. */
export function fieldErrorsFromZod(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return { path: path || '(root)', message: issue.message };
  });
}
