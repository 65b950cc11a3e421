/**
 * Replays RudderStack's router case (router.json) through `routerTransform`, all inputs in one
 * call, with the lookups answered from lookups.json. Outputs must equal RudderStack's exactly unless
 * DEVIATIONS names the docs/deviations.md rule the case follows.
 */
import { expect, it } from 'vitest';
import { type RouterOutput, type RudderRequest, routerTransform } from '../../src/rudder/index.js';
import {
  decodeUrl,
  describeConformance,
  ownExternalIdFirst,
  useLookupsAndReport,
} from './support/load-cases.js';

interface Deviation {
  rule: `D${number}` | `D${number}, D${number}`;
  apply(expected: RouterOutput[]): void;
  /** docs/deviations.md D22: the identify's own externalId is looked up first. */
  ownExternalIdFirst?: boolean;
}

/** A rule applied here must name its D-rule. */
const DEVIATIONS: Record<string, Deviation> = {
  // docs/deviations.md D18: the identify's company name is never sent as the customer's company id;
  // D22: its own externalId is looked up first.
  'router/Test 0': {
    rule: 'D18, D22',
    ownExternalIdFirst: true,
    apply(expected) {
      for (const element of expected) {
        if (!('batchedRequest' in element)) continue;
        for (const request of [element.batchedRequest].flat() as RudderRequest[]) {
          if ('company' in request.body.JSON) delete request.body.JSON.company;
        }
      }
    },
  },
};

describeConformance('routerTransform against RudderStack router cases', (data) => {
  const { lookups, report } = useLookupsAndReport(
    'router',
    data.lookups,
    data.router.map((c) => c.name),
  );

  const rows = data.router.map((testCase) => {
    const deviation = DEVIATIONS[testCase.name];
    const claim = deviation
      ? `matches RudderStack except ${deviation.rule}`
      : 'matches RudderStack';
    return { title: `${testCase.name} (${testCase.description}) ${claim}`, testCase, deviation };
  });

  for (const { title, testCase, deviation } of rows) {
    it(title, async () => {
      const response = await routerTransform(structuredClone(testCase.input));

      const expected = structuredClone(testCase.expected.output);
      deviation?.apply(expected);
      expect(response).toEqual({ output: expected });
      if (deviation !== undefined) {
        expect(response).not.toEqual({ output: testCase.expected.output });
      }

      // Upstream's `assertRouterOutput`: each input jobId appears exactly once across the outputs,
      // and every statusCode is a number in [200, 600).
      const jobIds = response.output.flatMap((element) => element.metadata.map((m) => m?.jobId));
      const inputJobIds = testCase.input.input.map((event) => event.metadata?.jobId);
      expect([...jobIds].sort()).toEqual([...inputJobIds].sort());
      for (const element of response.output) {
        expect(element.statusCode).toBeGreaterThanOrEqual(200);
        expect(element.statusCode).toBeLessThan(600);
      }

      report.set(testCase.name, 'output matches; lookups differ from derived.lookups');
      expect(lookups.unmatched).toEqual([]);
      // Ordered by jobId: the case has one identify, so the lookups' order is its plan's order.
      const expectedLookups = Object.keys(testCase.derived.lookupsByJobId)
        .sort((a, b) => Number(a) - Number(b))
        .flatMap((jobId) => {
          const seen = (testCase.derived.lookupsByJobId[jobId] ?? []).map(({ method, url }) => ({
            method,
            url: decodeUrl(url),
          }));
          if (!deviation?.ownExternalIdFirst) return seen;
          const event = testCase.input.input.find((e) => String(e.metadata?.jobId) === jobId);
          return ownExternalIdFirst(seen, event?.message);
        });
      expect(lookups.calls).toEqual(expectedLookups);

      report.set(testCase.name, deviation ? `deviation ${deviation.rule}` : 'match');
    });
  }
});
