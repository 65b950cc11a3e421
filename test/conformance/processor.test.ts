/**
 * Replays RudderStack's processor cases (processor.json) through `processorTransform`, one event per
 * call as upstream does, with the lookups answered from lookups.json. Every case must equal
 * RudderStack's output exactly unless DEVIATIONS names the docs/deviations.md rule it follows, in which
 * case the expected output with that rule applied must equal ours.
 */
import { expect, it } from 'vitest';
import { mapEvent } from '../../src/adapter/index.js';
import { ConfigResolver } from '../../src/rudder/config.js';
import { processorTransform, type RudderRequest } from '../../src/rudder/index.js';
import {
  decodeUrl,
  describeConformance,
  type LookupMock,
  ownExternalIdFirst,
  type ProcessorCase,
  type SeenLookup,
  useLookupsAndReport,
} from './support/load-cases.js';

type ExpectedOutput = RudderRequest & { userId: string };

interface Deviation {
  rule: `D${number}` | `D${number}, D${number}`;
  /** Applies the rule to a copy of RudderStack's expected output. */
  apply(expected: ExpectedOutput): void;
  /** Further evidence the rule was followed, beyond the output. */
  check?(testCase: ProcessorCase): void;
  /** The lookups made, from RudderStack's (which the rule adds to or reorders). */
  lookups?(expected: SeenLookup[], testCase: ProcessorCase): SeenLookup[];
}

/**
 * docs/deviations.md D18: `context.traits.company: "Rudderstack"` is a company name, which
 * RudderStack sends as the customer's `company` (a company id for Kustomer); here it is never sent
 * as one, and the customer is linked only to a company found by that exact name.
 */
const companyNameNotSent: Deviation = {
  rule: 'D18',
  apply(expected) {
    const json = expected.body.JSON;
    if ('company' in json) delete json.company;
  },
  check(testCase) {
    const options = new ConfigResolver().resolve(testCase.input.destination).mapper;
    const plan = mapEvent(testCase.input.message, options);
    expect(plan).toMatchObject({ company: { by: 'name', value: 'Rudderstack' } });
  },
};

/** The customer Test 11 names by kustomerId, as Kustomer would answer it: linked to no company. */
const NAMED = 'https://api.kustomerapp.com/v1/customers/abcd1234';
const NAMED_MOCK: LookupMock = {
  method: 'GET',
  url: NAMED,
  status: 200,
  body: { data: { type: 'customer', id: 'abcd1234', attributes: {} } },
};

/** D18, and D22: the identify finds no customer, and its own externalId was looked up first. */
const newCustomer: Deviation = {
  ...companyNameNotSent,
  rule: 'D18, D22',
  lookups: (expected, testCase) => ownExternalIdFirst(expected, testCase.input.message),
};

const DEVIATIONS: Record<string, Deviation> = {
  'processor/Test 0': newCustomer,
  'processor/Test 9': newCustomer,
  'processor/Test 10': companyNameNotSent,
  // docs/deviations.md D20: a customer named by kustomerId is read once for the company it is
  // linked to, which its update must carry.
  'processor/Test 11': {
    ...companyNameNotSent,
    rule: 'D18, D20',
    lookups: (expected) => [{ method: 'GET', url: NAMED }, ...expected],
  },
  'processor/Test 6': {
    // docs/deviations.md D3: without advancedTransform, a meta value that is neither number nor string is dropped
    // (Kustomer rejects it) and named in the plan's warnings.
    rule: 'D3',
    apply(expected) {
      const json = expected.body.JSON;
      if ('event' in json && json.event.meta !== undefined) delete json.event.meta['reg_8-821x'];
    },
    check(testCase) {
      const options = new ConfigResolver().resolve(testCase.input.destination).mapper;
      const plan = mapEvent(testCase.input.message, options);
      expect(plan.warnings.join('\n')).toContain('reg_8-821x');
    },
  },
};

describeConformance('processorTransform against RudderStack processor cases', (data) => {
  const { lookups, report } = useLookupsAndReport(
    'processor',
    [...data.lookups, NAMED_MOCK],
    data.processor.map((c) => c.name),
  );

  it('covers the 14 upstream processor cases', () => {
    expect(data.processor).toHaveLength(14);
  });

  const rows = data.processor.map((testCase) => {
    const deviation = DEVIATIONS[testCase.name];
    const claim = deviation
      ? `matches RudderStack except ${deviation.rule}`
      : 'matches RudderStack';
    return { title: `${testCase.name} (${testCase.description}) ${claim}`, testCase, deviation };
  });

  for (const { title, testCase, deviation } of rows) {
    it(title, async () => {
      if ('error' in testCase.expected) {
        throw new Error(`${testCase.name} expects an error: this harness compares outputs only`);
      }
      const [element] = await processorTransform([structuredClone(testCase.input)]);

      const expectedOutput = structuredClone(testCase.expected.output);
      deviation?.apply(expectedOutput);
      const expectedElement = {
        output: expectedOutput,
        statusCode: testCase.expected.statusCode,
        ...(testCase.input.metadata === undefined ? {} : { metadata: testCase.input.metadata }),
      };
      expect(element).toEqual(expectedElement);
      if (deviation !== undefined) {
        expect(element).not.toEqual({ ...expectedElement, output: testCase.expected.output });
        deviation.check?.(testCase);
      }

      report.set(testCase.name, 'output matches; lookups differ from derived.lookups');
      expect(lookups.unmatched).toEqual([]);
      const expectedLookups = testCase.derived.lookups.map(({ method, url }) => ({
        method,
        url: decodeUrl(url),
      }));
      expect(lookups.calls).toEqual(
        deviation?.lookups?.(expectedLookups, testCase) ?? expectedLookups,
      );
      if (deviation?.rule.startsWith('D18')) {
        // D18: the company is looked up by its exact name (none is found: the case has none).
        expect(lookups.companyLookups.map((seen) => seen.url)).toEqual([
          'https://api.kustomerapp.com/v1/companies?filter=Rudderstack',
        ]);
      }

      report.set(testCase.name, deviation ? `deviation ${deviation.rule}` : 'match');
    });
  }
});
