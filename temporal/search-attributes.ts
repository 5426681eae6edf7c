import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes let ops find a campaign's workflow in the Temporal UI by business facts.
// Pure data: workflows, the worker and service provisioning all import it.

export const CampaignId = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const CampaignStatus = defineSearchAttributeKey('CampaignStatus', SearchAttributeType.KEYWORD);
export const CampaignName = defineSearchAttributeKey('CampaignName', SearchAttributeType.TEXT);
export const CampaignTags = defineSearchAttributeKey('CampaignTags', SearchAttributeType.KEYWORD_LIST);

/** Every search attribute Drumbeat's workflows set; registered on the server before workers start. */
export const drumbeatSearchAttributes = [CampaignId, CampaignStatus, CampaignName, CampaignTags];

const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
};

/** The attributes as `temporal server start-dev --search-attribute NAME=Type` arguments. */
export function searchAttributeCliArgs(): string[] {
  return drumbeatSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}
