// One demo customer from its index: each draws from its own seeded stream, so a record depends only
// on the seed, the arguments and its position. E-mails and phones are unique by construction.

import { itemAt, createRandom, deriveSeed, weightedPicker, type Random } from './random.js';
import { productCategories } from './catalogue.js';
import { streams, type Population } from './population.js';
import { customerExternalId, type CustomerRecord, type DemoCustomerAttributes } from './records.js';
import {
  ageBands,
  cities,
  customerTags,
  demoEmailDomains,
  namingCommunities,
  surnamesByRegion,
  type AgeBand,
  type CustomerTag,
  type CustomerTier,
  type PreferredChannel,
  type Region,
} from './vocabulary.js';

const regions = Object.keys(surnamesByRegion) as Region[];
const pickCity = weightedPicker(cities.map((city) => [city, city.weight] as const));
const pickCommunity = weightedPicker(namingCommunities.map((community) => [community, community.share] as const));
const pickAgeBand = weightedPicker<AgeBand>(ageBands);
const pickDomain = weightedPicker<string>([
  [itemAt(demoEmailDomains, 0), 0.6],
  [itemAt(demoEmailDomains, 1), 0.2],
  [itemAt(demoEmailDomains, 2), 0.2],
]);
const pickYoungerChannel = weightedPicker<PreferredChannel>([['whatsapp', 0.5], ['email', 0.3], ['sms', 0.2]]);
const pickOlderChannel = weightedPicker<PreferredChannel>([['whatsapp', 0.4], ['sms', 0.38], ['email', 0.22]]);

/** Local-part shapes people choose; every one ends in the unique number. */
const emailShapes: readonly ((first: string, last: string) => string)[] = [
  (first, last) => `${first}.${last}`,
  (first, last) => `${first}${last}`,
  (first, last) => `${first}_${last}`,
  (first, last) => `${first.slice(0, 1)}${last}`,
  (first) => first,
  (first, last) => `${last}.${first}`,
];

/** Numbers for e-mails and phones: an affine map that is a bijection mod a power of ten, so no two customers share one. */
export type ContactNumbering = { emailModulus: number; emailOffset: number; phoneOffset: number };

/** The contact numbering for a seed and a population size. */
export function contactNumbering(seed: number, count: number): ContactNumbering {
  const emailModulus = 10 ** Math.max(3, String(count).length);
  return {
    emailModulus,
    emailOffset: deriveSeed(seed, streams.emailSuffix) % emailModulus,
    phoneOffset: deriveSeed(seed, streams.phone) % 1_000_000_000,
  };
}

// Multipliers coprime to 10 (so the maps are bijections), small enough that index × multiplier stays exact.
const emailMultiplier = 7_654_321;
const phoneMultiplier = 387_420_489;

const asciiSlug = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');

/** Builds the customer at a zero-based index. */
export function customerRecord(seed: number, index: number, population: Population, numbering: ContactNumbering): CustomerRecord {
  const random = createRandom(deriveSeed(seed, streams.customer, index));
  const city = pickCity(random);
  const community = pickCommunity(random);
  const first = random.pick(random.chance(0.5) ? community.female : community.male);
  const surnames = community.surnames ?? surnamesByRegion[random.chance(0.7) ? city.region : random.pick(regions)];
  const last = random.pick(surnames);

  const emailNumber = (emailMultiplier * index + numbering.emailOffset) % numbering.emailModulus;
  const localPart = random.pick(emailShapes)(asciiSlug(first), asciiSlug(last));
  const phoneDigits = String((phoneMultiplier * index + numbering.phoneOffset) % 1_000_000_000).padStart(9, '0');

  const expectedOrders = itemAt(population.expectedOrders, index);
  const tier = tierOf(itemAt(population.valueScore, index));
  const attributes = customerAttributes(random, tier, city.language);
  const favourite = itemAt(productCategories, itemAt(population.favouriteCategory, index));
  return {
    externalId: customerExternalId(index),
    name: `${first} ${last}`,
    email: `${localPart}${emailNumber}@${pickDomain(random)}`,
    phone: `+91${random.int(6, 9)}${phoneDigits}`,
    city: city.name,
    tags: tagsFor(random, attributes, expectedOrders, favourite === 'books'),
    attributes,
    // Browsing sessions: a few per order, and a couple even for people who never buy.
    visits: random.poisson(expectedOrders * (1.5 + Math.exp(0.5 * random.normal())) + 1.5),
    signedUpAt: new Date(itemAt(population.signedUpAtMs, index)).toISOString(),
  };
}

function tierOf(valueScore: number): CustomerTier {
  if (valueScore > 2.05) return 'platinum';
  if (valueScore > 1.28) return 'gold';
  if (valueScore > 0.25) return 'silver';
  return 'bronze';
}

function customerAttributes(random: Random, tier: CustomerTier, regionalLanguage: string): DemoCustomerAttributes {
  const ageBand = pickAgeBand(random);
  const older = ageBand === '45-54' || ageBand === '55+';
  const languageRoll = random.next();
  const language = regionalLanguage === 'hi' ? (languageRoll < 0.6 ? 'hi' : 'en') : languageRoll < 0.45 ? regionalLanguage : languageRoll < 0.8 ? 'en' : 'hi';
  return { tier, channel: (older ? pickOlderChannel : pickYoungerChannel)(random), language, ageBand };
}

function tagsFor(random: Random, attributes: DemoCustomerAttributes, expectedOrders: number, readsBooks: boolean): CustomerTag[] {
  const young = attributes.ageBand === '18-24';
  const working = attributes.ageBand === '25-34' || attributes.ageBand === '35-44';
  const chances: Record<CustomerTag, number> = {
    newsletter: 0.35,
    vip: attributes.tier === 'platinum' ? 0.9 : attributes.tier === 'gold' ? 0.45 : 0,
    'app-user': young ? 0.6 : working ? 0.45 : 0.25,
    student: young ? (readsBooks ? 0.55 : 0.35) : 0.02,
    corporate: working ? 0.12 : 0.04,
    returning: expectedOrders >= 2 ? 0.85 : expectedOrders >= 1 ? 0.3 : 0,
  };
  return customerTags.filter((tag) => random.chance(chances[tag]));
}
