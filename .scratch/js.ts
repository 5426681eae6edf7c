import { z } from 'zod';
import { flowDocumentSchema } from '../domain/flows/flow-document.js';
const s = z.toJSONSchema(flowDocumentSchema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
console.log(JSON.stringify(s).length, Object.keys(s), JSON.stringify(s).slice(0, 400));
