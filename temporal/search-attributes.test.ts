import { Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { testServices } from '../test/helpers/services.js';
import { ensureSearchAttributes } from './ensure-search-attributes.js';
import { drumbeatSearchAttributes, searchAttributeCliArgs } from './search-attributes.js';

describe('Drumbeat search attributes', () => {
  it('are registered on the server with their types, and ensuring them again adds nothing', async () => {
    const { temporalAddress, temporalNamespace } = testServices();
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      await ensureSearchAttributes(connection, temporalNamespace);
      const listed = await connection.operatorService.listSearchAttributes({ namespace: temporalNamespace });
      const custom = Object.keys(listed.customAttributes ?? {});
      for (const key of drumbeatSearchAttributes) expect(custom).toContain(key.name);
      expect(await ensureSearchAttributes(connection, temporalNamespace)).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('are passed to the dev server as NAME=Type flags', () => {
    expect(searchAttributeCliArgs()).toEqual([
      '--search-attribute', 'CampaignId=Keyword',
      '--search-attribute', 'CampaignStatus=Keyword',
      '--search-attribute', 'CampaignName=Text',
      '--search-attribute', 'CampaignTags=KeywordList',
    ]);
  });
});
