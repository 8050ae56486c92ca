import { applyRules, type Rule } from './validation-constraints.js';

const rule = (name: string): Rule => ({ name, type: 'customValidation', propertyName: 'name' });

/** The pattern as a client's regex engine would run it. */
const accepts = (schema: { pattern?: string }, value: string) => new RegExp(schema.pattern!, 'u').test(value);

describe('applyRules: PlainText and NotBlank in the contract', () => {
  it.each([
    ['PlainText then NotBlank', ['plainText', 'notBlank']],
    ['NotBlank then PlainText', ['notBlank', 'plainText']],
  ])('%s become one pattern that rejects what the validators reject', (_, names) => {
    const schema: { type: string; pattern?: string } = { type: 'string' };
    applyRules(schema, names.map(rule));
    for (const value of ['Soup', '  Soup of the day ', '\u{1f355}']) expect(accepts(schema, value)).toBe(true);
    for (const value of ['', ' ', '\r', '\u00a0\u3000', '\ufeff', 'Soup\nof the day', 'A\u202eB'])
      expect(accepts(schema, value)).toBe(false);
  });

  it('NotBlank alone only asks for something besides white space', () => {
    const schema: { type: string; pattern?: string } = { type: 'string' };
    applyRules(schema, [rule('notBlank')]);
    expect(accepts(schema, 'a\nb')).toBe(true);
    expect(accepts(schema, ' \t\u2028 ')).toBe(false);
  });
});
