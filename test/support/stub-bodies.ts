import { byApi } from './api';

/**
 * What a stand-in ThoughtSpot answers, shaped as the API under test shapes it, so one test proves
 * the same thing on both: the beta fails with HTTP 500 and the real status inside its envelope,
 * REST API v2.0 with the real status and its flat envelope.
 */

export interface StubAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, value: unknown): StubAnswer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** A session of this user: the beta's session info, or the v2.0 user (its required fields). */
export function sessionAnswer(user: { id: string; userName: string }): StubAnswer {
  return json(
    200,
    byApi<unknown>({
      '2.0': {
        id: user.id,
        name: user.userName,
        display_name: user.userName,
        visibility: 'SHARABLE',
      },
      beta: { userGUID: user.id, userName: user.userName },
    }),
  );
}

/** A refusal with `status` and ThoughtSpot's numeric `code`, in the API's error envelope. */
export function errorAnswer(status: number, code: number): StubAnswer {
  return byApi({
    '2.0': json(status, {
      error: {
        message: {
          code,
          incident_id_guid: '00000000-0000-4000-8000-000000000001',
          trace_id_guid: '00000000-0000-4000-8000-000000000002',
          debug: `Request failed with status code ${status}`,
        },
      },
    }),
    beta: json(500, {
      error: {
        errors: {
          message: `Request failed with status code ${status}`,
          extension: {
            code: 'UPSTREAM_FAILURE',
            exception: { upstreamResponse: { status, data: { code } } },
          },
        },
      },
    }),
  });
}
