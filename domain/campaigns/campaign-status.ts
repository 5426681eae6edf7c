import { z } from 'zod';

/**
 * A campaign's life: `draft` (editable, never launched) → `scheduled` (launched to start at a time) →
 * `running` ⇄ `paused` → `completed` | `cancelled` | `failed`. Only the workflow moves it past launch.
 */
export const campaignStatuses = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export const campaignStatusSchema = z.enum(campaignStatuses);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

/** Statuses after which nothing more happens to a launch. */
export const finishedCampaignStatuses: readonly CampaignStatus[] = ['completed', 'cancelled', 'failed'];

/** True once the campaign's workflow has ended. */
export function isFinished(status: CampaignStatus): boolean {
  return finishedCampaignStatuses.includes(status);
}
