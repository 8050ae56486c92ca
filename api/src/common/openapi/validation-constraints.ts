import { getMetadataStorage } from 'class-validator';
import { CONTROL_CHARACTERS, WHITE_SPACE } from '../validation/plain-text.js';

type Json = Record<string, any>;

export interface Rule {
  name?: string;
  type: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

/** JWTs as class-validator's isJWT accepts them: exactly three base64url segments. */
const JWT_PATTERN = '^[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*$';
/** No control characters: the PlainText rule, said as a JSON Schema pattern. */
const CONTROLS = CONTROL_CHARACTERS.source.slice(1, -1).replace(/^\^/, '');
const PLAIN_TEXT_PATTERN = `^[^${CONTROLS}]*$`;
/** The NotBlank rule: something besides white space somewhere. */
const NOT_BLANK_PATTERN = `[^${WHITE_SPACE}]`;
/** Both: one line of plain text with at least one character that is neither a control nor white space. */
const PLAIN_NOT_BLANK_PATTERN = `^[^${CONTROLS}]*[^${CONTROLS}${WHITE_SPACE}][^${CONTROLS}]*$`;
export const OBJECT_ID_PATTERN = '^[0-9a-fA-F]{24}$';

/**
 * Translates the class-validator rules of every DTO into the JSON Schema the OpenAPI document
 * shows, where @nestjs/swagger's plugin does not (it types `@IsInt()` as `number`, knows no
 * ObjectId, JWT or plain-text rule): the contract then rejects exactly what the API rejects.
 * Read from class-validator's own metadata, so a new DTO is covered without extra decorators.
 */
/** A DTO class as class-validator's metadata keys it. */
interface Target {
  readonly name: string;
}

export function rulesByClass(): Map<string, Map<string, Rule[]>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Target, Rule[]> };
  const byClass = new Map<string, Map<string, Rule[]>>();
  for (const target of storage.validationMetadatas.keys()) {
    const rules = new Map<string, Rule[]>();
    // Own rules and inherited ones (ListOrdersQueryDto extends PageQueryDto).
    for (let cls: Target | null = target; cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
      for (const rule of storage.validationMetadatas.get(cls) ?? []) {
        if (!rules.has(rule.propertyName)) rules.set(rule.propertyName, []);
        rules.get(rule.propertyName)!.push(rule);
      }
    }
    byClass.set(target.name, rules);
  }
  return byClass;
}

/** Applies one property's rules to its schema (or its items' schema for `each` rules). */
export function applyRules(schema: Json, rules: Rule[]): void {
  // PlainText and NotBlank become one pattern (a schema has one `pattern`), whatever their order.
  const named = new Set(rules.filter((rule) => !rule.each).map((rule) => rule.name));
  if (named.has('plainText') && named.has('notBlank')) schema.pattern ??= PLAIN_NOT_BLANK_PATTERN;
  for (const rule of rules) {
    const target: Json = rule.each && schema.type === 'array' ? (schema.items ??= {}) : schema;
    if (target.$ref || target.allOf || target.oneOf) continue;
    switch (rule.name) {
      case 'isInt':
        if (target.type === 'number' || target.type === undefined) target.type = 'integer';
        break;
      case 'isMongoId':
        target.type ??= 'string';
        target.pattern ??= OBJECT_ID_PATTERN;
        break;
      case 'isJwt':
        target.pattern ??= JWT_PATTERN;
        break;
      case 'isIso8601':
        target.format ??= 'date-time';
        break;
      case 'isEmail':
        target.format ??= 'email';
        break;
      case 'plainText':
        target.pattern ??= PLAIN_TEXT_PATTERN;
        break;
      case 'notBlank':
        target.pattern ??= NOT_BLANK_PATTERN;
        break;
      case 'matches': {
        const regex = rule.constraints?.[0];
        if (regex instanceof RegExp && !regex.flags.includes('i')) target.pattern ??= regex.source;
        break;
      }
    }
  }
}
