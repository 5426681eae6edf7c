import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import { vendorChaosUpdateSchema, vendorSendRequestSchema, type VendorSendResponse } from '../domain/vendor-api.js';
import { serviceUnavailable } from '../http/errors/catalogue.js';
import { jsonBody } from '../http/json-body.js';
import type { Chaos } from './chaos.js';
import type { Intake } from './intake.js';
import type { Random } from './seeded-random.js';
import { statsOf, type VendorCounters } from './stats.js';

// 1,000 e-mails of up to 50,000 characters each, with room for the envelope.
const sendBodyLimit = '64mb';

export interface VendorRoutesDeps {
  intake: Intake;
  counters: VendorCounters;
  chaos: Chaos;
  /** Draws for the transient-error rate. */
  random: Random;
}

/** The vendor's `/v1` API: send messages, read stats, read and change chaos settings. */
export function vendorRoutes(deps: VendorRoutesDeps): Router {
  const router = new Router();

  router.post('/v1/messages', jsonBody(sendBodyLimit), async (ctx) => {
    const chaos = deps.chaos.settings();
    if (chaos.latencyMs > 0) await sleep(chaos.latencyMs);
    // Refused before anything is read or stored, as a real provider's overloaded front door would.
    if (deps.chaos.outageRemainingMs() > 0) throw serviceUnavailable('The vendor is in an outage; retry later.');
    if (deps.random() < chaos.transientErrorRate) throw serviceUnavailable('The vendor is temporarily overloaded; retry shortly.');
    const { messages } = vendorSendRequestSchema.parse(ctx.request.body);
    const answer: VendorSendResponse = { results: deps.intake.accept(messages) };
    ctx.body = answer;
  });

  router.get('/v1/stats', (ctx) => {
    ctx.body = statsOf(deps.counters);
  });

  router.get('/v1/chaos', (ctx) => {
    ctx.body = deps.chaos.settings();
  });

  router.put('/v1/chaos', jsonBody('16kb'), (ctx) => {
    ctx.body = deps.chaos.update(vendorChaosUpdateSchema.parse(ctx.request.body));
  });

  return router;
}
