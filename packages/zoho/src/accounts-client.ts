/**
 * The two requests the Zoho CRM SDKs send to the accounts server (`POST <accounts URL>` with a
 * form: `refresh_token` and `authorization_code` grants), sent by the bridge instead of the SDK
 * so that they can run under core's refresh lease. Answers are read as the SDKs read them
 * (`OAuthToken.parseResponse`): Zoho answers HTTP 200 with `{ error }` on failure.
 */

/** OAuth error codes after which the same credential can never succeed. */
const PERMANENT_ERRORS = new Set([
  'invalid_code', // Zoho: the grant or refresh token is unknown, used or revoked
  'invalid_client',
  'invalid_client_secret',
  'invalid_grant',
  'unauthorized_client',
  'access_denied',
]);

/** A failed token request: what the accounts server said, never a token value. */
export class AccountsError extends Error {
  override readonly name = 'AccountsError';
  /** The OAuth error code the server answered (`invalid_code`, ...), if any. */
  readonly error: string | undefined;
  /** True when retrying with the same credential cannot succeed. */
  readonly permanent: boolean;

  constructor(message: string, error: string | undefined, permanent: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.error = error;
    this.permanent = permanent;
  }
}

/** What a successful token request gave. */
export interface IssuedTokens {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly refreshToken: string | undefined;
  readonly apiDomain: string | undefined;
}

/** The form of one token request (the SDKs' field names). */
export type TokenRequestForm =
  | {
      grantType: 'refresh_token';
      clientId: string;
      clientSecret: string;
      refreshToken: string;
    }
  | {
      grantType: 'authorization_code';
      clientId: string;
      clientSecret: string;
      code: string;
      redirectUrl: string | undefined;
    };

function formBody(form: TokenRequestForm): URLSearchParams {
  const body = new URLSearchParams({
    client_id: form.clientId,
    client_secret: form.clientSecret,
    grant_type: form.grantType,
  });
  if (form.grantType === 'refresh_token') body.set('refresh_token', form.refreshToken);
  else {
    if (form.redirectUrl !== undefined) body.set('redirect_uri', form.redirectUrl);
    body.set('code', form.code);
  }
  return body;
}

/** `expires_in` as the SDKs read it: milliseconds when `expires_in_sec` is present, else seconds. */
function lifetimeMs(answer: Record<string, unknown>): number {
  const expiresIn = Number(answer.expires_in);
  const ms = 'expires_in_sec' in answer ? expiresIn : expiresIn * 1000;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** Sends one token request to `accountsUrl`; rejects with an {@link AccountsError}. */
export async function requestTokens(
  accountsUrl: string,
  form: TokenRequestForm,
  signal: AbortSignal,
): Promise<IssuedTokens> {
  let text: string;
  try {
    const response = await fetch(accountsUrl, { method: 'POST', body: formBody(form), signal });
    text = await response.text();
  } catch (error) {
    throw new AccountsError('the accounts server could not be reached', undefined, false, error);
  }
  let answer: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) throw new TypeError('not an object');
    answer = parsed as Record<string, unknown>;
  } catch {
    throw new AccountsError(
      'the accounts server answered something that is not JSON',
      undefined,
      false,
    );
  }
  const accessToken = answer.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    // Only a short, plain error code is repeated: the answer is not ours to print whole.
    const code =
      typeof answer.error === 'string' && ERROR_CODE.test(answer.error) ? answer.error : undefined;
    throw new AccountsError(
      `the accounts server refused the ${form.grantType} request${code === undefined ? '' : ` (${code})`}`,
      code,
      code !== undefined && PERMANENT_ERRORS.has(code),
    );
  }
  const refreshToken = answer.refresh_token;
  const apiDomain = answer.api_domain;
  return {
    accessToken,
    expiresAt: Date.now() + lifetimeMs(answer),
    refreshToken:
      typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined,
    apiDomain: typeof apiDomain === 'string' && apiDomain !== '' ? apiDomain : undefined,
  };
}
