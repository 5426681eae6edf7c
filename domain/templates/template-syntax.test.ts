import { describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateSegment, type VariableSegment } from './template-syntax.js';
import { createLocator } from './text-position.js';

function variables(source: string): VariableSegment[] {
  return parseTemplate(source).segments.filter((segment): segment is VariableSegment => segment.kind === 'variable');
}

function problemsOf(source: string): Array<{ message: string; start: number; line: number; column: number }> {
  return parseTemplate(source).problems.map(({ message, start, line, column }) => ({ message, start, line, column }));
}

describe('parseTemplate', () => {
  it('splits the reference example into text, a variable and text', () => {
    const { segments, problems } = parseTemplate("Hi {{name}}, here's 10% off on your next order!");
    expect(problems).toEqual([]);
    expect(segments).toEqual<TemplateSegment[]>([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', name: 'name', fallback: null, start: 3, end: 11, line: 1, column: 4 },
      { kind: 'text', text: ", here's 10% off on your next order!" },
    ]);
  });

  it('tolerates whitespace inside the braces and around the fallback', () => {
    expect(variables('{{   first_name   }}')[0]).toMatchObject({ name: 'first_name', fallback: null });
    expect(variables('{{first_name|there}}')[0]).toMatchObject({ name: 'first_name', fallback: 'there' });
    expect(variables('{{ first_name | dear friend }}')[0]).toMatchObject({ name: 'first_name', fallback: 'dear friend' });
  });

  it('reads an empty fallback as "nothing" and keeps later pipes in the fallback', () => {
    expect(variables('{{ city | }}')[0]?.fallback).toBe('');
    expect(variables('{{ city | a | b }}')[0]?.fallback).toBe('a | b');
  });

  it('accepts dotted attribute names', () => {
    expect(variables('Tier: {{ attributes.tier }} {{attributes.loyalty-level}}').map((variable) => variable.name)).toEqual([
      'attributes.tier',
      'attributes.loyalty-level',
    ]);
  });

  it('turns \\{{ into a literal {{ and leaves other backslashes and stray }} alone', () => {
    const { segments, problems } = parseTemplate('Use \\{{name}} to greet; a\\b }} ok {{name}}');
    expect(problems).toEqual([]);
    expect(segments[0]).toEqual({ kind: 'text', text: 'Use {{name}} to greet; a\\b }} ok ' });
    expect(segments[1]).toMatchObject({ kind: 'variable', name: 'name' });
  });

  it('reports an unclosed {{ at its position and keeps it as text', () => {
    const { segments, problems } = parseTemplate('Hi {{name, welcome');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ start: 3, end: 5, line: 1, column: 4 });
    expect(problems[0]?.message).toContain('not closed');
    expect(segments).toEqual([{ kind: 'text', text: 'Hi {{name, welcome' }]);
  });

  it('reports a {{ closed only on a later line as unclosed, pointing at the line where it was opened', () => {
    const found = problemsOf('Hello {{name\nand welcome }} back');
    expect(found).toEqual([expect.objectContaining({ start: 6, line: 1, column: 7 })]);
  });

  it('reports the outer brace of nested braces as unclosed and still reads the inner variable', () => {
    const { segments, problems } = parseTemplate('{{ first {{name}} }}');
    expect(problems.map((problem) => problem.start)).toEqual([0]);
    expect(segments.filter((segment) => segment.kind === 'variable')).toHaveLength(1);
  });

  it('reports empty names and names with characters a variable cannot have', () => {
    expect(problemsOf('{{}} and {{ | x }}').map((problem) => problem.message)).toEqual([
      expect.stringContaining('needs a name'),
      expect.stringContaining('needs a name'),
    ]);
    const bad = problemsOf('{{ first name }} {{{name}}} {{na$me}}');
    expect(bad.map((problem) => problem.message)).toEqual([
      expect.stringContaining('"first name" is not a variable name'),
      expect.stringContaining('"{name" is not a variable name'),
      expect.stringContaining('"na$me" is not a variable name'),
    ]);
  });

  it('places variables on multi-line templates by 1-based line and column', () => {
    const source = 'Hi {{name}},\n\nYour order:\n  {{ last_order_date }} in {{city}}';
    expect(variables(source).map(({ name, line, column, start, end }) => ({ name, line, column, start, end }))).toEqual([
      { name: 'name', line: 1, column: 4, start: 3, end: 11 },
      { name: 'last_order_date', line: 4, column: 3, start: 28, end: 49 },
      { name: 'city', line: 4, column: 28, start: 53, end: 61 },
    ]);
    expect(source.slice(28, 49)).toBe('{{ last_order_date }}');
  });

  it('parses text without variables as one segment, and an empty template as none', () => {
    expect(parseTemplate('Plain text').segments).toEqual([{ kind: 'text', text: 'Plain text' }]);
    expect(parseTemplate('')).toEqual({ segments: [], problems: [] });
  });

  it('stays fast on hostile input: thousands of unclosed braces', () => {
    const hostile = '{{ '.repeat(30_000);
    const started = performance.now();
    expect(parseTemplate(hostile).problems).toHaveLength(30_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('createLocator', () => {
  it('maps offsets to 1-based lines and columns', () => {
    const locate = createLocator('ab\ncd\n\nef');
    expect(locate(0)).toEqual({ line: 1, column: 1 });
    expect(locate(2)).toEqual({ line: 1, column: 3 });
    expect(locate(3)).toEqual({ line: 2, column: 1 });
    expect(locate(7)).toEqual({ line: 4, column: 1 });
    expect(locate(9)).toEqual({ line: 4, column: 3 });
  });
});
