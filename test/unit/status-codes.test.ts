import { describe, expect, it } from 'vitest';
import {
  documentStatusCodes,
  documentStatusNames,
  templateStatusCodes,
  templateStatusNames,
} from '../../src/resources/front-matter.js';

describe('status codes of front matter ↔ the API', () => {
  it('reads back every status pull writes, for documents and templates', () => {
    expect(documentStatusNames).toEqual({ D: 'draft', O: 'published', C: 'done' });
    expect(templateStatusNames).toEqual({ O: 'active', C: 'inactive' });
    for (const [name, code] of Object.entries(documentStatusCodes))
      expect(documentStatusNames[code]).toBe(name);
    for (const [name, code] of Object.entries(templateStatusCodes))
      expect(templateStatusNames[code]).toBe(name);
  });
});
