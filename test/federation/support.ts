import { failureOf } from '../e2e/support';

/** What the supergraph tests share, whichever router serves the supergraph. */

/** A query only a supergraph can answer: the session from ThoughtSpot, the rest from the app. */
export const HOME = /* GraphQL */ `
  query Home {
    session {
      userName
      currentOrgId
      pinnedLiveboards {
        id
        title
      }
    }
    featuredLiveboards {
      title
    }
  }
`;
export interface Home {
  session: {
    userName: string;
    currentOrgId: number;
    pinnedLiveboards: { id: string; title: string }[];
  };
  featuredLiveboards: { title: string }[];
}

/** The only error of a failed call, and the response around it. */
export async function onlyErrorOf(promise: Promise<unknown>) {
  const failure = await failureOf(promise);
  expect(failure.errors).toHaveLength(1);
  const [error] = failure.errors;
  if (!error) throw new Error('no GraphQL error');
  return { error, failure };
}
