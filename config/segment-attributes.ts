import { z } from 'zod';
import { attributeKeyPattern, type AttributeType } from '../domain/segments/field-registry.js';

const attributeTypes: readonly AttributeType[] = ['number', 'string', 'boolean'];

/**
 * `SEGMENT_ATTRIBUTES`: custom attributes declared up front as `key:type` pairs, comma-separated
 * (`tier:string,vip:boolean,score:number`). Declared attributes are offered to the segment builder
 * even before any customer carries them, and their type wins over the one discovered in the data.
 */
export const segmentAttributesSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const declared = new Map<string, AttributeType>();
    for (const item of (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '')) {
      const [key = '', type = '', ...rest] = item.split(':').map((part) => part.trim());
      if (!attributeKeyPattern.test(key) || !attributeTypes.includes(type as AttributeType) || rest.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${item}": expected key:type, the key letters, digits, _ or - (starting with a letter or _), the type number, string or boolean`,
        });
        continue;
      }
      declared.set(key, type as AttributeType);
    }
    return [...declared].map(([key, type]) => ({ key, type }));
  });
