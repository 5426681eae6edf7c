import type { FlowDocument } from './flow-document.js';

// Flows to start from: shown in the editor's "new campaign" picker, used in the README and by tests
// (every one of them passes validateFlow with only the built-in fields and variables). Positions lay
// them out left to right on the canvas.

const column = (step: number, row = 0): { x: number; y: number } => ({ x: step * 260, y: row * 160 });

/** Win-back: big spenders gone quiet get an SMS; three days later, those who have not ordered get 10% off. */
export const winBackFlow: FlowDocument = {
  schemaVersion: 1,
  nodes: [
    {
      id: 'audience',
      type: 'audience',
      label: 'Big spenders, inactive 90 days',
      position: column(0),
      source: {
        kind: 'rule',
        rule: {
          op: 'and',
          rules: [
            { field: 'spend', operator: 'gt', value: 5000 },
            { field: 'lastActive', operator: 'olderThanDays', value: 90 },
          ],
        },
      },
    },
    {
      id: 'miss-you',
      type: 'message',
      label: 'We miss you',
      position: column(1),
      content: { channel: 'sms', body: 'Hi {{first_name | there}}, we miss you! Come and see what is new in store this week.' },
    },
    {
      id: 'wait-3-days',
      type: 'wait',
      label: 'Wait 3 days',
      position: column(2),
      wait: { kind: 'duration', seconds: 3 * 86_400 },
      quietHours: { start: '21:00', end: '09:00', timeZone: 'Asia/Kolkata' },
    },
    { id: 'ordered', type: 'split', label: 'Ordered since?', position: column(3), split: { kind: 'converted' } },
    {
      id: 'discount',
      type: 'message',
      label: '10% off',
      position: column(4, 1),
      content: { channel: 'sms', body: '{{first_name | Hi}}, here is 10% off your next order with code COMEBACK10. Valid for 7 days.' },
    },
    { id: 'won-back', type: 'tag', label: 'Tag won-back', position: column(4, -1), action: 'add', tag: 'won-back' },
    { id: 'exit', type: 'exit', label: 'Done', position: column(5) },
  ],
  edges: [
    { id: 'e-audience', from: 'audience', to: 'miss-you' },
    { id: 'e-miss-you', from: 'miss-you', to: 'wait-3-days' },
    { id: 'e-wait', from: 'wait-3-days', to: 'ordered' },
    { id: 'e-converted', from: 'ordered', to: 'won-back', branch: 'converted' },
    { id: 'e-not-converted', from: 'ordered', to: 'discount', branch: 'notConverted' },
    { id: 'e-won-back', from: 'won-back', to: 'exit' },
    { id: 'e-discount', from: 'discount', to: 'exit' },
  ],
};

/** A/B test: a saved segment split 45/45/10 between two e-mail subjects and a holdout that gets nothing. */
export const abTestFlow: FlowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'audience', type: 'audience', label: 'Newsletter subscribers', position: column(0), source: { kind: 'segment', segmentId: '65f0c0ffee0000000000a001' } },
    {
      id: 'ab',
      type: 'split',
      label: 'A/B with holdout',
      position: column(1),
      split: {
        kind: 'random',
        branches: [
          { label: 'A', percent: 45 },
          { label: 'B', percent: 45 },
          { label: 'holdout', percent: 10 },
        ],
      },
    },
    {
      id: 'email-a',
      type: 'message',
      label: 'Subject A',
      position: column(2, -1),
      content: { channel: 'email', subject: 'New arrivals, picked for you', body: '<p>Hi {{first_name | there}},</p><p>Our new collection is in.</p>' },
    },
    {
      id: 'email-b',
      type: 'message',
      label: 'Subject B',
      position: column(2, 0),
      content: { channel: 'email', subject: '{{first_name | You}}, your early look is here', body: '<p>Hi {{first_name | there}},</p><p>Our new collection is in.</p>' },
    },
    { id: 'exit', type: 'exit', position: column(3) },
  ],
  edges: [
    { from: 'audience', to: 'ab' },
    { from: 'ab', to: 'email-a', branch: 'A' },
    { from: 'ab', to: 'email-b', branch: 'B' },
    { from: 'ab', to: 'exit', branch: 'holdout' },
    { from: 'email-a', to: 'exit' },
    { from: 'email-b', to: 'exit' },
  ],
};

/** Fallback: VIPs get an e-mail; whoever it has not reached within a day gets an SMS at their best hour. */
export const emailWithSmsFallbackFlow: FlowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'vips', type: 'audience', label: 'VIPs', position: column(0), source: { kind: 'rule', rule: { field: 'tags', operator: 'hasAny', value: ['vip'] } } },
    {
      id: 'invite',
      type: 'message',
      label: 'Private sale invite',
      position: column(1),
      content: { channel: 'email', subject: 'Your private sale invitation', body: '<p>Dear {{name | customer}},</p><p>Our private sale opens on Friday.</p>' },
    },
    { id: 'reached', type: 'split', label: 'Delivered?', position: column(2), split: { kind: 'deliveryOutcome', messageNodeId: 'invite', timeoutSeconds: 86_400 } },
    { id: 'best-hour', type: 'wait', label: 'Best hour', position: column(3, 1), wait: { kind: 'bestHour', withinHours: 24, fallbackHour: 10, timeZone: 'Asia/Kolkata' } },
    { id: 'sms', type: 'message', label: 'SMS invite', position: column(4, 1), content: { channel: 'sms', body: 'Hi {{first_name | there}}, our private sale opens Friday. Check your inbox for your invite.' } },
    { id: 'exit', type: 'exit', position: column(5) },
  ],
  edges: [
    { from: 'vips', to: 'invite' },
    { from: 'invite', to: 'reached' },
    { from: 'reached', to: 'exit', branch: 'delivered' },
    { from: 'reached', to: 'best-hour', branch: 'notDelivered' },
    { from: 'best-hour', to: 'sms' },
    { from: 'sms', to: 'exit' },
  ],
};

/** The examples with a title, as the editor's picker lists them. */
export const exampleFlows: ReadonlyArray<{ id: string; title: string; flow: FlowDocument }> = [
  { id: 'win-back', title: 'Win back big spenders', flow: winBackFlow },
  { id: 'ab-test', title: 'A/B test with a holdout', flow: abTestFlow },
  { id: 'email-sms-fallback', title: 'E-mail with an SMS fallback', flow: emailWithSmsFallbackFlow },
];
