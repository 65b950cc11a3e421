/**
 * Times the four pure mappers of the built package on realistic events, shaped like the RudderStack
 * conformance inputs (web and mobile SDK messages with full contexts). Budget: ≤ 10 µs of CPU per
 * event for every mapper on a 2-core machine (run.ts checks it).
 */
import { built } from './built.js';
import { type BenchOptions, type BenchResult, bench } from './harness.js';

/** What the mappers take, whatever the public type's name. */
type Message = Parameters<typeof built.mapIdentify>[0];

const webContext = {
  app: {
    name: 'RudderLabs JavaScript SDK',
    build: '1.0.0',
    version: '1.1.11',
    namespace: 'com.rudderlabs.javascript',
  },
  os: { name: '', version: '' },
  locale: 'en-US',
  screen: { density: 2 },
  library: { name: 'RudderLabs JavaScript SDK', version: '1.1.11' },
  campaign: {},
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.16; rv:84.0) Gecko/20100101 Firefox/84.0',
};

const identify: Message = {
  type: 'identify',
  sentAt: '2021-01-03T17:02:53.195Z',
  userId: 'user-1842',
  anonymousId: '97c46c81-3140-456d-b2a9-690d70aaca35',
  channel: 'web',
  context: {
    ...webContext,
    traits: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+12345578900',
      birthday: '1990-12-10T08:00:00.000Z',
      address: { street: '24 Dovers Lane', city: 'Miami', state: 'Florida', postalCode: '1890001' },
      userName: 'ada47',
      company: { name: 'Analytical Engines', id: 'c-1' },
      createdAt: '2015-04-17T12:37:42.146Z',
      lastActivityAt: '2016-04-17T12:37:42.146Z',
      lastSeenAt: '2017-04-17T12:37:42.146Z',
      avatar: 'https://example.com/avatars/ada.png',
      gender: 'female',
      tags: ['happy', 'satisfied', 'vip'],
      website: 'www.example.com',
      socials: [
        {
          verified: true,
          userid: '100',
          type: 'twitter',
          username: '@ada',
          url: 'http://twitter.com/ada',
        },
      ],
      customObject: { planStr: 'gold', seatsNum: 12, renewedAt: '2024-01-01T00:00:00Z' },
    },
    externalId: [{ type: 'kustomerId', id: 'abcd1234' }],
  },
  messageId: '2116ef8c-efc3-4ca4-851b-02ee60dad6ff',
  integrations: { All: true },
  originalTimestamp: '2021-01-03T17:02:53.193Z',
};

const track: Message = {
  type: 'track',
  event: 'Order Completed',
  userId: 'user@doe',
  anonymousId: '97c46c81-3140-456d-b2a9-690d70aaca35',
  context: { ...webContext, traits: { email: 'doe@example.com' } },
  properties: {
    YearServicedNum: 211,
    region: 'strapis',
    total: 2000,
    currency: 'USD',
    rush: true,
    items: [{ sku: 'a-1', qty: 2 }],
    orderedAt: '2024-03-01T10:00:00.000Z',
    kustomerTrackingId: 'sahetwiac',
    kustomerSessionId: '63nsa22',
  },
  messageId: 'b7b24f86-f7bf-46d8-b2b4-ccafc080239c',
  originalTimestamp: '2023-01-10T15:32:56.409Z',
};

const page: Message = {
  type: 'page',
  name: 'Cart Viewed',
  category: 'Cart',
  userId: 'user@doe',
  anonymousId: '97c46c81-3140-456d-b2a9-690d70aaca35',
  context: webContext,
  properties: {
    url: 'http://morkey.in',
    path: '/cart',
    title: 'miphone',
    search: 'MI',
    category: 'Cart',
    referrer: 'morkey',
    domain: 'morkey.com',
    kustomer_session_id: 'kSession',
    kustomer_tracking_id: 'ktracking',
  },
};

const screen: Message = {
  type: 'screen',
  event: 'Test-Event-Screen',
  userId: 'Testc',
  anonymousId: '9c6bd77ea9da3e68',
  context: {
    os: { name: 'Android', version: '10' },
    device: { id: '9c6bd77ea9da3e68', model: 'Redmi K20 Pro', manufacturer: 'Xiaomi' },
    locale: 'en-IN',
    network: { wifi: true, carrier: 'airtel', cellular: true, bluetooth: false },
    timezone: 'Asia/Kolkata',
    sessionId: 'hsad522',
  },
  properties: {
    hasAccount: 'true',
    YearSelectedNum: 1801,
    originalServing: '2021-01-25T15:32:56.409Z',
  },
};

/** The mappers' entry points, from whichever build exports them. */
export type Mappers = Pick<typeof built, 'mapIdentify' | 'mapTrack' | 'mapPage' | 'mapScreen'>;

const advanced = { advancedTransform: true, setIdentityEmail: true };

/** Each mapper on its event, with the options most deployments run (RudderStack's UI turns advancedTransform on). */
export const MAPPER_CASES: readonly (readonly [string, (m: Mappers) => unknown])[] = [
  ['mapIdentify', (m) => m.mapIdentify(identify)],
  ['mapTrack', (m) => m.mapTrack(track)],
  ['mapTrack (advancedTransform)', (m) => m.mapTrack(track, advanced)],
  ['mapPage', (m) => m.mapPage(page)],
  ['mapScreen', (m) => m.mapScreen(screen)],
];

export function benchMappers(options: BenchOptions = {}): BenchResult[] {
  return [
    ...MAPPER_CASES.map(([name, run]) => bench({ name, fn: () => run(built) }, options)),
    // Not a mapper: what copying the same identify event costs here, to read the figures against.
    bench(
      { name: 'reference: structuredClone(identify)', fn: () => structuredClone(identify) },
      options,
    ),
  ];
}
