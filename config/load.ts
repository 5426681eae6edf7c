import type { z } from 'zod';

/** The environment was invalid; `problems` lists each variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(
    readonly role: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${role}:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once with a role's schema, or throws a ConfigError naming every bad variable. */
export function loadConfig<Schema extends z.ZodType>(
  role: string,
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  });
  throw new ConfigError(role, problems);
}
